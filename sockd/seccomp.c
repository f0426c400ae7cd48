/*
 * sockd's seccomp allow-list, a raw BPF filter: the last step of the
 * sandbox, after which any system call not listed kills the process.
 */
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

#include "common/proto.h"
#include "common/util.h"
#include "sockd/seccomp.h"

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
#define FL_ONLY		2	/* args[1]: F_GETFL, or F_SETFL on args[0] > 2 */
#define PAIR_ONLY	3	/* args[0], the fd: the socket pair to init */
#define NOT_PAIR	4	/* args[0], the fd: anything but the pair */
#define CMSG_CLOEXEC	5	/* args[2], the flags: MSG_CMSG_CLOEXEC set */
#define NOT_UNFIT	6	/* args[0], the status: not "cannot run here" */
#define PEERCRED	7	/* args[1] and [2]: SOL_SOCKET, SO_PEERCRED */

/*
 * All sockd may do once sandboxed: use the sockets it holds, wait,
 * allocate memory it cannot execute, log to stderr, exit.  Anything else
 * kills it.  x32 numbers (bit 30 set) match nothing here, so they kill too.
 *
 * What is not here matters as much.  recvmsg only with MSG_CMSG_CLOEXEC:
 * a -wait client's bundle (the socket holding its fds 0, 1 and 2) comes
 * that way, and sockd.c takes one, with a request's first bytes, and
 * closes any other.  sendmsg, the only way to pass an fd on, goes to the
 * socket pair alone, and fd 4
 * stays the pair: closing it kills, so no dup() can put a client's
 * socket in its place.  sockd cannot hand its sockets to a client.  No
 * shutdown: the listening socket is shared with init and the sockds
 * after this one.  F_SETFL only on its sockets, never on 0, 1 and 2:
 * whatever they are, the file status flags are not sockd's to change.  And no exit with PROTO_SOCKD_EXIT_PERMANENT,
 * which only the sandbox may say (init then gives submissions up): a
 * sockd taken over by a client's bytes cannot say it.  getsockopt only
 * reads SO_PEERCRED, whose a connection is, so that sockd shares its
 * slots fairly between uids; it changes nothing, and tells nothing a
 * client did not show by connecting.
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
	{ SYS_recvmsg,		CMSG_CLOEXEC },
	{ SYS_sendto,		ANY },
	{ SYS_sendmsg,		PAIR_ONLY },
	{ SYS_accept,		ANY },
	{ SYS_accept4,		ANY },
	{ SYS_getsockopt,	PEERCRED },
	{ SYS_close,		NOT_PAIR },
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
	{ SYS_exit,		NOT_UNFIT },
	{ SYS_exit_group,	NOT_UNFIT },
};

/* READ_IMPLIES_EXEC would slip PROT_EXEC past the mmap check. */
static int
no_exec_personality(void)
{
	int	 persona;

	if ((persona = personality(0xffffffff)) == -1)
		return -1;
	if ((persona & READ_IMPLIES_EXEC) &&
	    personality(persona & ~READ_IMPLIES_EXEC) == -1)
		return -1;
	return 0;
}

#define INSN(c, k, t, f)	((struct sock_filter){ (c), (t), (f), (k) })
#define ARG(n)			(offsetof(struct seccomp_data, args[n]))
#define LOAD(off)		INSN(BPF_LD | BPF_W | BPF_ABS, (off), 0, 0)
#define JEQ(k, t, f)		INSN(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f)		INSN(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JSET(k, t, f)		INSN(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(v)			INSN(BPF_RET | BPF_K, (v), 0, 0)
#define AND(k)			INSN(BPF_ALU | BPF_AND | BPF_K, (k), 0, 0)

/*
 * Each entry: "nr? no: skip to the next entry" and a verdict; argument
 * checks load the argument's low 32 bits (prot and cmd are ints, and
 * PROT_EXEC lives there) and kill on a bad value.
 */
static int
allow_syscalls(void)
{
	struct sock_filter	 f[5 + nitems(allowed) * 8];
	struct sock_fprog	 prog;
	size_t			 i, n = 0;

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
		case PAIR_ONLY:
			f[n++] = JEQ(allowed[i].nr, 0, 4);
			f[n++] = LOAD(ARG(0));
			f[n++] = JEQ(PROTO_PAIR_FD, 1, 0);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		case NOT_PAIR:
			f[n++] = JEQ(allowed[i].nr, 0, 4);
			f[n++] = LOAD(ARG(0));
			f[n++] = JEQ(PROTO_PAIR_FD, 0, 1);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		case CMSG_CLOEXEC:
			f[n++] = JEQ(allowed[i].nr, 0, 4);
			f[n++] = LOAD(ARG(2));
			f[n++] = JSET(MSG_CMSG_CLOEXEC, 1, 0);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		case NOT_UNFIT:
			/* The kernel keeps the status's low 8 bits. */
			f[n++] = JEQ(allowed[i].nr, 0, 5);
			f[n++] = LOAD(ARG(0));
			f[n++] = AND(0xff);
			f[n++] = JEQ(PROTO_SOCKD_EXIT_PERMANENT, 0, 1);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		case PEERCRED:
			f[n++] = JEQ(allowed[i].nr, 0, 6);
			f[n++] = LOAD(ARG(1));
			f[n++] = JEQ(SOL_SOCKET, 0, 2);
			f[n++] = LOAD(ARG(2));
			f[n++] = JEQ(SO_PEERCRED, 1, 0);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		case FL_ONLY:
			f[n++] = JEQ(allowed[i].nr, 0, 7);
			f[n++] = LOAD(ARG(1));
			f[n++] = JEQ(F_GETFL, 4, 0);
			f[n++] = JEQ(F_SETFL, 0, 2);
			f[n++] = LOAD(ARG(0));
			f[n++] = JGE(PROTO_LISTEN_FD, 1, 0);
			f[n++] = RET(SECCOMP_RET_KILL_PROCESS);
			break;
		}
		f[n++] = RET(SECCOMP_RET_ALLOW);
	}
	f[n++] = RET(SECCOMP_RET_KILL_PROCESS);

	prog.len = n;
	prog.filter = f;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

int
seccomp_enter(void)
{
	if (no_exec_personality() == -1)
		return -1;
	return allow_syscalls();
}
