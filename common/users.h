/*
 * Users and groups by name or number, from the password and group files:
 * for the client, and for init at start.  init never looks a name up
 * while it serves submissions.  Numbers are taken as they are
 * (common/idnum.h), so a scratch image without /etc/passwd can use them.
 */
#ifndef DINIT_USERS_H
#define DINIT_USERS_H

#include <sys/types.h>

#include "common/privdrop.h"

struct spawn_as;

struct user {
	uid_t		 uid;
	gid_t		 gid;
	int		 ngroups;
	gid_t		 groups[PRIVDROP_GROUPS_MAX];
};

/* A user's or a group's name or number: 0, or -1 if there is none. */
int	users_uid(const char *, uid_t *);
int	users_gid(const char *, gid_t *);

/*
 * NAME: that user's uid, primary gid, and every group the group file
 * puts it in; UID or UID:GID: those numbers, with the gid (the uid if
 * none is given) as the only group.  NULL, or why not.
 */
const char	*users_get(const char *, struct user *);

/*
 * USER[:GROUP], names or numbers, as an identity to run as: USER alone
 * as users_get has it; with GROUP, USER's uid and GROUP as its gid and
 * only group.  NULL, or why not.
 */
const char	*users_spec(const char *, struct user *);

/*
 * USER[:GROUP], names or numbers, as a request's target: a user's name
 * brings its primary gid, a number only itself.  NULL, or why not.
 */
const char	*users_target(const char *, struct spawn_as *);

#endif
