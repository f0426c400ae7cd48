/*
 * Drop to an identity for good and prove it, as OpenSSH's
 * permanently_set_uid does: read every id back, compare the groups as a
 * set (the kernel sorts them), and try to get root back.
 */
#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/privdrop.h"
#include "common/util.h"

static int
has_group(const gid_t *set, int n, gid_t g)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (set[i] == g)
			return 1;
	return 0;
}

/* The same set of groups, in any order. */
int
groups_equal(const gid_t *a, int na, const gid_t *b, int nb)
{
	int	 i;

	for (i = 0; i < na; i++)
		if (!has_group(b, nb, a[i]))
			return 0;
	for (i = 0; i < nb; i++)
		if (!has_group(a, na, b[i]))
			return 0;
	return 1;
}

/* The supplementary groups are exactly those asked (the kernel sorts). */
static int
groups_are(const struct ids *id)
{
	gid_t	 now[PRIVDROP_GROUPS_MAX];
	int	 n;

	if ((n = getgroups(nitems(now), now)) == -1)
		return 0;
	return groups_equal(now, n, id->groups, id->ngroups);
}

static int
verify(const struct ids *id)
{
	uid_t	 ruid, euid, suid;
	gid_t	 rgid, egid, sgid;

	if (getresgid(&rgid, &egid, &sgid) == -1 ||
	    getresuid(&ruid, &euid, &suid) == -1)
		return -1;
	if (rgid != id->gid || egid != id->gid || sgid != id->gid ||
	    ruid != id->uid || euid != id->uid || suid != id->uid ||
	    !groups_are(id))
		return -1;
	/* Root may take any gid back: there is nothing to prove. */
	if (id->uid == 0)
		return 0;
	/* Paranoia: root must be out of reach for good. */
	if (id->gid != 0 && (setgid(0) != -1 || setegid(0) != -1))
		return -1;
	if (setuid(0) != -1 || seteuid(0) != -1)
		return -1;
	return 0;
}

/* All three of real, effective and saved are id already. */
static int
uids_are(uid_t id)
{
	uid_t	 r, e, s;

	return getresuid(&r, &e, &s) == 0 && r == id && e == id && s == id;
}

static int
gids_are(gid_t id)
{
	gid_t	 r, e, s;

	return getresgid(&r, &e, &s) == 0 && r == id && e == id && s == id;
}

uint64_t
privdrop_needs(const struct ids *id)
{
	uint64_t	 need = 0;

	if (!uids_are(id->uid))
		need |= CAPS_BIT(CAP_SETUID);
	if (!gids_are(id->gid) || !groups_are(id))
		need |= CAPS_BIT(CAP_SETGID);
	return need;
}

uint64_t
privdrop_needs_signal(const struct ids *id)
{
	uint64_t	 need = privdrop_needs(id);

	if (need & CAPS_BIT(CAP_SETUID))
		need |= CAPS_BIT(CAP_KILL);
	return need;
}

int
privdrop(const struct ids *id)
{
	if (id->ngroups < 0 || id->ngroups > PRIVDROP_GROUPS_MAX) {
		errno = EINVAL;
		return -1;
	}
	/* setgroups needs CAP_SETGID even to change nothing. */
	if ((!groups_are(id) && setgroups(id->ngroups, id->groups) == -1) ||
	    setresgid(id->gid, id->gid, id->gid) == -1 ||
	    setresuid(id->uid, id->uid, id->uid) == -1)
		return -1;
	if (verify(id) == -1) {
		errno = EPERM;
		return -1;
	}
	return 0;
}
