/*
 * The privilege drop.  Each drop is made in a forked child, which reads
 * its ids back and reports them through a pipe: the test process stays
 * root.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <atf-c.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/privdrop.h"
#include "common/util.h"
#include "regress/root_tc.h"

#define USER		1000

/* Who the child is when it calls privdrop. */
enum before {
	AS_ROOT,		/* root, as the test runs */
	AS_USER,		/* dropped to USER by hand */
	KEEPING_CAPS,		/* root whose capabilities survive setuid */
	HOLDING_SETGID,		/* USER holding every capability but SETUID */
};

/* What the child saw: privdrop's result, then its ids read back. */
struct report {
	int	 setup;		/* the errno that stopped the setup, or 0 */
	int	 rc;
	int	 error;
	uid_t	 uid[3];	/* real, effective, saved */
	gid_t	 gid[3];
	int	 ngroups;
	gid_t	 groups[PRIVDROP_GROUPS_MAX + 1];
	int	 setuid0;	/* setuid(0) afterwards */
};

/* CAP_SETUID out of the effective and permitted sets. */
static int
lose_setuid(void)
{
	struct __user_cap_header_struct	 h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct	 d[2];

	if (syscall(SYS_capget, &h, d) == -1)
		return -1;
	d[0].effective &= ~(1U << CAP_SETUID);
	d[0].permitted &= ~(1U << CAP_SETUID);
	return syscall(SYS_capset, &h, d);
}

static int
setup(enum before b)
{
	gid_t	 g = USER;

	switch (b) {
	case AS_ROOT:
		return 0;
	case AS_USER:
		if (setgroups(1, &g) == -1 ||
		    setresgid(USER, USER, USER) == -1 ||
		    setresuid(USER, USER, USER) == -1)
			return -1;
		return 0;
	case KEEPING_CAPS:
		return prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP,
		    0, 0, 0);
	case HOLDING_SETGID:
		if (prctl(PR_SET_SECUREBITS, SECBIT_NO_SETUID_FIXUP,
		    0, 0, 0) == -1 || setresuid(USER, USER, USER) == -1)
			return -1;
		return lose_setuid();
	}
	return -1;
}

static void
read_ids(struct report *r)
{
	getresuid(&r->uid[0], &r->uid[1], &r->uid[2]);
	getresgid(&r->gid[0], &r->gid[1], &r->gid[2]);
	r->ngroups = getgroups(nitems(r->groups), r->groups);
}

static void __attribute__((noreturn))
child(const struct ids *id, enum before b, int fd)
{
	struct report	 r;

	memset(&r, 0, sizeof(r));
	if (setup(b) == -1)
		r.setup = errno;
	else {
		errno = 0;
		r.rc = privdrop(id);
		r.error = errno;
		read_ids(&r);
		r.setuid0 = setuid(0);
	}
	_exit(write(fd, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1);
}

/* privdrop(id) in a child that was b; what it saw, in *r. */
static void
drop(const struct ids *id, enum before b, struct report *r)
{
	ssize_t	 n;
	size_t	 got = 0;
	pid_t	 pid;
	int	 p[2], st;

	ATF_REQUIRE(pipe(p) == 0);
	fflush(NULL);
	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		close(p[0]);
		child(id, b, p[1]);
	}
	close(p[1]);
	while (got < sizeof(*r) &&
	    (n = read(p[0], (char *)r + got, sizeof(*r) - got)) > 0)
		got += n;
	close(p[0]);
	ATF_REQUIRE(waitpid(pid, &st, 0) == pid);
	ATF_REQUIRE_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
	    got == sizeof(*r), "child status %#x, %zu bytes", st, got);
	if (r->setup != 0 && (b == KEEPING_CAPS || b == HOLDING_SETGID))
		atf_tc_skip("cannot keep capabilities: %s",
		    strerror(r->setup));
	ATF_REQUIRE_MSG(r->setup == 0, "setup: %s", strerror(r->setup));
}

static int
has(const gid_t *set, int n, gid_t g)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (set[i] == g)
			return 1;
	return 0;
}

