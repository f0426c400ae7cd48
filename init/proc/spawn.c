/*
 * fork and exec.  Whether exec worked is not guessed: the child holds the
 * write end of a close-on-exec pipe, which a successful exec closes and a
 * failed one writes errno into.
 *
 * A child init waits for anyway (dinit's own commands and hooks, which
 * no one else can stop between fork and exec) is made with vfork(2): it
 * borrows init's memory until it execs, which spares copying init's page
 * tables and pages for a process that is about to drop them.  Such a
 * child writes no memory of init's (its environment goes to execvpe(3),
 * and it changes no identity, which is each process's own even then); a
 * submitted command, which its submitter could stop before exec, is
 * vforked by its guard, which has nothing else to do meanwhile, never by
 * init.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/util.h"
#include "init/proc/spawn.h"

/* include/linux/sched.h: forked but has not exec'd; not in uapi. */
#define PF_FORKNOEXEC	0x00000040

static sigset_t	 origmask;
static int	 cwdfd = -1;
static int	 hasterm;	/* init's group is its terminal's foreground */

/*
 * The signal mask init was started with, and the directory it was started
 * in (init itself moves to /), which every child gets back; and whether
 * init has a terminal to hand on, as a container's first process on a
 * terminal does (docker run -it).
 */
void
spawn_init(const sigset_t *mask, int dirfd)
{
	origmask = *mask;
	cwdfd = dirfd;
	hasterm = tcgetpgrp(STDIN_FILENO) == getpgrp();
}

static int
dup_to(int fd, int to)
{
	return fd == to ? 0 : dup2(fd, to);
}

/*
 * fd as to, through a description of its own: whatever the command does
 * to its file status flags or offset stays its own.  -1: keep init's.
 * Without /proc, fd itself: the relay's pipe, which only the commands
 * share, never a description of init's.
 */
static int
fresh_to(int fd, int to)
{
	char	 path[64];
	int	 nfd;

	if (fd == -1)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((nfd = open(path, O_WRONLY | O_NOCTTY)) == -1)
		return errno == ENOENT ? dup_to(fd, to) : -1;
	if (nfd != to && (dup2(nfd, to) == -1 || close(nfd) == -1))
		return -1;
	return 0;
}

/* A client's three fds as 0, 1 and 2, whatever numbers they have now. */
static int
take_io(const int *io)
{
	int	 high[3], k;

	for (k = 0; k < 3; k++)
		if ((high[k] = fcntl(io[k], F_DUPFD_CLOEXEC, 3)) == -1)
			return -1;
	for (k = 0; k < 3; k++)
		if (dup2(high[k], k) == -1)
			return -1;
	return 0;
}

static void __attribute__((noreturn))
child(const struct spawn *sp, int fd)
{
	pid_t	 parent = getppid();
	int	 e, null;

	/* Until exec, for ps(1); spawn_execd does not go by it. */
	(void)prctl(PR_SET_NAME, SPAWN_COMM);
	if (sp->newsession && setsid() == -1)
		goto fail;
	if (sp->pgroup && setpgid(0, 0) == -1)
		goto fail;
	/*
	 * The terminal's keys now go to this group.  Done here, as tini does,
	 * while init's mask still blocks SIGTTOU, which a background group
	 * would otherwise get for asking; if it fails the command runs as
	 * without a terminal.
	 */
	if (sp->foreground && hasterm)
		(void)tcsetpgrp(STDIN_FILENO, getpid());
	if (sigprocmask(SIG_SETMASK, &origmask, NULL) == -1)
		goto fail;
	if (sp->out != NULL && (fresh_to(sp->out[0], STDOUT_FILENO) == -1 ||
	    fresh_to(sp->out[1], STDERR_FILENO) == -1))
		goto fail;
	if (sp->io != NULL && take_io(sp->io) == -1)
		goto fail;
	/*
	 * A session's new terminal (-t), taken in its new session: never
	 * stolen (0), so one that is another session's fails here.
	 */
	if (sp->ctty && (ioctl(STDIN_FILENO, TIOCSCTTY, 0) == -1 ||
	    tcsetpgrp(STDIN_FILENO, getpid()) == -1))
		goto fail;
	if (cwdfd != -1)
		(void)fchdir(cwdfd);
	if (sp->lim != NULL && limits_apply(sp->lim) == -1)
		goto fail;
	if (sp->ids != NULL && privdrop(sp->ids) == -1)
		goto fail;
	/* After the drop, which clears it; a guard already gone is seen. */
	if (sp->guarded && (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 ||
	    getppid() != parent)) {
		errno = ECANCELED;
		goto fail;
	}
	if (sp->nullstdin) {
		if ((null = open("/dev/null", O_RDONLY)) == -1 ||
		    dup2(null, STDIN_FILENO) == -1)
			goto fail;
		if (null != STDIN_FILENO)
			close(null);
	}
	execvpe(sp->argv[0], sp->argv, sp->envp != NULL ? sp->envp : environ);
fail:
	e = errno;
	(void)write(fd, &e, sizeof(e));
	_exit(exec_status(e));
}

