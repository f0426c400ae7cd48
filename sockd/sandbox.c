/*
 * sockd's sandbox, in the order each step needs the privilege the next
 * one takes away: rlimits and an empty root while still root, the
 * capability bounding set while CAP_SETPCAP is there, the uid and gid,
 * the other capability sets, no_new_privs (which Landlock and seccomp
 * need), Landlock, and last the seccomp allow-list.
 */
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN	1
#endif
#endif

#ifdef SANDBOX_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

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

#if defined(__x86_64__)
#define SECCOMP_AUDIT_ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_AUDIT_ARCH	AUDIT_ARCH_AARCH64
#else
#error "no seccomp filter for this architecture"
#endif

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the seccomp filter reads the low half of arguments as little-endian"
#endif

/* Argument checks on an allowed system call. */
#define ANY		0
#define NO_EXEC		1	/* args[2], the protection, lacks PROT_EXEC */
#define FL_ONLY		2	/* args[1], the command: F_GETFL or F_SETFL */

/*
 * All sockd may do once sandboxed: use the sockets it holds, wait,
 * allocate memory it cannot execute, log to stderr, exit.  Anything else
 * kills it.  x32 numbers (bit 30 set) match nothing here, so they kill too.
 */
static const struct {
	int	 nr;
	int	 check;
} allowed[] = {
	{ SYS_read,		ANY },
	{ SYS_readv,		ANY },
	{ SYS_write,		ANY },
	{ SYS_writev,		ANY },
	{ SYS_recvfrom,		ANY },
	{ SYS_recvmsg,		ANY },
	{ SYS_sendto,		ANY },
	{ SYS_sendmsg,		ANY },
	{ SYS_accept,		ANY },
	{ SYS_accept4,		ANY },
	{ SYS_getsockopt,	ANY },
	{ SYS_shutdown,		ANY },
	{ SYS_close,		ANY },
	{ SYS_dup,		ANY },	/* the spare fd, when out of fds */
	{ SYS_fcntl,		FL_ONLY },
#ifdef SYS_poll
	{ SYS_poll,		ANY },
#endif
	{ SYS_ppoll,		ANY },
	{ SYS_clock_gettime,	ANY },
	{ SYS_gettimeofday,	ANY },
#ifdef SYS_time
	{ SYS_time,		ANY },	/* time(3) without a vDSO */
#endif
	{ SYS_clock_nanosleep,	ANY },
	{ SYS_nanosleep,	ANY },
	{ SYS_getpid,		ANY },
	{ SYS_brk,		ANY },
	{ SYS_mmap,		NO_EXEC },
	{ SYS_mprotect,		NO_EXEC },
	{ SYS_mremap,		ANY },
	{ SYS_munmap,		ANY },
	{ SYS_madvise,		ANY },
	{ SYS_rt_sigprocmask,	ANY },
	{ SYS_rt_sigreturn,	ANY },
	{ SYS_restart_syscall,	ANY },
	{ SYS_exit,		ANY },
	{ SYS_exit_group,	ANY },
#ifdef SANDBOX_ASAN
	/*
	 * AddressSanitizer builds only: __asan_handle_no_return asks for
	 * the alternate signal stack before exit and _exit (found with
	 * strace -f after PR_SET_SECCOMP).  Its error reports still die
	 * here: they read /proc and fork a symbolizer.
	 */
	{ SYS_sigaltstack,	ANY },
#endif
};

#ifdef SANDBOX_ASAN
static int	 sandboxed;

/*
 * LeakSanitizer's check at exit stops the world with clone and ptrace
 * and reads /proc: a sandboxed sockd would die of SIGSYS instead of
 * exiting.  Leaks are checked in init and unsandboxed children only.
 */
int
__lsan_is_turned_off(void)
{
	return sandboxed;
}
#endif

