/*
 * One record with file descriptors attached (SCM_RIGHTS), both ways.
 * Used by sockd to pass a client's socket and by init to take it.
 */
#ifndef DINIT_FDPASS_H
#define DINIT_FDPASS_H

#include <sys/types.h>

#define FDPASS_MAX	4	/* fds one record may carry */

/* Send len bytes of buf and nfds fds as one record; as sendmsg(2). */
ssize_t	fd_send(int, const void *, size_t, const int *, int);

/*
 * Receive one record into buf (len bytes at most) and the fds that came
 * with it, at most max, into fds[*nfds].  Returns the record's length (0
 * is an empty record or the end), or -1 with errno: EMSGSIZE if the
 * record, its control data or its fds did not fit, EBADMSG for control
 * data that is not SCM_RIGHTS.  On -1 every fd that came is closed.
 * fds arrive close-on-exec.
 */
ssize_t	fd_recv(int, void *, size_t, int *, int, int *);

#endif