/* a and b hold the same groups, whatever the order and repeats. */
static int
same_set(const gid_t *a, int na, const gid_t *b, int nb)
{
	int	 i;

	for (i = 0; i < na; i++)
		if (!has(b, nb, a[i]))
			return 0;
	for (i = 0; i < nb; i++)
		if (!has(a, na, b[i]))
			return 0;
	return 1;
}

static void
check_ids(const struct report *r, uid_t uid, gid_t gid)
{
	int	 i;

	for (i = 0; i < 3; i++) {
		ATF_CHECK_EQ_MSG(r->uid[i], uid, "uid %d is %u, want %u", i,
		    (unsigned)r->uid[i], (unsigned)uid);
		ATF_CHECK_EQ_MSG(r->gid[i], gid, "gid %d is %u, want %u", i,
		    (unsigned)r->gid[i], (unsigned)gid);
	}
}

/* The drop failed with error, and the child is still what it was. */
static void
check_unchanged(const struct report *r, int error)
{
	struct report	 now;

	ATF_CHECK_EQ(r->rc, -1);
	ATF_CHECK_EQ_MSG(r->error, error, "errno %s, want %s",
	    strerror(r->error), strerror(error));
	memset(&now, 0, sizeof(now));
	read_ids(&now);
	check_ids(r, now.uid[0], now.gid[0]);
	ATF_REQUIRE(now.ngroups >= 0);
	ATF_CHECK_EQ(r->ngroups, now.ngroups);
	ATF_CHECK(same_set(r->groups, r->ngroups, now.groups, now.ngroups));
}

ROOT_TC(drops_to_user,
    "uid and gid 1000 with groups 1000, 2000, 3000: exactly those, for good")
{
	static const gid_t	 groups[] = { USER, 2000, 3000 };
	struct ids		 id = { USER, USER, nitems(groups), groups };
	struct report		 r;

	drop(&id, AS_ROOT, &r);
	ATF_CHECK_EQ_MSG(r.rc, 0, "privdrop: %s", strerror(r.error));
	check_ids(&r, USER, USER);
	ATF_CHECK_EQ(r.ngroups, (int)nitems(groups));
	ATF_CHECK(same_set(r.groups, r.ngroups, groups, nitems(groups)));
	ATF_CHECK_EQ_MSG(r.setuid0, -1, "setuid(0) succeeded after the drop");
}

ROOT_TC(drop_to_root_keeps_root, "uid 0 with group 0 succeeds and stays root")
{
	static const gid_t	 groups[] = { 0 };
	struct ids		 id = { 0, 0, nitems(groups), groups };
	struct report		 r;

	drop(&id, AS_ROOT, &r);
	ATF_CHECK_EQ_MSG(r.rc, 0, "privdrop: %s", strerror(r.error));
	check_ids(&r, 0, 0);
	ATF_CHECK_EQ(r.ngroups, 1);
	ATF_CHECK_EQ(r.groups[0], 0);
	ATF_CHECK_EQ(r.setuid0, 0);
}

/* A root client whose gid is not 0 (docker exec -u 0:1000). */
ROOT_TC(root_keeps_asked_gid,
    "uid 0 with gid and group 1000 succeeds with gid 1000")
{
	static const gid_t	 groups[] = { USER };
	struct ids		 id = { 0, USER, nitems(groups), groups };
	struct report		 r;

	drop(&id, AS_ROOT, &r);
	ATF_CHECK_EQ_MSG(r.rc, 0, "privdrop: %s", strerror(r.error));
	check_ids(&r, 0, USER);
	ATF_CHECK_EQ(r.ngroups, 1);
	ATF_CHECK_EQ(r.groups[0], USER);
}

ROOT_TC(groups_max_accepted, "exactly PRIVDROP_GROUPS_MAX groups are set")
{
	static gid_t	 groups[PRIVDROP_GROUPS_MAX];
	struct ids	 id = { USER, USER, nitems(groups), groups };
	struct report	 r;
	size_t		 i;

	for (i = 0; i < nitems(groups); i++)
		groups[i] = USER + i;
	drop(&id, AS_ROOT, &r);
	ATF_CHECK_EQ_MSG(r.rc, 0, "privdrop: %s", strerror(r.error));
	check_ids(&r, USER, USER);
	ATF_CHECK_EQ(r.ngroups, PRIVDROP_GROUPS_MAX);
	ATF_CHECK(same_set(r.groups, r.ngroups, groups, nitems(groups)));
}

