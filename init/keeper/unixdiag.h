/*
 * What the kernel says about a unix socket, through sock_diag(7).  Only
 * the kernel can tell a connection accepted on init's socket from a
 * client's own end bound to the same name in another mount namespace:
 * getsockname() reports the name, not the file.
 *
 * Each call opens a NETLINK_SOCK_DIAG socket, asks, and closes it.
 * Since Linux 6.0 sock_diag sees only the sockets of the caller's network
 * namespace, and an accepted socket belongs to its client's: a client in
 * another one is refused (-1, ENOENT).  Without unix_diag in the kernel
 * every query fails with ENOENT too (EPROTONOSUPPORT without sock_diag at
 * all, ENOPROTOOPT before SO_COOKIE, Linux 4.12).
 */
#ifndef DINIT_UNIXDIAG_H
#define DINIT_UNIXDIAG_H

#include <sys/types.h>

#include <stdint.h>

/* What sock_diag said about one unix socket. */
struct unixdiag {
	uint32_t	 ino;		/* the socket's own inode number */
	uint32_t	 cookie[2];	/* and its SO_COOKIE */
	uint8_t		 type;		/* SOCK_STREAM, ... */
	uint8_t		 state;		/* TCP_ESTABLISHED, TCP_LISTEN, ... */
	int		 bound;		/* to a file; then vfs_* are set */
	dev_t		 vfs_dev;	/* the file's st_dev */
	uint32_t	 vfs_ino;	/* the low 32 bits of its st_ino */
};

/*
 * The file the unix socket fd is bound to, as stat(2) would give its
 * st_dev and st_ino; the kernel reports only the low 32 bits of the
 * inode number.  1 if bound to a file, 0 if not (unbound, abstract, not
 * a unix socket), -1 with errno if the kernel could not answer.
 */
int	unixdiag_bound(int, dev_t *, ino_t *);

/*
 * 1 if fd is the server end of a stream connection accepted on the
 * listening socket whose file has st_dev dev and st_ino ino, 0 if it is
 * any other socket or no socket, -1 with errno if the kernel could not
 * answer.  Treat -1 as a refusal.
 *
 * Strictly, 1 says that fd is a connected stream socket sharing that
 * file.  Only the socket bound to a file and the connections accepted
 * on it share it, so that means "accepted on it" when the file is a
 * listening socket's: take dev and ino from the listening socket itself
 * (unixdiag_bound), or from stat(2) of its path right after bind(2).
 */
int	unixdiag_is_accepted_on(int, dev_t, ino_t);

/*
 * The kernel's answer to the request with sequence number seq: n bytes
 * as received into buf, which is aligned as a struct nlmsghdr.  0 with
 * d filled in, or -1 with errno: the kernel's, from an NLMSG_ERROR, or
 * EPROTO for anything malformed.
 */
int	unixdiag_parse(void *, size_t, uint32_t, struct unixdiag *);

#endif
