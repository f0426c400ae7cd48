/*
 * The one privilege drop: groups, gid, uid, in that order, then read
 * back and proven.  sockd's sandbox and every submitted command use it.
 */
#ifndef DINIT_PRIVDROP_H
#define DINIT_PRIVDROP_H

#include <sys/types.h>

#include <stdint.h>

#define PRIVDROP_GROUPS_MAX	256

struct ids {
	uid_t		 uid;
	gid_t		 gid;
	int		 ngroups;
	const gid_t	*groups;	/* the supplementary groups */
};

/*
 * 0, or -1 with errno set: EINVAL for more than PRIVDROP_GROUPS_MAX
 * groups, the errno of the call that failed, or EPERM if the ids read
 * back differ from those asked or root can be regained.  Only
 * async-signal-safe calls, so a forked child may use it.
 */
int	privdrop(const struct ids *);

/*
 * The capabilities (common/caps.h bits) privdrop needs to become id
 * from here: CAP_SETUID unless every uid is id's already, CAP_SETGID
 * unless every gid and the groups are.
 */
uint64_t	privdrop_needs(const struct ids *);

/*
 * What dinit needs to become id and still signal it (its signals passed
 * on, the shutdown's): privdrop_needs, and CAP_KILL for another uid.
 */
uint64_t	privdrop_needs_signal(const struct ids *);

/* The same set of groups, in any order. */
int	groups_equal(const gid_t *, int, const gid_t *, int);

#endif
