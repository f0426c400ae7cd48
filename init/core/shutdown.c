/*
 * Signals to many processes.  As PID 1 "all" is every process in the
 * container, daemonized ones included; otherwise it is init's children,
 * adopted ones included.  With -g a command's signal goes to its process
 * group, so that the children of a wrapper get it too.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "init/core/shutdown.h"
#include "init/proc/child.h"

static DIR	*procdir;	/* this PID namespace's /proc, as PID 1 */

/*
 * As PID 1: the /proc that lists the container's processes, opened now
 * (whatever is later mounted there, and one cold open less at shutdown);
 * NULL if there is none.
 */
void
shutdown_init(int pid1)
{
	char	 self[16];
	int	 fd;

	if (!pid1 || (fd = open("/proc", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return;
	if (readlinkat(fd, "self", self, sizeof(self)) != 1 ||
	    self[0] != '1' || (procdir = fdopendir(fd)) == NULL)
		close(fd);
}

/* True once init has no child left, without reaping any. */
int
shutdown_children_gone(void)
{
	siginfo_t	 si;

	return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == -1 &&
	    errno == ECHILD;
}

/* sig to pid, or with pgroup to the group it leads. */
static void
signal_one(pid_t pid, int pgroup, int sig)
{
	if (kill(pgroup ? -pid : pid, sig) == -1 && errno != ESRCH)
		log_warn("kill %d", pgroup ? -pid : pid);
}

/* Forward sig to every command init started. */
void
shutdown_signal_children(int pgroup, int sig)
{
	struct child	*c;

	for (c = child_first(); c != NULL; c = child_next(c))
		if (c->role != ROLE_SOCKD)
			signal_one(c->pid, pgroup, sig);
}

/* Not PID 1: every direct child, adopted ones included, from /proc. */
static int
signal_direct(int pgroup, int sig)
{
	char	 path[64], buf[8192], *p, *end;
	long	 pid;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
	    (int)getpid());
	if (read_small(path, buf, sizeof(buf)) == -1)
		return -1;
	for (p = buf; (pid = strtol(p, &end, 10)) > 0; p = end)
		(void)kill(pgroup && getpgid(pid) == pid ? -pid : pid, sig);
	return 0;
}

/*
 * As PID 1, once the commands' groups have it: every other process but
 * sockd.  A process whose group leader is in the child table is skipped:
 * its group had the signal already, or it was born of one since.
 */
static void
signal_rest(int sig)
{
	struct dirent	*e;
	const char	*errstr;
	pid_t		 pid, pg;

	rewinddir(procdir);
	while ((e = readdir(procdir)) != NULL) {
		pid = strtonum(e->d_name, 2, INT_MAX, &errstr);
		if (errstr == NULL && (pg = getpgid(pid)) != -1 &&
		    child_find(pg) == NULL)
			(void)kill(pid, sig);
	}
}

/*
 * As PID 1 the commands come first, by group.  kill(-1) would reach
 * everyone at once, but the kernel walks every process of the host for
 * it, under a lock, and finds the newest, ours, last: 40 us with 110
 * processes on the host, 270 us with 1,100.
 */
void
shutdown_signal_all(int pid1, int pgroup, int sig)
{
	struct child	*c;

	if (pid1 && (sig == SIGKILL || procdir == NULL)) {
		if (kill(-1, sig) == -1 && errno != ESRCH)
			log_warn("kill -1");
		return;
	}
	if (pid1) {
		shutdown_signal_children(1, sig);
		/* Theirs is the CPU first, where they share init's. */
		(void)sched_yield();
		signal_rest(sig);
		return;
	}
	if (signal_direct(pgroup, sig) == 0)
		return;
	for (c = child_first(); c != NULL; c = child_next(c))
		(void)kill(pgroup ? -c->pid : c->pid, sig);
}
