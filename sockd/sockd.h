/*
 * sockd, the socket daemon: a fresh image that init executes as
 * common/proto.h says.
 */
#ifndef DINIT_SOCKD_H
#define DINIT_SOCKD_H

#define SOCKD_CONN_MAX		256	/* connections open at once (fair.h) */
#define SOCKD_WAIT_MAX		192	/* of them, -wait ones */
/*
 * RLIMIT_NOFILE: room for the connections, and the kernel's bound on the
 * fds its uid may have in flight, counted over every process of that uid
 * (other containers' sockds as nobody too).
 */
#define SOCKD_NOFILE		1024
#define SOCKD_READ_MS		2000	/* to send the request line */
#define SOCKD_REPLY_MS		10000	/* for a listing to make progress */

/* sockd's main: argv is dinit-sockd -sockd UID GID. */
int	sockd_main(int, char **) __attribute__((noreturn));

#endif
