/*
 * sockd's sandbox, in the order each step needs the privilege the next
 * one takes away: rlimits and an empty root while still root, the
 * capability bounding set while CAP_SETPCAP is there, the uid and gid,
 * the other capability sets, no_new_privs (which Landlock and seccomp
 * need), Landlock, and last the seccomp allow-list (seccomp.c).
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/privdrop.h"
#include "common/proto.h"
#include "common/util.h"
#include "sockd/sandbox.h"
#include "sockd/seccomp.h"

/* File system rights newer than some <linux/landlock.h>. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV	(1ULL << 15)
#endif

/*
 * The file system rights each Landlock ABI added.  A ruleset that handles
 * them all and has no rule forbids every file access.
 */
static const uint64_t landlock_fs_added[] = {
	0,
	/* 1 */ LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
	    LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
	    LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
	    LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
	    LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
	    LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
	    LANDLOCK_ACCESS_FS_MAKE_SYM,
	/* 2 */ LANDLOCK_ACCESS_FS_REFER,
	/* 3 */ LANDLOCK_ACCESS_FS_TRUNCATE,
	/* 4 */ 0,
	/* 5 */ LANDLOCK_ACCESS_FS_IOCTL_DEV,
};

static void	set_limit(int, rlim_t, const char *);
static void	empty_root(void);
static void	drop_bounding_set(void);
static void	drop_ids(const struct sandbox *);
static void	drop_caps(void);
static void	restrict_files(void);

/* The identity to drop to, from argv: dinit-sockd -sockd UID GID. */
void
sandbox_args(struct sandbox *sb, int argc, char **argv)
{
	const char	*e1 = NULL, *e2 = NULL;

	if (argc != 4)
		fatalx("usage: dinit %s UID GID (init starts sockd)",
		    PROTO_SOCKD_FLAG);
	sb->uid = strtonum(argv[2], 0, UINT32_MAX - 1, &e1);
	sb->gid = strtonum(argv[3], 0, UINT32_MAX - 1, &e2);
	if (e1 != NULL || e2 != NULL)
		fatalx("sockd: bad uid or gid");
}

void
sandbox_enter(const struct sandbox *sb)
{
	if (sb->maxfds < 1)
		fatalx("sandbox: maxfds %d", sb->maxfds);
	set_limit(RLIMIT_NOFILE, sb->maxfds, "RLIMIT_NOFILE");
	set_limit(RLIMIT_CORE, 0, "RLIMIT_CORE");
	set_limit(RLIMIT_MEMLOCK, 0, "RLIMIT_MEMLOCK");
	empty_root();
	drop_bounding_set();
	drop_ids(sb);
	/* NPROC counts processes per uid: the new one's. */
	set_limit(RLIMIT_NPROC, 0, "RLIMIT_NPROC");
	drop_caps();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("sandbox: PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fatal("sandbox: PR_SET_DUMPABLE");
	restrict_files();
	seccomp_enter();
}

static void
set_limit(int resource, rlim_t value, const char *name)
{
	struct rlimit	 rl;

	/* Only ever lower: raising needs CAP_SYS_RESOURCE. */
	if (getrlimit(resource, &rl) == -1)
		fatal("sandbox: getrlimit %s", name);
	if (value > rl.rlim_max)
		value = rl.rlim_max;
	rl.rlim_cur = rl.rlim_max = value;
	if (setrlimit(resource, &rl) == -1)
		fatal("sandbox: setrlimit %s", name);
}

/*
 * Make an empty directory the root.  Removed before the chroot, it can
 * hold no entry, not even one root makes later.  Without CAP_SYS_CHROOT
 * or a writable /tmp or /, Landlock alone hides the file system.
 */
static void
empty_root(void)
{
	char	 intmp[] = "/tmp/dinit-sockd.XXXXXX";
	char	 intop[] = "/dinit-sockd.XXXXXX";
	char	*dir;

	if ((dir = mkdtemp(intmp)) == NULL && (dir = mkdtemp(intop)) == NULL) {
		log_warn("sandbox: no empty root: mkdtemp");
		return;
	}
	if (chdir(dir) == -1) {
		log_warn("sandbox: no empty root: chdir %s", dir);
		(void)rmdir(dir);
		return;
	}
	if (rmdir(dir) == -1)
		log_warn("sandbox: empty root left behind: rmdir %s", dir);
	if (chroot(".") == -1 || chdir("/") == -1)
		log_warn("sandbox: no empty root: chroot %s", dir);
}

/* Needs CAP_SETPCAP, so before the uid changes. */
static void
drop_bounding_set(void)
{
	int	 cap, r;

	for (cap = 0; (r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) != -1;
	    cap++) {
		if (r == 0)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1) {
			/*
			 * No CAP_SETPCAP.  The set only bounds what an
			 * execve could gain: no_new_privs and seccomp
			 * take execve away.
			 */
			if (errno == EPERM)
				return;
			fatal("sandbox: PR_CAPBSET_DROP %d", cap);
		}
	}
	if (errno != EINVAL)
		fatal("sandbox: PR_CAPBSET_READ %d", cap);
}

static void
drop_ids(const struct sandbox *sb)
{
	struct ids	 ids = { sb->uid, sb->gid, 1, &sb->gid };

	if (geteuid() != 0 && geteuid() == sb->uid) {
		/* init is not root: there is nothing to drop to. */
		log_warnx("sandbox: not root, staying uid %u", (unsigned)sb->uid);
		return;
	}
	if (privdrop(&ids) == -1)
		fatal("sandbox: dropping to uid %u gid %u", (unsigned)sb->uid,
		    (unsigned)sb->gid);
}

static void
drop_caps(void)
{
	struct __user_cap_header_struct	 hdr;
	struct __user_cap_data_struct	 data[_LINUX_CAPABILITY_U32S_3];
	size_t				 i;

	memset(&hdr, 0, sizeof(hdr));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data) == -1)
		fatal("sandbox: capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		fatal("sandbox: PR_CAP_AMBIENT_CLEAR_ALL");

	/* Paranoia.  Ambient is a subset of permitted. */
	memset(data, 0xff, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) == -1)
		fatal("sandbox: capget");
	for (i = 0; i < nitems(data); i++)
		if (data[i].effective != 0 || data[i].permitted != 0 ||
		    data[i].inheritable != 0)
			fatalx("sandbox: capabilities not cleared");
}

/*
 * A Landlock domain that handles every file system right the kernel
 * knows, and TCP bind and connect where the headers know them, with no
 * rule: no file can be opened, whatever the chroot did.
 */
static void
restrict_files(void)
{
	struct landlock_ruleset_attr	 attr;
	int				 abi, fd, i;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi == -1) {
		/* EPERM: a container's seccomp profile older than Landlock. */
		if (errno != ENOSYS && errno != EOPNOTSUPP && errno != EPERM)
			fatal("sandbox: landlock ABI");
		log_warn("sandbox: no Landlock");
		return;
	}
	memset(&attr, 0, sizeof(attr));
	for (i = 1; i <= abi && i < (int)nitems(landlock_fs_added); i++)
		attr.handled_access_fs |= landlock_fs_added[i];
#ifdef LANDLOCK_ACCESS_NET_BIND_TCP
	if (abi >= 4)
		attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP |
		    LANDLOCK_ACCESS_NET_CONNECT_TCP;
#endif
	fd = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (fd == -1)
		fatal("sandbox: landlock_create_ruleset");
	if (syscall(SYS_landlock_restrict_self, fd, 0) == -1)
		fatal("sandbox: landlock_restrict_self");
	if (close(fd) == -1)
		fatal("sandbox: close");
}

