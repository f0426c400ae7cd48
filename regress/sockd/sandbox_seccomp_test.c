/* The seccomp filter: what kills the sandboxed child and what it may do. */
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <atf-c.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/landlock.h>
#include <netinet/in.h>
#include <poll.h>
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/logtext.h"
#include "common/proto.h"
#include "regress/sockd/sandbox_kid.h"
#include "sockd/sandbox.h"

ROOT_TC(no_new_privs_and_seccomp,
    "no_new_privs is set and a seccomp filter is installed")
{
	struct kid	 k;
	char		 mine[32], want[32];

	/* Kyua may run under a container's filter already: one more. */
	proc_value(getpid(), "status", "Seccomp_filters:", mine, sizeof(mine));
	snprintf(want, sizeof(want), "%d", atoi(mine) + 1);
	kid_start(&k, idle);
	wait_ready(&k);
	check_proc(k.pid, "status", "NoNewPrivs:", "1");
	check_proc(k.pid, "status", "Seccomp:", "2");
	check_proc(k.pid, "status", "Seccomp_filters:", want);
	kid_finish(&k);
}

/* Each one is refused by seccomp with SIGSYS, not by an errno. */
static void	call_openat(void);
static void	call_socket(void);
static void	call_clone(void);
static void	call_execve(void);
static void	call_kill(void);
static void	call_ptrace(void);
static void	call_getuid(void);
static void	call_setuid(void);
static void	call_setsockopt(void);
static void	call_mmap_exec(void);
static void	call_mprotect_exec(void);
static void	call_fcntl_dupfd(void);
static void	call_fcntl_setfd(void);
static void	call_fcntl_setfl_stdin(void);
static void	call_fcntl_setfl_stderr(void);
static void	call_sendmsg_elsewhere(void);
static void	call_recvmsg(void);
static void	call_shutdown(void);
static void	call_getsockopt(void);
static void	call_getsockopt_peergroups(void);
static void	call_getsockopt_level(void);
static void	call_close_pair(void);
#ifdef __x86_64__
static void	call_x32_getpid(void);
#endif

static const struct {
	const char	*name;
	void		(*call)(void);
} forbidden[] = {
	{ "openat", call_openat },
	{ "socket", call_socket },
	{ "clone", call_clone },
	{ "execve", call_execve },
	{ "kill", call_kill },
	{ "ptrace", call_ptrace },
	{ "getuid", call_getuid },
	{ "setuid", call_setuid },
	{ "setsockopt", call_setsockopt },
	{ "mmap PROT_EXEC", call_mmap_exec },
	{ "mprotect PROT_EXEC", call_mprotect_exec },
	{ "fcntl F_DUPFD", call_fcntl_dupfd },
	{ "fcntl F_SETFD", call_fcntl_setfd },
	{ "fcntl F_SETFL on fd 0", call_fcntl_setfl_stdin },
	{ "fcntl F_SETFL on fd 2", call_fcntl_setfl_stderr },
	{ "sendmsg to another fd", call_sendmsg_elsewhere },
	{ "recvmsg without MSG_CMSG_CLOEXEC", call_recvmsg },
	{ "shutdown", call_shutdown },
	{ "getsockopt", call_getsockopt },
	{ "getsockopt SO_PEERGROUPS", call_getsockopt_peergroups },
	{ "getsockopt SO_PEERCRED's number at another level",
	    call_getsockopt_level },
	{ "close fd 4", call_close_pair },
#ifdef __x86_64__
	{ "x32 getpid", call_x32_getpid },
#endif
};

static size_t	 forbidden_i;

static void
call_openat(void)
{
	syscall(SYS_openat, AT_FDCWD, ".", O_RDONLY);
}

static void
call_socket(void)
{
	syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
}

static void
call_clone(void)
{
	syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}

static void
call_execve(void)
{
	char	*argv[] = { NULL };

	syscall(SYS_execve, "/nonexistent", argv, argv);
}

static void
call_kill(void)
{
	syscall(SYS_kill, getpid(), 0);
}

static void
call_ptrace(void)
{
	syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0);
}

static void
call_getuid(void)
{
	syscall(SYS_getuid);
}

static void
call_setuid(void)
{
	syscall(SYS_setuid, 0);
}

static void
call_setsockopt(void)
{
	int	 one = 1;

	syscall(SYS_setsockopt, STDERR_FILENO, SOL_SOCKET, SO_KEEPALIVE,
	    &one, sizeof(one));
}