static void	set_limit(int, rlim_t, const char *);
static void	empty_root(void);
static void	drop_bounding_set(void);
static void	drop_ids(const struct sandbox *);
static void	drop_caps(void);
static void	verify_no_root(const struct sandbox *);
static void	restrict_files(void);
static void	no_exec_personality(void);
static void	allow_syscalls(void);

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
	verify_no_root(sb);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("sandbox: PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		fatal("sandbox: PR_SET_DUMPABLE");
	restrict_files();
	no_exec_personality();
#ifdef SANDBOX_ASAN
	sandboxed = 1;
#endif
	allow_syscalls();
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
#ifdef SANDBOX_VALGRIND
	/* valgrind keeps fds of its own above the limit and refuses. */
	if (setrlimit(resource, &rl) == -1 && resource != RLIMIT_NOFILE)
#else
	if (setrlimit(resource, &rl) == -1)
#endif
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
	uid_t	 ruid, euid, suid;
	gid_t	 rgid, egid, sgid, groups[2];

	if (geteuid() != 0 && geteuid() == sb->uid) {
		/* init is not root: there is nothing to drop to. */
		log_warnx("sandbox: not root, staying uid %u", (unsigned)sb->uid);
		return;
	}
	if (setgroups(1, &sb->gid) == -1)
		fatal("sandbox: setgroups");
	if (setresgid(sb->gid, sb->gid, sb->gid) == -1)
		fatal("sandbox: setresgid %u", (unsigned)sb->gid);
	if (setresuid(sb->uid, sb->uid, sb->uid) == -1)
		fatal("sandbox: setresuid %u", (unsigned)sb->uid);

	/* Paranoia. */
	if (getresgid(&rgid, &egid, &sgid) == -1 ||
	    getresuid(&ruid, &euid, &suid) == -1)
		fatal("sandbox: getresuid");
	if (rgid != sb->gid || egid != sb->gid || sgid != sb->gid ||
	    ruid != sb->uid || euid != sb->uid || suid != sb->uid)
		fatalx("sandbox: ids not dropped");
	if (getgroups(nitems(groups), groups) != 1 || groups[0] != sb->gid)
		fatalx("sandbox: groups not dropped");
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

/* As OpenSSH's permanently_set_uid: try to get root back, die if we can. */
static void
verify_no_root(const struct sandbox *sb)
{
	if (sb->gid != 0 && (setgid(0) != -1 || setegid(0) != -1))
		fatalx("sandbox: gid 0 could be regained");
	if (sb->uid != 0 && (setuid(0) != -1 || seteuid(0) != -1))
		fatalx("sandbox: uid 0 could be regained");
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

/* READ_IMPLIES_EXEC would slip PROT_EXEC past the mmap check. */
static void
no_exec_personality(void)
{
	int	 persona;

	if ((persona = personality(0xffffffff)) == -1)
		fatal("sandbox: personality");
	if ((persona & READ_IMPLIES_EXEC) &&
	    personality(persona & ~READ_IMPLIES_EXEC) == -1)
		fatal("sandbox: personality");
}

#define INSN(c, k, t, f)	((struct sock_filter){ (c), (t), (f), (k) })
#define ARG(n)			(offsetof(struct seccomp_data, args[n]))
#define LOAD(off)		INSN(BPF_LD | BPF_W | BPF_ABS, (off), 0, 0)
#define JEQ(k, t, f)		INSN(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JSET(k, t, f)		INSN(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(v)			INSN(BPF_RET | BPF_K, (v), 0, 0)

/*
 * Each entry: "nr? no: skip to the next entry" and a verdict; argument
 * checks load the argument's low 32 bits (prot and cmd are ints, and
 * PROT_EXEC lives there) and kill on a bad value.
 */
static void
allow_syscalls(void)
{
	struct sock_filter	 f[5 + nitems(allowed) * 6];
	struct sock_fprog	 prog;
	size_t			 i, n = 0;

#ifdef SANDBOX_VALGRIND
	/*
	 * The valgrind build only: valgrind makes the guest's system calls
	 * itself, and many more, from inside the filtered process.
	 */
	log_warnx("sandbox: built without seccomp, for valgrind");
	return;
#endif
	f[n++] = LOAD(offsetof(struct seccomp_data, arch));
	f[n++] = JEQ(SECCOMP_AUDIT_ARCH, 1, 0);
	f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
	f[n++] = LOAD(offsetof(struct seccomp_data, nr));
	for (i = 0; i < nitems(allowed); i++) {
		switch (allowed[i].check) {
		case ANY:
			f[n++] = JEQ(allowed[i].nr, 0, 1);
			break;
		case NO_EXEC:
			f[n++] = JEQ(allowed[i].nr, 0, 4);
			f[n++] = LOAD(ARG(2));
			f[n++] = JSET(PROT_EXEC, 0, 1);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		case FL_ONLY:
			f[n++] = JEQ(allowed[i].nr, 0, 5);
			f[n++] = LOAD(ARG(1));
			f[n++] = JEQ(F_GETFL, 2, 0);
			f[n++] = JEQ(F_SETFL, 1, 0);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		}
		f[n++] = RET(SECCOMP_RET_ALLOW);
	}
	f[n++] = RET(SECCOMP_RET_KILL_PROCESS);

	prog.len = n;
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == -1)
		fatal("sandbox: seccomp");
}
