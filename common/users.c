/*
 * Names to numbers, through getpwnam, getgrnam and getgrouplist; a
 * number is never looked up.
 */
#include <sys/types.h>

#include <grp.h>
#include <pwd.h>
#include <string.h>

#include "common/idnum.h"
#include "common/proto.h"
#include "common/users.h"

#define NAME_MAX_LEN	256

int
users_uid(const char *s, uid_t *uid)
{
	struct passwd	*pw;
	uint32_t	 id;

	if (idnum(s, &id) == 0) {
		*uid = id;
		return 0;
	}
	if ((pw = getpwnam(s)) == NULL)
		return -1;
	*uid = pw->pw_uid;
	return 0;
}

int
users_gid(const char *s, gid_t *gid)
{
	struct group	*gr;
	uint32_t	 id;

	if (idnum(s, &id) == 0) {
		*gid = id;
		return 0;
	}
	if ((gr = getgrnam(s)) == NULL)
		return -1;
	*gid = gr->gr_gid;
	return 0;
}

/* A user from the password file, in every group the group file says. */
static const char *
by_name(const char *s, struct user *u)
{
	struct passwd	*pw;
	int		 n = PRIVDROP_GROUPS_MAX;

	if ((pw = getpwnam(s)) == NULL)
		return "no such user";
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	if (getgrouplist(pw->pw_name, pw->pw_gid, u->groups, &n) == -1)
		return "in too many groups";
	u->ngroups = n;
	return NULL;
}

const char *
users_get(const char *s, struct user *u)
{
	struct spawn_as	 as;

	memset(u, 0, sizeof(*u));
	if (strchr(s, ':') == NULL && idnum(s, &as.uid) == -1)
		return by_name(s, u);
	if (idnum_target(s, &as) == -1)
		return "want a user name, UID or UID:GID";
	u->uid = as.uid;
	u->gid = as.flags & SPAWN_AS_GID ? as.gid : as.uid;
	u->groups[0] = u->gid;
	u->ngroups = 1;
	return NULL;
}

const char *
users_target(const char *s, struct spawn_as *as)
{
	struct passwd	*pw;
	char		 user[NAME_MAX_LEN];
	const char	*group;
	gid_t		 gid;

	memset(as, 0, sizeof(*as));
	if ((group = strchr(s, ':')) != NULL)
		group++;
	if (strlcpy(user, s, sizeof(user)) >= sizeof(user))
		return "no such user";
	user[strcspn(user, ":")] = '\0';
	if (idnum(user, &as->uid) == -1) {
		if ((pw = getpwnam(user)) == NULL)
			return "no such user";
		as->uid = pw->pw_uid;
		as->gid = pw->pw_gid;
		as->flags = SPAWN_AS_GID;
	}
	as->flags |= SPAWN_AS;
	if (group == NULL)
		return NULL;
	if (users_gid(group, &gid) == -1)
		return "no such group";
	as->gid = gid;
	as->flags |= SPAWN_AS_GID;
	return NULL;
}

const char *
users_spec(const char *s, struct user *u)
{
	char		 user[NAME_MAX_LEN];
	const char	*group;

	if ((group = strchr(s, ':')) == NULL)
		return users_get(s, u);
	memset(u, 0, sizeof(*u));
	if (strlcpy(user, s, sizeof(user)) >= sizeof(user))
		return "no such user";
	user[group++ - s] = '\0';
	if (users_uid(user, &u->uid) == -1)
		return "no such user";
	if (users_gid(group, &u->gid) == -1)
		return "no such group";
	u->groups[0] = u->gid;
	u->ngroups = 1;
	return NULL;
}
