/*
 * sockd's sandbox, in the order each step needs the privilege the next
 * one takes away: rlimits and an empty root while still root, the
 * capability bounding set while CAP_SETPCAP is there, the uid and gid,
 * the other capability sets, no_new_privs (which Landlock and seccomp
 * need), Landlock, and last the seccomp allow-list (seccomp.c).
 *
 * A step that needs a capability sockd lacks (a container's root may
 * have none; common/caps.c has what each step needs), or Landlock where
 * the kernel has none, is left out without a word: init says so once
 * for all its sockds (init/keeper/supervise.c).  Any other failure ends
 * sockd, with PROTO_SOCKD_EXIT_PERMANENT where the next sockd would fail
 * the same way.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/caps.h"
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

static void	die(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	set_limit(int, rlim_t, const char *);
static void	empty_root(uint64_t);
static void	drop_bounding_set(uint64_t);
static void	drop_ids(const struct sandbox *, uint64_t);
static void	drop_caps(void);
static void	restrict_files(void);

/*
 * A step failed: say why and end.  Only a shortage may be over by the
 * time the next sockd tries; anything else is told to init as
 * PROTO_SOCKD_EXIT_PERMANENT, so that it does not start sockds in a loop.
 */
static void
die(const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;
	int	 e = errno;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (e != 0)
		log_warnx("%s: %s", msg, strerror(e));
	else
		log_warnx("%s", msg);
	/* _exit: nothing is buffered, and no exit hook may change the status. */
	switch (e) {
	case EAGAIN:
	case EINTR:
	case EMFILE:
	case ENFILE:
	case ENOBUFS:
	case ENOMEM:
		_exit(1);
	default:
		_exit(PROTO_SOCKD_EXIT_PERMANENT);
	}
}

/* The identity to drop to, from argv: dinit-sockd -sockd UID GID. */
void
sandbox_args(struct sandbox *sb, int argc, char **argv)
{
	const char	*e1 = NULL, *e2 = NULL;

	errno = 0;
	if (argc != 4)
		die("usage: dinit %s UID GID (init starts sockd)",
		    PROTO_SOCKD_FLAG);
	sb->uid = strtonum(argv[2], 0, UINT32_MAX - 1, &e1);
	sb->gid = strtonum(argv[3], 0, UINT32_MAX - 1, &e2);
	if (e1 != NULL || e2 != NULL) {
		errno = 0;
		die("sockd: bad uid or gid");
	}
}

