/*
 * Who is on the other end of a client's connection, as the kernel says.
 * sockd passes init the client's socket; init trusts only what the
 * kernel reports for it, and only if it really is a client's socket.
 */
#ifndef DINIT_PEER_H
#define DINIT_PEER_H

#include <sys/types.h>
#include <sys/socket.h>

#define PEER_GROUPS_MAX	256

struct peer {
	struct ucred	 cred;
	int		 ngroups;
	gid_t		 groups[PEER_GROUPS_MAX];
	char		 who[96];	/* "uid U gid G pid P", for the log */
};

int	peer_is_client(int, const char *);
int	peer_read(int, struct peer *);

#endif
