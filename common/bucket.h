/*
 * A token bucket: at most burst at once, rate more a second.  It starts
 * full.  The one way dinit bounds how often something may happen: a
 * uid's submissions and refusal lines, sockd's log lines.
 */
#ifndef DINIT_BUCKET_H
#define DINIT_BUCKET_H

#include <time.h>

struct bucket {
	double		 tokens;
	struct timespec	 last;
	int		 used;		/* tokens and last are set */
};

int	bucket_take(struct bucket *, double, double);
int	bucket_wait_ms(const struct bucket *, double, double);

#endif
