/*
 * The client's identity, from the kernel, and only from a socket that
 * is a client's: anything else sockd might pass (its listening socket,
 * its end of the socket pair, a client's own end of a connection to a
 * root listener) would report a listener's credentials, root's.
 *
 * Two things make sure it is a connection accepted on dinit's socket.
 * The kernel says so (sock_diag: the socket is a connected stream that
 * shares the listening socket's file).  Where the kernel cannot see the
 * socket (the client is in another network namespace, where accepted
 * sockets live), the names stand: ours on this end, none on the other.
 * That matters since sockd may receive fds (a -wait client's bundle,
 * init/attach.c), so a compromised sockd could pass one a colluding
 * client made: the connecting end of its own connection to a listener,
 * whose peer has a name.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "init/keeper/peer.h"
#include "init/keeper/unixdiag.h"

static int
sockopt_is(int fd, int opt, int want)
{
	socklen_t	 len = sizeof(int);
	int		 v;

	return getsockopt(fd, SOL_SOCKET, opt, &v, &len) == 0 &&
	    len == sizeof(int) && v == want;
}

/*
 * A connected AF_UNIX stream, not listening, with our listener's name
 * (an accepted socket shares it) and a peer without one.  Anyone may
 * bind a socket by that name in another mount namespace (and, where
 * listen.c bound ours beside its path and renamed it there, at that
 * name, free since, in the same directory); if it is the connecting
 * end of a connection, its peer is the listener it reached, whose name
 * (a path, or the abstract one listen(2) gives an unbound socket)
 * getpeername(2) returns, and whose credentials, not the client's,
 * SO_PEERCRED would report.  A client's own end is unnamed: dinit's
 * clients never bind it.
 */
static int
is_client(int fd, const struct listener *l)
{
	struct sockaddr_un	 sun;
	socklen_t		 len = sizeof(sun);

	if (!sockopt_is(fd, SO_DOMAIN, AF_UNIX) ||
	    !sockopt_is(fd, SO_TYPE, SOCK_STREAM) ||
	    !sockopt_is(fd, SO_ACCEPTCONN, 0))
		return 0;
	memset(&sun, 0, sizeof(sun));
	if (getsockname(fd, (struct sockaddr *)&sun, &len) == -1 ||
	    len != l->namelen || len > sizeof(sun) ||
	    len <= offsetof(struct sockaddr_un, sun_path) ||
	    memcmp(&sun, &l->name, len) != 0)
		return 0;
	len = sizeof(sun);
	if (getpeername(fd, (struct sockaddr *)&sun, &len) == -1)
		return 0;
	return len == offsetof(struct sockaddr_un, sun_path);
}

/*
 * The peer's uid, gid, pid and groups.  The kernel says pid 0 for a
 * peer in a PID namespace that dinit's does not contain (a sidecar
 * container's): logged as "pid ?", never as a pid.
 */
static int
read_cred(int fd, struct peer *p)
{
	socklen_t	 len = sizeof(p->cred);
	char		 pid[16];

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &p->cred, &len) == -1 ||
	    len != sizeof(p->cred))
		return -1;
	len = sizeof(p->groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, p->groups, &len) == -1)
		return -1;
	p->ngroups = len / sizeof(gid_t);
	if (p->cred.pid > 0)
		snprintf(pid, sizeof(pid), "%d", (int)p->cred.pid);
	else
		strlcpy(pid, "?", sizeof(pid));
	snprintf(p->who, sizeof(p->who), "uid %u gid %u pid %s",
	    (unsigned)p->cred.uid, (unsigned)p->cred.gid, pid);
	return 0;
}

/* The listening socket at path, and whether sock_diag can vouch for it. */
void
peer_listener(struct listener *l, const char *path, int fd)
{
	memset(l, 0, sizeof(*l));
	l->path = path;
	l->namelen = sizeof(l->name);
	if (getsockname(fd, (struct sockaddr *)&l->name, &l->namelen) == -1)
		fatal("getsockname %s", path);
	if (unixdiag_bound(fd, &l->dev, &l->ino) == 1)
		l->diag = 1;
	else
		log_warn("sock_diag cannot see %s; sockd's seccomp filter "
		    "alone keeps foreign sockets out", path);
}

enum peer_check
peer_check(int fd, const struct listener *l, struct peer *p)
{
	int	 r;

	if (!is_client(fd, l))
		return PEER_NOT_CLIENT;
	if (l->diag) {
		r = unixdiag_is_accepted_on(fd, l->dev, l->ino);
		if (r == 0)
			return PEER_NOT_CLIENT;
		/* ENOENT: a client in another network namespace. */
		if (r == -1 && errno != ENOENT)
			return PEER_NO_CRED;
	}
	if (read_cred(fd, p) == -1)
		return PEER_NO_CRED;
	return PEER_OK;
}