static void
call_mmap_exec(void)
{
	syscall(SYS_mmap, NULL, 4096, PROT_READ | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void
call_mprotect_exec(void)
{
	void	*p;

	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		syscall(SYS_mprotect, p, 4096, PROT_READ | PROT_EXEC);
}

static void
call_fcntl_dupfd(void)
{
	syscall(SYS_fcntl, STDERR_FILENO, F_DUPFD, 0);
}

static void
call_fcntl_setfd(void)
{
	syscall(SYS_fcntl, STDERR_FILENO, F_SETFD, FD_CLOEXEC);
}

/* What a terminal or a log pipe shares with the -r commands. */
static void
call_fcntl_setfl_stdin(void)
{
	syscall(SYS_fcntl, STDIN_FILENO, F_SETFL, O_NONBLOCK);
}

static void
call_fcntl_setfl_stderr(void)
{
	syscall(SYS_fcntl, STDERR_FILENO, F_SETFL, O_NONBLOCK);
}

/* sendmsg anywhere but the socket pair: how sockets would leave sockd. */
static void
call_sendmsg_elsewhere(void)
{
	struct msghdr	 msg;

	memset(&msg, 0, sizeof(msg));
	syscall(SYS_sendmsg, STDERR_FILENO, &msg, 0);
}

/* recvmsg: fds only close-on-exec, as sockd.c takes them. */
static void
call_recvmsg(void)
{
	struct msghdr	 msg;

	memset(&msg, 0, sizeof(msg));
	syscall(SYS_recvmsg, STDERR_FILENO, &msg, MSG_DONTWAIT);
}

/* shutdown: the listening socket is shared with init. */
static void
call_shutdown(void)
{
	syscall(SYS_shutdown, STDERR_FILENO, SHUT_RDWR);
}

static void
getsockopt_raw(int level, int name)
{
	char		 v[256];
	socklen_t	 len = sizeof(v);

	syscall(SYS_getsockopt, STDERR_FILENO, level, name, v, &len);
}

static void
call_getsockopt(void)
{
	getsockopt_raw(SOL_SOCKET, SO_TYPE);
}

/* Only SO_PEERCRED: the uid, to share slots; not the groups. */
static void
call_getsockopt_peergroups(void)
{
	getsockopt_raw(SOL_SOCKET, SO_PEERGROUPS);
}

static void
call_getsockopt_level(void)
{
	getsockopt_raw(IPPROTO_IP, SO_PEERCRED);
}

/* Closing the pair's fd would let dup() put another socket in its place. */
static void
call_close_pair(void)
{
	syscall(SYS_close, PROTO_PAIR_FD);
}

#ifdef __x86_64__
/* The same number in the x32 ABI must not slip through. */
static void
call_x32_getpid(void)
{
	syscall(SYS_getpid | 0x40000000);
}
#endif

static void
forbidden_child(int ctl)
{
	(void)ctl;
	forbidden[forbidden_i].call();
	_exit(0);
}

ROOT_TC(forbidden_calls_kill,
    "a system call outside the allow-list kills with SIGSYS")
{
	struct kid	 k;

	for (forbidden_i = 0; forbidden_i < sizeof(forbidden) /
	    sizeof(forbidden[0]); forbidden_i++) {
		kid_start(&k, forbidden_child);
		kid_finish(&k);
		ATF_CHECK_MSG(WIFSIGNALED(k.status) &&
		    WTERMSIG(k.status) == SIGSYS, "%s: %s",
		    forbidden[forbidden_i].name, status_str(k.status));
	}
}

/* Made before the fork, used by the sandboxed child. */
static int	 lfd = -1, pipefd[2], pair[2];
static uid_t	 me;

static const char *
try_allowed(void)
{
	struct pollfd	 pfd;
	struct iovec	 iov;
	struct msghdr	 msg;
	struct timespec	 ts;
	struct timeval	 tv;
	struct ucred	 cr;
	socklen_t	 crlen = sizeof(cr);
	char		 buf[64], esc[64], *p;
	void		*m;
	int		 fd, fl;

	if (write(pipefd[1], "x", 1) != 1 || read(pipefd[0], buf, 1) != 1)
		return "write/read";
	iov.iov_base = buf;
	iov.iov_len = 2;
	if (writev(pipefd[1], &iov, 1) != 2 || readv(pipefd[0], &iov, 1) != 2)
		return "writev/readv";
	if (write(pipefd[1], "x", 1) != 1)
		return "write";
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) != 1)
		return "poll";
	ts.tv_sec = ts.tv_nsec = 0;
	if (ppoll(&pfd, 1, &ts, NULL) != 1)
		return "ppoll";

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = "msg";
	iov.iov_len = 3;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (sendmsg(PROTO_PAIR_FD, &msg, 0) != 3 ||
	    recv(pair[1], buf, sizeof(buf), MSG_DONTWAIT) != 3 ||
	    memcmp(buf, "msg", 3) != 0)
		return "sendmsg to the pair";
	if (send(PROTO_PAIR_FD, "to", 2, MSG_NOSIGNAL) != 2 ||
	    recv(pair[1], buf, sizeof(buf), MSG_DONTWAIT) != 2)
		return "sendto/recvfrom";
	if (send(pair[1], "in", 2, MSG_NOSIGNAL) != 2)
		return "send to the kid";
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	if (recvmsg(PROTO_PAIR_FD, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT) != 2)
		return "recvmsg with MSG_CMSG_CLOEXEC";

	if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return "accept4";
	if (recv(fd, buf, sizeof(buf), 0) != 5 || memcmp(buf, "hello", 5))
		return "recv on accepted";
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == -1 ||
	    cr.uid != me)
		return "getsockopt SO_PEERCRED";
	if (close(fd) == -1)
		return "close";
	if ((fd = accept(lfd, NULL, NULL)) == -1 || close(fd) == -1)
		return "accept";

	if ((fl = fcntl(pipefd[0], F_GETFL)) == -1 ||
	    fcntl(pipefd[0], F_SETFL, fl | O_NONBLOCK) == -1)
		return "fcntl";

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1 ||
	    clock_gettime(CLOCK_REALTIME, &ts) == -1 ||
	    gettimeofday(&tv, NULL) == -1 || time(NULL) == -1)
		return "clocks";
	ts.tv_sec = 0;
	ts.tv_nsec = 1000;
	if (nanosleep(&ts, NULL) == -1 ||
	    clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL) != 0)
		return "sleep";
	if (getpid() < 1)
		return "getpid";

	if ((p = malloc(16)) == NULL)
		return "malloc small";
	free(p);
	if ((p = malloc(1 << 20)) == NULL)
		return "malloc large";
	memset(p, 1, 1 << 20);
	if ((p = realloc(p, 4 << 20)) == NULL)
		return "realloc";
	free(p);
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return "mmap";
	if ((m = mremap(m, 8192, 16384, MREMAP_MAYMOVE)) == MAP_FAILED)
		return "mremap";
	if (mprotect(m, 4096, PROT_READ) == -1)
		return "mprotect";
	if (madvise(m, 16384, MADV_DONTNEED) == -1)
		return "madvise";
	if (munmap(m, 16384) == -1)
		return "munmap";

	log_escape(esc, sizeof(esc), "a\nb", 3);
	log_info("allowed %s", esc);
	return NULL;
}

