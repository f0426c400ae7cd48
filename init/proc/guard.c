/*
 * A guard: the process that keeps one submission whole.  init forks it;
 * it makes itself a subreaper and forks the command, so that everything
 * the command starts stays below it, whatever setsid(2) or double fork
 * it goes through: an orphan falls to its nearest subreaper, and no
 * process can leave its ancestor's tree.  When the submission ends (its
 * command exits, or init says so) the guard finds every process left in
 * that tree through /proc's children lists and sends it TERM and CONT
 * (and so, every 50 ms, to any it had not seen: a fork of the moment, an
 * orphan handed over since), then KILL after kill-after, until none is
 * left; then it exits as its command did, so that init's wait4 has the
 * command's status and the whole tree's resource usage.
 *
 * The guard stays root and in a session of its own: the command, run as
 * its submitter, can neither signal it nor reach it through a process
 * group.  It holds no fd of init's once the command is forked.  It
 * speaks to init once, through a pipe (the command's pid, then whether
 * it exec'd), and hears from init through signals: any signal init
 * forwards goes on to the command, and SIGRTMIN with a value says what
 * init wants (guard_tell).  A guard that dies takes its command with it
 * (PR_SET_PDEATHSIG); what the command started then falls to init.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/util.h"
#include "init/proc/guard.h"
#include "init/proc/spawn.h"

#define GUARD_COMM	"dinit-guard"
#define GUARD_POLL_MS	20	/* between rounds of KILL */
#define GUARD_TERM_MS	50	/* between rounds of TERM, for late ones */

/* What the guard tells init, in records of PIPE_BUF or less. */
enum report {
	REPORT_PID = 1,		/* the command's pid */
	REPORT_EXEC = 2,	/* 0: it exec'd; else the errno that stopped it */
};

struct record {
	int32_t		 what;
	int32_t		 value;
};

/* pids, grown as needed. */
struct pids {
	pid_t		*p;
	size_t		 n, cap;
};

/* The guard's own state, in the guard's process only. */
struct state {
	const struct guard *g;
	pid_t		 cmd;		/* its pid, until reaped */
	int		 status;	/* its wait status, once reaped */
	int		 reaped;
	int		 ending;	/* TERM sent: the end has begun */
	struct timespec	 killat;	/* then KILL from this time */
	int		 killing;
	struct pids	 termed;	/* those TERM went to */
};

static void
say(int fd, enum report what, int value)
{
	struct record	 r = { what, value };

	(void)write(fd, &r, sizeof(r));
}

static void
add(struct pids *l, pid_t pid)
{
	pid_t	*np;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		if ((np = reallocarray(l->p, l->cap, sizeof(*np))) == NULL)
			return;		/* the next round finds the rest */
		l->p = np;
	}
	l->p[l->n++] = pid;
}

/* The children of pid, each of its threads', onto l. */
static void
children(struct pids *l, pid_t pid)
{
	char		 path[64], buf[8192], *p, *end;
	struct dirent	*e;
	DIR		*d;
	long		 kid, tid;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if ((tid = strtol(e->d_name, &end, 10)) <= 0 || *end != '\0')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%ld/children",
		    (int)pid, tid);
		if (read_small(path, buf, sizeof(buf)) == -1)
			continue;
		for (p = buf; (kid = strtol(p, &end, 10)) > 0; p = end)
			add(l, kid);
	}
	closedir(d);
}

static int
has(const struct pids *l, pid_t pid)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (l->p[i] == pid)
			return 1;
	return 0;
}

/*
 * sig to every process below the guard, found breadth first; with done,
 * to those not in it only, which it then holds.  A process forked
 * meanwhile is found by the next round; one that dies meanwhile has its
 * children handed to the guard, where the next round finds them.
 */
static void
signal_tree(int sig, struct pids *done)
{
	struct pids	 l = { NULL, 0, 0 };
	size_t		 i;

	children(&l, getpid());
	for (i = 0; i < l.n; i++) {
		if (done == NULL || !has(done, l.p[i])) {
			(void)kill(l.p[i], sig);
			if (sig == SIGTERM)
				(void)kill(l.p[i], SIGCONT);
			if (done != NULL)
				add(done, l.p[i]);
		}
		children(&l, l.p[i]);
	}
	free(l.p);
}

/* The end begins: TERM and CONT now, KILL after kill-after. */
static void
end(struct state *s)
{
	if (s->ending)
		return;
	s->ending = 1;
	if (s->g->teardown)
		signal_tree(SIGTERM, &s->termed);
	else if (!s->reaped) {
		(void)kill(s->cmd, SIGTERM);
		(void)kill(s->cmd, SIGCONT);
	}
	ts_now(&s->killat);
	ts_add_ms(&s->killat, s->g->kill_after_ms);
}

static void
kill_round(struct state *s)
{
	if (s->g->teardown)
		signal_tree(SIGKILL, NULL);
	else if (!s->reaped)
		(void)kill(s->cmd, SIGKILL);
}

/* Leave as the command did: its exit status, or its signal. */
static void __attribute__((noreturn))
leave(const struct state *s)
{
	struct rlimit	 none = { 0, 0 };
	sigset_t	 set;
	int		 sig;

	if (WIFEXITED(s->status))
		_exit(WEXITSTATUS(s->status));
	sig = WTERMSIG(s->status);
	/* A signal's core, if any, was the command's to dump. */
	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)kill(getpid(), sig);
	/* A signal that does not end a process (WINCH) cannot say it. */
	_exit(128 + sig);
}