void
sandbox_enter(const struct sandbox *sb)
{
	struct caps	 c;

	if (sb->maxfds < 1) {
		errno = 0;
		die("sandbox: maxfds %d", sb->maxfds);
	}
	if (caps_get(&c) == -1)
		die("sandbox: capget");
	set_limit(RLIMIT_NOFILE, sb->maxfds, "RLIMIT_NOFILE");
	set_limit(RLIMIT_CORE, 0, "RLIMIT_CORE");
	set_limit(RLIMIT_MEMLOCK, 0, "RLIMIT_MEMLOCK");
	empty_root(c.eff);
	drop_bounding_set(c.eff);
	drop_ids(sb, c.eff);
	/* NPROC counts processes per uid: the new one's. */
	set_limit(RLIMIT_NPROC, 0, "RLIMIT_NPROC");
	drop_caps();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		die("sandbox: PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		die("sandbox: PR_SET_DUMPABLE");
	restrict_files();
	if (seccomp_enter() == -1)
		die("sandbox: seccomp");
}

static void
set_limit(int resource, rlim_t value, const char *name)
{
	struct rlimit	 rl;

	/* Only ever lower: raising needs CAP_SYS_RESOURCE. */
	if (getrlimit(resource, &rl) == -1)
		die("sandbox: getrlimit %s", name);
	if (value > rl.rlim_max)
		value = rl.rlim_max;
	rl.rlim_cur = rl.rlim_max = value;
	if (setrlimit(resource, &rl) == -1)
		die("sandbox: setrlimit %s", name);
}

/* /proc is this PID namespace's: /proc/self is this process. */
static int
own_proc(void)
{
	char	 self[16], want[16];
	ssize_t	 n;

	if ((n = readlink("/proc/self", self, sizeof(self) - 1)) == -1)
		return 0;
	self[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	return strcmp(self, want) == 0;
}

/*
 * Make an empty directory the root, without writing anything anywhere
 * (a read-only root file system will do): the /proc/PID/fdinfo of a
 * child, entered while the child waits and empty for good once it has
 * exited.  Needs CAP_SYS_CHROOT; without it, Landlock and seccomp alone
 * keep the file system out of reach.
 */
static void
empty_root(uint64_t eff)
{
	char	 path[64], c;
	pid_t	 pid;
	int	 p[2], st, ok;

	if (caps_step_lacks(CAPS_STEP_ROOT, eff) != 0)
		return;
	if (pipe(p) == -1)
		die("sandbox: pipe");
	if ((pid = fork()) == -1)
		die("sandbox: fork");
	if (pid == 0) {
		close(p[1]);
		(void)read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	snprintf(path, sizeof(path), "/proc/%d/fdinfo", (int)pid);
	ok = own_proc() && chdir(path) == 0 && chroot(".") == 0;
	close(p[1]);
	if (waitpid(pid, &st, 0) != pid)
		die("sandbox: waitpid");
	if (!ok)
		log_warn("sandbox: no empty root: %s", path);
}

/*
 * Needs CAP_SETPCAP, so before the uid changes.  Without it nothing is
 * lost: the set only bounds what an execve could gain, and no_new_privs
 * and seccomp take execve away.
 */
static void
drop_bounding_set(uint64_t eff)
{
	int	 cap, r;

	if (caps_step_lacks(CAPS_STEP_BOUNDS, eff) != 0)
		return;
	for (cap = 0; (r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0)) != -1;
	    cap++)
		if (r == 1 && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1)
			die("sandbox: PR_CAPBSET_DROP %d", cap);
	if (errno != EINVAL)
		die("sandbox: PR_CAPBSET_READ %d", cap);
}

/*
 * To the uid and gid init named, as far as the capabilities allow
 * (common/caps.c says which each needs): without them sockd keeps its
 * own (init's), and privdrop still proves that root is out of reach
 * where sockd is not root.
 */
static void
drop_ids(const struct sandbox *sb, uint64_t eff)
{
	gid_t		 groups[PRIVDROP_GROUPS_MAX];
	struct ids	 ids = { sb->uid, sb->gid, 1, &sb->gid };
	int		 n;

	if (caps_step_lacks(CAPS_STEP_UID, eff) != 0)
		ids.uid = geteuid();
	if (caps_step_lacks(CAPS_STEP_GID, eff) != 0) {
		if ((n = getgroups(nitems(groups), groups)) == -1)
			die("sandbox: getgroups");
		ids.gid = getegid();
		ids.ngroups = n;
		ids.groups = groups;
	}
	if (privdrop(&ids) == -1)
		die("sandbox: dropping to uid %u gid %u", (unsigned)ids.uid,
		    (unsigned)ids.gid);
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
		die("sandbox: capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == -1)
		die("sandbox: PR_CAP_AMBIENT_CLEAR_ALL");

	/* Paranoia.  Ambient is a subset of permitted. */
	memset(data, 0xff, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) == -1)
		die("sandbox: capget");
	errno = 0;
	for (i = 0; i < nitems(data); i++)
		if (data[i].effective != 0 || data[i].permitted != 0 ||
		    data[i].inheritable != 0)
			die("sandbox: capabilities not cleared");
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
			die("sandbox: landlock ABI");
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
		die("sandbox: landlock_create_ruleset");
	if (syscall(SYS_landlock_restrict_self, fd, 0) == -1)
		die("sandbox: landlock_restrict_self");
	if (close(fd) == -1)
		die("sandbox: close");
}