/* exit, not _exit: atexit handlers and, under ASan, its exit path. */
static void
allowed_child(int ctl)
{
	const char	*bad;

	bad = try_allowed();
	if (bad == NULL)
		bad = "ok";
	if (write(ctl, bad, strlen(bad)) == -1)
		exit(2);
	exit(0);
}

ROOT_TC(allowed_calls_work,
    "what sockd needs still works: sockets, poll, clocks, memory, "
    "logging, exit")
{
	struct sockaddr_un	 sun;
	struct kid		 k;
	char			 buf[128];
	ssize_t			 n;
	size_t			 len = 0;
	int			 c1, c2, sv[2];

	/* sockd's end of the pair is fd 4, the only fd it may sendmsg on. */
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	ATF_REQUIRE((pair[1] = fcntl(sv[1], F_DUPFD, 10)) != -1);
	close(sv[1]);
	if (sv[0] != PROTO_PAIR_FD) {
		ATF_REQUIRE(fcntl(PROTO_PAIR_FD, F_GETFD) == -1);
		ATF_REQUIRE(dup2(sv[0], PROTO_PAIR_FD) == PROTO_PAIR_FD);
		close(sv[0]);
	}
	pair[0] = PROTO_PAIR_FD;
	me = getuid();
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, "sock", sizeof(sun.sun_path));
	ATF_REQUIRE((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_REQUIRE(listen(lfd, 4) == 0);
	ATF_REQUIRE((c1 = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE((c2 = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(connect(c1, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_REQUIRE(connect(c2, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_REQUIRE(write(c1, "hello", 5) == 5);
	ATF_REQUIRE(pipe(pipefd) == 0);

	kid_start(&k, allowed_child);
	while ((n = read(k.ctl, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	kid_finish(&k);
	ATF_CHECK_MSG(strcmp(buf, "ok") == 0, "failed: %s", buf);
	ATF_CHECK_MSG(WIFEXITED(k.status) && WEXITSTATUS(k.status) == 0,
	    "%s; stderr: %s", status_str(k.status), k.errbuf);
	ATF_CHECK_MSG(strstr(k.errbuf, "dinit: sockd: allowed a\\nb\n") !=
	    NULL, "stderr: %s", k.errbuf);
}

static void
fatal_child(int ctl)
{
	(void)ctl;
	fatalx("given up");
}

ROOT_TC(fatal_exits_cleanly,
    "fatalx inside the sandbox logs its line and exits 1")
{
	struct kid	 k;

	kid_start(&k, fatal_child);
	kid_finish(&k);
	ATF_CHECK_MSG(WIFEXITED(k.status) && WEXITSTATUS(k.status) == 1,
	    "%s", status_str(k.status));
	ATF_CHECK_MSG(strstr(k.errbuf, "dinit: sockd: given up\n") != NULL,
	    "stderr: %s", k.errbuf);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, no_new_privs_and_seccomp);
	ATF_TP_ADD_TC(tp, forbidden_calls_kill);
	ATF_TP_ADD_TC(tp, allowed_calls_work);
	ATF_TP_ADD_TC(tp, fatal_exits_cleanly);
	return atf_no_error();
}
