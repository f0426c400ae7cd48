/*
 * Who is on the other end of a client's connection, as the kernel says.
 * sockd passes init the client's socket; init trusts only what the
 * kernel reports for it, and only if it really is a client's socket.
 */
#ifndef DINIT_PEER_H
#define DINIT_PEER_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "init/proc/child.h"

#define PEER_GROUPS_MAX	256

struct peer {
	struct ucred	 cred;
	int		 ngroups;
	gid_t		 groups[PEER_GROUPS_MAX];
	char		 who[WHO_MAX];	/* "uid U gid G pid P", for the log */
};

/* What a client's connection must have been accepted on. */
struct listener {
	const char		*path;		/* for the log */
	struct sockaddr_un	 name;		/* what it is bound to */
	socklen_t		 namelen;
	int			 diag;		/* sock_diag answers for it */
	dev_t			 dev;		/* its file, as sock_diag sees it */
	ino_t			 ino;
};

/*
 * The log's JSON fields for credentials c (NULL: unknown): uid, gid and
 * peer_pid, null where the kernel did not say; a pid of 0 is a peer in
 * another PID namespace.  For log_ev() (common/log.h).
 */
#define LF_PEER(c) \
	LF_INTNULL("uid", (c) != NULL ? (long long)(c)->uid : 0, (c) != NULL), \
	LF_INTNULL("gid", (c) != NULL ? (long long)(c)->gid : 0, (c) != NULL), \
	LF_INTNULL("peer_pid", (c) != NULL ? (c)->pid : 0, \
	    (c) != NULL && (c)->pid > 0)

enum peer_check {
	PEER_OK,
	PEER_NOT_CLIENT,	/* sockd broke the protocol */
	PEER_NO_CRED,		/* the kernel would not say (errno) */
};

void	peer_listener(struct listener *, const char *, int);

/*
 * PEER_OK with *p filled in if fd is a connection accepted on the
 * listener; PEER_NOT_CLIENT if it is anything else; PEER_NO_CRED, with
 * errno, if that or its credentials cannot be read.
 */
enum peer_check	peer_check(int, const struct listener *, struct peer *);

#endif
