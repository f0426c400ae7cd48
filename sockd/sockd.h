#ifndef DINIT_SOCKD_H
#define DINIT_SOCKD_H

#include "opts.h"

struct sandbox;

#define SOCKD_CONN_MAX		128	/* connections open at once */
#define SOCKD_READ_MS		2000	/* to send the request line */
#define SOCKD_REPLY_MS		10000	/* for init to answer */

void	sockd_main(int, int, const struct sandbox *)
	    __attribute__((noreturn));
int	submit_main(const struct config *);

#endif
