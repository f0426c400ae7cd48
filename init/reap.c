/*
 * Reaping: any zombie, adopted orphans included; the loop asks until
 * none is left.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>

#include "common/log.h"
#include "init/child.h"
#include "init/reap.h"
#include "init/signame.h"

/* One zombie's pid and status, or 0 if there is none. */
pid_t
reap_one(int *st)
{
	pid_t	 pid;

	while ((pid = waitpid(-1, st, WNOHANG)) == -1 && errno == EINTR)
		;
	return pid > 0 ? pid : 0;
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
