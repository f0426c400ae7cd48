/*
 * Reaping: every zombie, adopted orphans included, until none is left.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "init.h"
#include "log.h"

void
reap(struct init *in)
{
	struct child	*c;
	pid_t		 pid;
	int		 st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0 ||
	    (pid == -1 && errno == EINTR))
		if (pid > 0 && (c = child_find(pid)) != NULL)
			child_exited(in, c, st);
	/*
	 * Not PID 1: orphans adopted after the SIGKILL round (a killed
	 * child's own children) get theirs too.
	 */
	if (in->killed && !in->pid1)
		signal_all(in, SIGKILL);
}

/* As a shell reports it: the exit status, or 128+N for signal N. */
int
wait_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

void
log_exit(const struct child *c, int st)
{
	if (WIFSIGNALED(st))
		log_info("pid %d, finished: %s (signal %s)", c->pid, c->desc,
		    signame(WTERMSIG(st)));
	else
		log_info("pid %d, finished: %s (status %d)", c->pid, c->desc,
		    wait_status(st));
}
