/*
 * Reaping: any zombie, adopted orphans included; the loop asks until
 * none is left.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <string.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/signame.h"
#include "init/proc/child.h"
#include "init/proc/reap.h"

/* A zombie's pid, left unreaped so that it can be looked at; 0 if none. */
pid_t
reap_peek(void)
{
	siginfo_t	 si;

	memset(&si, 0, sizeof(si));
	while (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		if (errno != EINTR)
			return 0;
	return si.si_pid;
}

/*
 * Reap the zombie pid: its wait status, and in *ru what it used with
 * the children it reaped itself (a guard: its whole submission).
 */
int
reap_pid(pid_t pid, struct rusage *ru)
{
	int	 st = 0;

	memset(ru, 0, sizeof(*ru));
	while (wait4(pid, &st, WNOHANG, ru) == -1 && errno == EINTR)
		;
	return st;
}

static long long
tv_ms(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000 + tv->tv_usec / 1000;
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

/*
 * "exited" with its status, or "killed" with the signal's name, how long
 * it ran and what it used; for a submission (sub not NULL), the command's
 * pid, the id, the submitter's reason, and why it was ended if it was.
 */
void
reap_log(const struct child *c, const struct reaped *r,
    const struct sub_end *sub)
{
	const struct end_reason	*why = sub != NULL ? sub->why : NULL;
	uint64_t		 subid = sub != NULL ? sub->id : 0;
	int			 killed = WIFSIGNALED(r->st);

	log_ev(LL_INFO, killed ? "killed" : "exited", killed ?
	    "pid {pid}, finished: {argv} (signal {signal}){why}" :
	    "pid {pid}, finished: {argv} (status {status}){why}",
	    LOG_FIELDS(LF_INT("pid", r->pid),
	    LF_STR("role", child_role(c->role)),
	    LF_INTIF("submission_id", (long long)subid, subid != 0),
	    LF_STRIF("signal", signame(WTERMSIG(r->st)), killed),
	    LF_INTIF("status", wait_status(r->st), !killed),
	    LF_REASON(sub != NULL ? sub->reason : NULL),
	    LF_STRIF("reason", why != NULL ? why->code : NULL, why != NULL),
	    LF_TEXT("why", why != NULL ? why->text : ""),
	    LF_INT("duration_ms", now_ms() - c->started),
	    LF_INT("utime_ms", tv_ms(&r->ru.ru_utime)),
	    LF_INT("stime_ms", tv_ms(&r->ru.ru_stime)),
	    LF_INT("maxrss_kb", r->ru.ru_maxrss),
	    LF_CHILDARGV(c)));
}
