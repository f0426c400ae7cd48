/*
 * An attached submission (-wait): the client's fds 0, 1 and 2, taken
 * from the bundle it made.
 */
#ifndef DINIT_ATTACH_H
#define DINIT_ATTACH_H

#include <sys/types.h>

struct peer;

/*
 * The three fds in the bundle, into io[]: 0, or -1 with errno if the
 * bundle is not the peer's or does not hold exactly one record of one
 * byte and three fds.  Every fd that came is closed on -1.
 */
int	attach_take(int, const struct peer *, int *);

/*
 * -t: 0 if the three fds are one pty slave, open for reading and
 * writing, that the submitter (the uid) made; -1 with ENOTTY if not.
 */
int	attach_tty(const int *, uid_t);

#endif