/* The fds of init's that sp's child needs, into fds; how many. */
int
spawn_fds(const struct spawn *sp, int *fds)
{
	int	 n = 0, k;

	if (cwdfd != -1)
		fds[n++] = cwdfd;
	for (k = 0; sp->out != NULL && k < 2; k++)
		if (sp->out[k] != -1)
			fds[n++] = sp->out[k];
	for (k = 0; sp->io != NULL && k < 3; k++)
		fds[n++] = sp->io[k];
	return n;
}

/*
 * A child that runs body(arg, fd), fd the write end of a close-on-exec
 * pipe whose read end comes back in *fdp; vforked if so asked.  Its pid,
 * or -1 with errno if fork failed.
 */
pid_t
spawn_piped(int vforked, void (*body)(const void *, int), const void *arg,
    int *fdp)
{
	int	 p[2];
	pid_t	 pid;

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	switch ((pid = vforked ? vfork() : fork())) {
	case -1:
		close(p[0]);
		close(p[1]);
		return -1;
	case 0:
		close(p[0]);
		body(arg, p[1]);
		_exit(127);	/* body does not return */
	}
	close(p[1]);
	*fdp = p[0];
	return pid;
}

static void
child_body(const void *sp, int fd)
{
	child(sp, fd);
}

/*
 * Start argv; returns the pid and, in *fdp, the read end of the
 * exec-status pipe for spawn_result().  -1 with errno if fork failed.
 */
pid_t
spawn(const struct spawn *sp, int *fdp)
{
	return spawn_piped(sp->guarded ||
	    (sp->waited && sp->ids == NULL && sp->io == NULL),
	    child_body, sp, fdp);
}

/*
 * 0 once exec succeeded, the errno that stopped it otherwise, -1 if the
 * child has not got that far (a non-blocking fd with nothing yet).  The
 * fd is closed unless -1 is returned.
 */
int
spawn_result(int fd)
{
	ssize_t	 n;
	int	 e;

	do
		n = read(fd, &e, sizeof(e));
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return -1;
	if (n == 0)
		e = 0;
	else if (n != sizeof(e))
		e = n == -1 ? errno : EIO;
	close(fd);
	return e;
}

/*
 * After the exec-status pipe closed without a word: did pid exec, or die
 * before it did (a submitter can stop and kill its command between the
 * privilege drop and exec)?  The kernel's own mark says: PF_FORKNOEXEC,
 * set at fork and cleared by a successful execve before it closes the
 * close-on-exec fds, and nothing else sets or clears it.  A name, a path
 * or an argv[0] could be chosen by the submitter; this cannot.  So the
 * answer comes at once: 1 if pid has exec'd, 0 if it is dying or dead
 * without (the pipe closed, so it can be on no other way).  Without
 * /proc, 1.
 */
int
spawn_execd(pid_t pid)
{
	char		 path[64], buf[512], *p, *end;
	unsigned long	 flags;
	int		 field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	/* The name, in parentheses, may hold anything: skip past its end. */
	if (read_small(path, buf, sizeof(buf)) == -1 ||
	    (p = strrchr(buf, ')')) == NULL)
		return 1;
	/* state ppid pgrp session tty_nr tpgid flags */
	for (field = 0; field < 7 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL)
		return 1;
	errno = 0;
	flags = strtoul(p + 1, &end, 10);
	if (errno != 0 || end == p + 1)
		return 1;
	return (flags & PF_FORKNOEXEC) == 0;
}

/* The shell's convention: 127 for not found, 126 for not executable. */
int
exec_status(int e)
{
	return e == ENOENT || e == ENOTDIR ? 127 : 126;
}