/* Every zombie below; the command's status kept.  0 once none is left. */
static int
reap(struct state *s)
{
	pid_t	 pid;
	int	 st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == s->cmd && !s->reaped) {
			s->reaped = 1;
			s->status = st;
		}
	return pid == -1 && errno == ECHILD ? 0 : 1;
}

/* A word from init: a signal for the command, or the end (0). */
static void
heard(struct state *s, const siginfo_t *si)
{
	int	 sig = si->si_value.sival_int;

	if (si->si_code != SI_QUEUE || si->si_pid != getppid())
		return;
	if (sig == GUARD_END)
		end(s);
	else if (!s->reaped && sig > 0 && sig < NSIG)
		(void)kill(s->g->pgroup ? -s->cmd : s->cmd, sig);
}

/*
 * After the command exec'd: wait for its end and everything below, then
 * leave as it did.  Signals stay blocked and are taken one by one.
 */
static void __attribute__((noreturn))
watch(struct state *s, const sigset_t *set)
{
	struct timespec	 ts;
	siginfo_t	 si;
	int		 sig, ms, left;

	for (;;) {
		left = reap(s);
		if (s->reaped && !s->g->teardown)
			leave(s);
		if (s->reaped && !left)
			leave(s);
		if (s->reaped)
			end(s);
		ms = -1;
		if (s->ending && !s->killing && ts_left_ms(&s->killat) == 0)
			s->killing = 1;
		if (s->killing) {
			kill_round(s);
			ms = GUARD_POLL_MS;
		} else if (s->ending && s->g->teardown) {
			/* TERM too for what the first round did not see. */
			signal_tree(SIGTERM, &s->termed);
			if ((ms = ts_left_ms(&s->killat)) > GUARD_TERM_MS)
				ms = GUARD_TERM_MS;
		} else if (s->ending)
			ms = ts_left_ms(&s->killat);
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000;
		sig = sigtimedwait(set, &si, ms == -1 ? NULL : &ts);
		if (sig == SIGRTMIN)
			heard(s, &si);
		else if (sig > 0 && sig != SIGCHLD && !s->reaped &&
		    si.si_pid == getppid())
			(void)kill(s->g->pgroup ? -s->cmd : s->cmd, sig);
	}
}

/* Every fd but the n in keep closed. */
static void
close_but(const int *keep, int n)
{
	int	 fd, hi = -1, k;

	for (k = 0; k < n; k++)
		if (keep[k] > hi)
			hi = keep[k];
	for (fd = 0; fd < hi; fd++) {
		for (k = 0; k < n && keep[k] != fd; k++)
			;
		if (k == n)
			(void)close(fd);
	}
	fd_closefrom(hi + 1);
}

static void __attribute__((noreturn))
guard(const struct spawn *sp, const struct guard *g, int report)
{
	struct state	 s;
	sigset_t	 set;
	int		 keep[SPAWN_FDS_MAX + 4] = { 0, 1, 2 }, n, ex, e;

	(void)prctl(PR_SET_NAME, GUARD_COMM);
	memset(&s, 0, sizeof(s));
	s.g = g;
	/*
	 * init's fds are not the guard's, and may leave none for a pipe.  0,
	 * 1 and 2 stay until the command is forked, so that its exec-status
	 * pipe is none of the fds it is about to be given.
	 */
	n = 3 + spawn_fds(sp, keep + 3);
	keep[n++] = report;
	close_but(keep, n);
	sigfillset(&set);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 || setsid() == -1 ||
	    prctl(PR_SET_CHILD_SUBREAPER, 1) == -1 ||
	    (s.cmd = spawn(sp, &ex)) == -1) {
		say(report, REPORT_EXEC, errno);
		_exit(126);
	}
	say(report, REPORT_PID, s.cmd);
	keep[0] = report;
	keep[1] = ex;
	close_but(keep, 2);
	e = spawn_result(ex);
	if (e == 0 && spawn_execd(s.cmd) == 0)
		e = ECANCELED;
	say(report, REPORT_EXEC, e);
	close(report);
	if (e != 0) {
		(void)kill(s.cmd, SIGKILL);
		while (waitpid(s.cmd, NULL, 0) == -1 && errno == EINTR)
			;
		_exit(exec_status(e));
	}
	watch(&s, &set);
}

struct guarded {
	struct spawn	 cmd;
	const struct guard *g;
};

static void
guard_body(const void *arg, int report)
{
	const struct guarded	*gd = arg;

	guard(&gd->cmd, gd->g, report);
}

pid_t
guard_spawn(const struct spawn *sp, const struct guard *g, int *fdp)
{
	struct guarded	 gd;

	gd.cmd = *sp;
	gd.cmd.guarded = 1;
	gd.cmd.waited = 0;
	gd.g = g;
	return spawn_piped(0, guard_body, &gd, fdp);
}

/*
 * What the guard has said on fd, which is non-blocking: -1 while its
 * exec's word is still to come (*cmd is set once its pid is known);
 * otherwise 0 or the errno, and fd is closed.  A guard gone without a
 * word: ECANCELED.
 */
int
guard_result(int fd, pid_t *cmd)
{
	struct record	 r;
	ssize_t		 n;

	for (;;) {
		n = read(fd, &r, sizeof(r));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return -1;
		if (n != sizeof(r))
			break;
		if (r.what == REPORT_PID && r.value > 0)
			*cmd = r.value;
		else if (r.what == REPORT_EXEC) {
			close(fd);
			return r.value;
		}
	}
	close(fd);
	return ECANCELED;
}

/* sig for the command, or GUARD_END: -1 with errno if it cannot go. */
int
guard_tell(pid_t guard, int sig)
{
	union sigval	 v;

	v.sival_int = sig;
	return sigqueue(guard, SIGRTMIN, v);
}
