/*
 * Signals to many processes.  As PID 1 "all" is every process in the
 * container, daemonized ones included; otherwise it is init's children,
 * adopted ones included.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/log.h"
#include "init/child.h"
#include "init/proc.h"
#include "init/shutdown.h"

/* True once init has no child left, without reaping any. */
int
children_gone(void)
{
	siginfo_t	 si;

	return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == -1 &&
	    errno == ECHILD;
}

/* Forward sig to every command init started. */
void
signal_children(int sig)
{
	struct child	*c;

	for (c = child_first(); c != NULL; c = child_next(c))
		if (c->role != ROLE_SOCKD && kill(c->pid, sig) == -1 &&
		    errno != ESRCH)
			log_warn("kill %d", c->pid);
}

/* Not PID 1: every direct child, adopted ones included, from /proc. */
static int
signal_direct(int sig)
{
	char	 path[64], buf[8192], *p, *end;
	long	 pid;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children",
	    (int)getpid());
	if (read_small(path, buf, sizeof(buf)) == -1)
		return -1;
	for (p = buf; (pid = strtol(p, &end, 10)) > 0; p = end)
		(void)kill((pid_t)pid, sig);
	return 0;
}

void
signal_all(int pid1, int sig)
{
	struct child	*c;

	if (pid1) {
		if (kill(-1, sig) == -1 && errno != ESRCH)
			log_warn("kill -1");
		return;
	}
	if (signal_direct(sig) == 0)
		return;
	for (c = child_first(); c != NULL; c = child_next(c))
		(void)kill(c->pid, sig);
}
