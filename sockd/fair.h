/*
 * Which connection gives up its slot when sockd has none free: slots are
 * shared between uids max-min fairly, so one uid's silent connections
 * cannot push out another uid's.
 */
#ifndef DINIT_FAIR_H
#define DINIT_FAIR_H

#include <sys/types.h>

#include <stdint.h>

/* A taken slot, as fair_victim sees it. */
struct slot {
	uid_t	 uid;		/* the client's, from the kernel */
	int	 silent;	/* its line still to come: it may be pushed out */
	int64_t	 since;		/* when it came, to push out the oldest */
};

/*
 * The slot, of n (at most SOCKD_CONN_MAX), that a newcomer of uid takes,
 * or -1: the newcomer is refused.
 */
int	fair_victim(const struct slot *, int, uid_t);

#endif