ROOT_TC(too_many_groups_einval,
    "more than PRIVDROP_GROUPS_MAX groups: EINVAL, nothing changed")
{
	static gid_t	 groups[PRIVDROP_GROUPS_MAX + 1];
	struct ids	 id = { USER, USER, nitems(groups), groups };
	struct report	 r;
	size_t		 i;

	for (i = 0; i < nitems(groups); i++)
		groups[i] = USER + i;
	drop(&id, AS_ROOT, &r);
	check_unchanged(&r, EINVAL);
}

ROOT_TC(negative_groups_einval, "a negative group count: EINVAL, nothing changed")
{
	static const gid_t	 groups[] = { USER };
	struct ids		 id = { USER, USER, -1, groups };
	struct report		 r;

	drop(&id, AS_ROOT, &r);
	check_unchanged(&r, EINVAL);
}

ROOT_TC(unsorted_duplicate_groups,
    "groups out of order and repeated still verify, as a set")
{
	static const gid_t	 groups[] = { 3000, USER, 2000, USER };
	struct ids		 id = { USER, USER, nitems(groups), groups };
	struct report		 r;

	drop(&id, AS_ROOT, &r);
	ATF_CHECK_EQ_MSG(r.rc, 0, "privdrop: %s", strerror(r.error));
	check_ids(&r, USER, USER);
	ATF_CHECK(same_set(r.groups, r.ngroups, groups, nitems(groups)));
	ATF_CHECK_EQ(r.setuid0, -1);
}

ROOT_TC(user_cannot_become_root,
    "a process already at uid 1000 asking for uid 0 gets EPERM")
{
	static const gid_t	 groups[] = { 0 };
	struct ids		 id = { 0, 0, nitems(groups), groups };
	struct report		 r;

	drop(&id, AS_USER, &r);
	ATF_CHECK_EQ(r.rc, -1);
	ATF_CHECK_EQ_MSG(r.error, EPERM, "errno %s", strerror(r.error));
	check_ids(&r, USER, USER);
}

/*
 * SECBIT_NO_SETUID_FIXUP keeps root's capabilities across setresuid:
 * the ids read back are right, but root is still within reach, and only
 * the final attempts to regain it can tell.  With gid 0 asked, only
 * setuid(0) can.
 */
ROOT_TC(regained_uid_refused,
    "a drop after which setuid(0) succeeds fails with EPERM")
{
	static const gid_t	 groups[] = { 0 };
	struct ids		 id = { USER, 0, nitems(groups), groups };
	struct report		 r;

	drop(&id, KEEPING_CAPS, &r);
	ATF_CHECK_EQ_MSG(r.rc, -1, "privdrop succeeded, capabilities kept");
	ATF_CHECK_EQ_MSG(r.error, EPERM, "errno %s", strerror(r.error));
}

/* Already USER with CAP_SETGID but not CAP_SETUID: only setgid(0) can tell. */
ROOT_TC(regained_gid_refused,
    "a drop after which setgid(0) succeeds fails with EPERM")
{
	static const gid_t	 groups[] = { USER };
	struct ids		 id = { USER, USER, nitems(groups), groups };
	struct report		 r;

	drop(&id, HOLDING_SETGID, &r);
	ATF_CHECK_EQ_MSG(r.rc, -1, "privdrop succeeded, CAP_SETGID kept");
	ATF_CHECK_EQ_MSG(r.error, EPERM, "errno %s", strerror(r.error));
	ATF_CHECK_EQ(r.setuid0, -1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, drops_to_user);
	ATF_TP_ADD_TC(tp, drop_to_root_keeps_root);
	ATF_TP_ADD_TC(tp, root_keeps_asked_gid);
	ATF_TP_ADD_TC(tp, groups_max_accepted);
	ATF_TP_ADD_TC(tp, too_many_groups_einval);
	ATF_TP_ADD_TC(tp, negative_groups_einval);
	ATF_TP_ADD_TC(tp, unsorted_duplicate_groups);
	ATF_TP_ADD_TC(tp, user_cannot_become_root);
	ATF_TP_ADD_TC(tp, regained_uid_refused);
	ATF_TP_ADD_TC(tp, regained_gid_refused);
	return atf_no_error();
}
