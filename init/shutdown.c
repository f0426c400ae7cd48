/*
 * Shutdown: the first signal to every process, SIGKILL after -timeout.
 * As PID 1 "every process" is everything in the container, daemonized
 * ones included; otherwise it is init's own children.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init.h"
#include "log.h"
#include "supervise.h"

void
shutdown_begin(struct init *in, int sig)
{
	if (in->phase >= PH_STOPPING)
		return;
	in->phase = PH_STOPPING;
	in->killsig = sig;
	ts_now(&in->killat);
	ts_add_ms(&in->killat, in->conf->timeout_ms);
	supervise_stop();
	log_info("shutting down: SIG%s to all processes", signame(sig));
	signal_all(in, sig);
}

void
shutdown_kill(struct init *in)
{
	in->killed = 1;
	log_info("timeout after %lld ms: SIGKILL to all processes",
	    (long long)in->conf->timeout_ms);
	signal_all(in, SIGKILL);
}

/* True once init has no child left, without reaping any. */
int
shutdown_done(void)
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
signal_all(struct init *in, int sig)
{
	struct child	*c;

	if (in->pid1) {
		if (kill(-1, sig) == -1 && errno != ESRCH)
			log_warn("kill -1");
		return;
	}
	if (signal_direct(sig) == 0)
		return;
	for (c = child_first(); c != NULL; c = child_next(c))
		(void)kill(c->pid, sig);
}
