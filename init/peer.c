/*
 * The client's identity, from the kernel, and only from a socket that
 * is a client's: anything else sockd might pass, its listening socket or
 * its end of the socket pair, would report init's own credentials.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "init/peer.h"

static int
sockopt_is(int fd, int opt, int want)
{
	socklen_t	 len = sizeof(int);
	int		 v;

	return getsockopt(fd, SOL_SOCKET, opt, &v, &len) == 0 &&
	    len == sizeof(int) && v == want;
}

/* A connected AF_UNIX stream, not listening, named as our socket. */
static int
is_client(int fd, const char *path)
{
	struct sockaddr_un	 sun;
	socklen_t		 len = sizeof(sun);

	if (!sockopt_is(fd, SO_DOMAIN, AF_UNIX) ||
	    !sockopt_is(fd, SO_TYPE, SOCK_STREAM) ||
	    !sockopt_is(fd, SO_ACCEPTCONN, 0))
		return 0;
	memset(&sun, 0, sizeof(sun));
	if (getsockname(fd, (struct sockaddr *)&sun, &len) == -1 ||
	    len <= offsetof(struct sockaddr_un, sun_path) || len > sizeof(sun))
		return 0;
	return strncmp(sun.sun_path, path, sizeof(sun.sun_path)) == 0 &&
	    strlen(path) < sizeof(sun.sun_path);
}

/* The peer's uid, gid, pid and groups. */
static int
read_cred(int fd, struct peer *p)
{
	socklen_t	 len = sizeof(p->cred);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &p->cred, &len) == -1 ||
	    len != sizeof(p->cred))
		return -1;
	len = sizeof(p->groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, p->groups, &len) == -1)
		return -1;
	p->ngroups = len / sizeof(gid_t);
	snprintf(p->who, sizeof(p->who), "uid %u gid %u pid %d",
	    (unsigned)p->cred.uid, (unsigned)p->cred.gid, (int)p->cred.pid);
	return 0;
}

int
peer_check(int fd, const char *path, struct peer *p)
{
	if (!is_client(fd, path))
		return PEER_NOT_CLIENT;
	if (read_cred(fd, p) == -1)
		return PEER_NO_CRED;
	return 0;
}
