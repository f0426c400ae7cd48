/*
 * sockd, the socket daemon: a fresh image that init executes as
 * common/proto.h says.
 */
#ifndef DINIT_SOCKD_H
#define DINIT_SOCKD_H

#define SOCKD_CONN_MAX		128	/* connections open at once */
#define SOCKD_READ_MS		2000	/* to send the request line */
#define SOCKD_REPLY_MS		10000	/* for init to answer */

/* sockd's main: argv is dinit-sockd -sockd UID GID. */
int	sockd_main(int, char **) __attribute__((noreturn));

#endif
