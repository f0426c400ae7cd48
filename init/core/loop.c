/*
 * The event loop: one poll over what the sources of one table give
 * (the signalfd, the exec-status pipes of submissions, sockd's channel
 * or, while no sockd runs, the listening socket, sockd's stderr, the
 * relay), with a timeout only when a deadline is pending (SIGKILL at
 * shutdown, sockd's backoff, an exec's time).  It dispatches each event
 * to the file that handles it, and it alone decides the phase and the
 * exit status: the modules report back by returning.
 */
#include <sys/types.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/clock.h"
#include "common/log.h"
#include "common/signame.h"
#include "common/util.h"
#include "init/config.h"
#include "init/core/loop.h"
#include "init/core/shutdown.h"
#include "init/keeper/chan.h"
#include "init/keeper/sockd_log.h"
#include "init/keeper/supervise.h"
#include "init/proc/child.h"
#include "init/proc/reap.h"
#include "init/proc/spawn.h"
#include "init/submit/control.h"
#include "init/submit/quota.h"
#include "init/submit/relay.h"
#include "init/submit/submission.h"
#include "init/submit/submit.h"

#define POLL_MAX	(6 + SUB_PENDING_MAX)
#define FRAME_BURST	64	/* frames a turn, so signals are not starved */

enum phase {
	PH_START,		/* -start is running */
	PH_RUN,			/* the -r commands are running */
	PH_DRAIN,		/* -stop-delay: running on before shutdown */
	PH_STOPPING,		/* shutdown signal sent, waiting for all to end */
	PH_STOPHOOK,		/* -stop is running */
	PH_DONE,
};

struct init {
	const struct config	*conf;
	int			 pid1;
	int			 sigfd;
	enum phase		 phase;
	int			 status;	/* exit status, -1 until known */
	int			 killsig;	/* what started the shutdown */
	int			 killed;	/* SIGKILL sent */
	struct timespec		 killat;	/* SIGKILL, or while draining
						   the shutdown signal */
};

/* The one place the phase changes. */
static void
enter(struct init *in, enum phase ph)
{
	in->phase = ph;
}

/* The one place the exit status is decided: the first event wins. */
static void
decide(struct init *in, int status)
{
	if (in->status == -1)
		in->status = status;
}

/*
 * Start argv in a process group of its own, in the terminal's foreground
 * if fg, and wait for its exec; 0, or the errno that stopped it.
 */
static int
start(char **argv, enum role role, int fg, struct child **cp)
{
	struct spawn	 sp = { .argv = argv, .pgroup = 1, .foreground = fg,
			    .waited = 1 };
	pid_t		 pid;
	int		 fd, e;

	if ((pid = spawn(&sp, &fd)) == -1)
		return errno;
	if ((e = spawn_result(fd)) != 0)
		return e;
	if ((*cp = child_add(pid, role, argv)) == NULL)
		return errno;
	log_ev(LL_INFO, "started", "pid {pid} started: {argv}",
	    LOG_FIELDS(LF_INT("pid", pid), LF_STR("role", child_role(role)),
	    LF_CHILDARGV(*cp)));
	return 0;
}

/* A hook or command that did not start; it decides the exit status. */
static int
start_or_say(struct init *in, char **argv, enum role role, int fg,
    struct child **cp)
{
	int	 e;

	if ((e = start(argv, role, fg, cp)) == 0)
		return 0;
	log_ev(LL_WARN, "failed", "cannot run {cmd}: {error}",
	    LOG_FIELDS(LF_STR("role", child_role(role)),
	    LF_STR("error", strerror(e)), LF_ARGV("argv", argv),
	    LF_TEXT("cmd", argv[0])));
	decide(in, exec_status(e));
	return -1;
}

/* sig, as -rewrite has it, to every command; 0 sends nothing. */
static void
forward(struct init *in, int sig)
{
	if ((sig = in->conf->rewrite[sig]) != 0)
		shutdown_signal_children(in->conf->pgroup, sig);
}

/* The shutdown line's text, by what -rewrite made of sig. */
static const char *
stop_text(int sig, int out)
{
	if (out == sig)
		return "shutting down: SIG{signal} to all processes";
	if (out != 0)
		return "shutting down: SIG{sent} (for SIG{signal}) "
		    "to all processes";
	return "shutting down: SIG{signal} rewritten to nothing; "
	    "SIGKILL in {timeout_ms} ms";
}

/*
 * The signal goes out first: the log line and sockd can wait, the
 * commands' handlers should not.
 */
static void
stop(struct init *in, int sig)
{
	int	 out = in->conf->rewrite[sig];

	if (in->phase >= PH_STOPPING)
		return;
	if (out != 0)
		shutdown_signal_all(in->pid1, in->conf->pgroup, out);
	enter(in, PH_STOPPING);
	in->killsig = sig;
	ts_now(&in->killat);
	ts_add_ms(&in->killat, in->conf->timeout_ms);
	/* A -wait client gets its command's end: sockd lives to tell it. */
	supervise_stop(sub_attached() == 0 ? STOP_KILL : STOP_KEEP);
	log_ev(LL_INFO, "shutdown", stop_text(sig, out),
	    LOG_FIELDS(LF_STR("signal", signame(sig)),
	    LF_STR("sent", out != 0 ? signame(out) : NULL),
	    LF_INT("timeout_ms", in->conf->timeout_ms)));
}

/* -stop-delay: the commands run on, so that traffic can drain away. */
static void
drain(struct init *in, int sig)
{
	enter(in, PH_DRAIN);
	in->killsig = sig;
	ts_now(&in->killat);
	ts_add_ms(&in->killat, in->conf->stop_delay_ms);
	log_ev(LL_INFO, "drain", "SIG{signal}: shutting down in {delay_ms} ms",
	    LOG_FIELDS(LF_STR("signal", signame(sig)),
	    LF_INT("delay_ms", in->conf->stop_delay_ms)));
}

static void
kill_rest(struct init *in)
{
	in->killed = 1;
	log_ev(LL_INFO, "timeout",
	    "timeout after {timeout_ms} ms: SIGKILL to all processes",
	    LOG_FIELDS(LF_STR("sent", "KILL"),
	    LF_INT("timeout_ms", in->conf->timeout_ms)));
	shutdown_signal_all(in->pid1, in->conf->pgroup, SIGKILL);
}

/* The -r commands in order; one that cannot run stops them all. */
static void
run_commands(struct init *in)
{
	const struct config	*conf = in->conf;
	struct child		*c;
	int			 i;

	enter(in, PH_RUN);
	for (i = 0; i < conf->ncmd; i++) {
		if (start_or_say(in, conf->cmd[i], ROLE_CMD,
		    i == conf->ncmd - 1, &c) == -1) {
			stop(in, SIGTERM);
			return;
		}
		c->primary = conf->primary_all || i == conf->ncmd - 1;
	}
	supervise_arm();
}

static void
hook_exited(struct init *in, int st)
{
	if (in->phase == PH_STOPHOOK) {
		enter(in, PH_DONE);
		return;
	}
	if (in->phase != PH_START)
		return;
	if (st != 0) {
		decide(in, wait_status(st));
		log_warnx("-start failed with status %d", wait_status(st));
		enter(in, PH_DONE);
		return;
	}
	run_commands(in);
}

/* A primary's status, or 0 where -e says so. */
static int
primary_status(const struct config *conf, int st)
{
	int	 s = wait_status(st);

	return conf->exit_zero[s] ? 0 : s;
}

static void
child_exited(struct init *in, struct child *c, const struct reaped *r)
{
	switch (c->role) {
	case ROLE_SOCKD:
		supervise_exited(c->pid, r->st);
		sub_orphans();
		break;
	case ROLE_SUBMIT:
		sub_exited(c, r);
		/* The last end told: sockd ends once it has read it. */
		if (in->phase >= PH_STOPPING && sub_attached() == 0)
			supervise_stop(STOP_DRAIN);
		break;
	case ROLE_HOOK:
		reap_log(c, r, NULL);
		hook_exited(in, r->st);
		break;
	case ROLE_CMD:
		reap_log(c, r, NULL);
		if (c->primary) {
			decide(in, primary_status(in->conf, r->st));
			stop(in, SIGTERM);
		}
		break;
	}
	child_del(c);
}

static void
reap_all(struct init *in)
{
	struct child	*c;
	struct reaped	 r;
	pid_t		 pid;

	while ((pid = reap_peek()) > 0) {
		/* A submission's zombie still says whether it ever ran. */
		if ((c = child_find(pid)) != NULL && c->role == ROLE_SUBMIT)
			sub_dying(c);
		r.pid = pid;
		r.st = reap_pid(pid, &r.ru);
		if (c != NULL)
			child_exited(in, c, &r);
	}
	/*
	 * Not PID 1: orphans adopted after the SIGKILL round (a killed
	 * child's own children) get theirs too.
	 */
	if (in->killed && !in->pid1)
		shutdown_signal_all(in->pid1, in->conf->pgroup, SIGKILL);
}

/* Every child is gone: run -stop, or finish. */
static void
all_gone(struct init *in)
{
	struct child	*c;

	if (in->conf->stop == NULL ||
	    start_or_say(in, in->conf->stop, ROLE_HOOK, 1, &c) == -1)
		enter(in, PH_DONE);
	else
		enter(in, PH_STOPHOOK);
}

/*
 * A key (INT, QUIT) or a resize (WINCH) the terminal signalled to its
 * foreground group, which has it already; init's group has the terminal
 * only before the first command takes it, or when one hands it back.
 * No process can forge SI_KERNEL; kill(2) sends SI_USER.
 */
static int
from_terminal(const struct signalfd_siginfo *si)
{
	return si->ssi_code == SI_KERNEL && (si->ssi_signo == SIGINT ||
	    si->ssi_signo == SIGQUIT || si->ssi_signo == SIGWINCH);
}

static void
on_signal(struct init *in, const struct signalfd_siginfo *si)
{
	int	 sig = si->ssi_signo;

	if (from_terminal(si)) {
		log_info("SIG%s from the terminal: not for dinit",
		    signame(sig));
		return;
	}
	switch (sig) {
	case SIGCHLD:
		reap_all(in);
		break;
	case SIGTERM:
	case SIGINT:
		if (in->phase == PH_STOPHOOK)
			forward(in, sig);
		else if (in->phase == PH_RUN && in->conf->stop_delay_ms > 0)
			drain(in, sig);
		else if (in->phase <= PH_DRAIN)
			stop(in, sig);
		break;
	case SIGHUP:
	case SIGQUIT:
	case SIGUSR1:
	case SIGUSR2:
	case SIGWINCH:
		forward(in, sig);
		break;
	}
}

static void
read_signals(struct init *in)
{
	struct signalfd_siginfo	 si[16];
	ssize_t			 n;
	size_t			 i;

	while ((n = read(in->sigfd, si, sizeof(si))) > 0)
		for (i = 0; i < (size_t)n / sizeof(si[0]); i++)
			on_signal(in, &si[i]);
	if (n == -1 && errno != EAGAIN && errno != EINTR)
		fatal("signalfd");
}

/* sockd's frames, a bounded number a turn. */
static void
read_frames(struct init *in)
{
	static struct frame	 f;
	const char		*why = NULL;
	int			 i;

	for (i = 0; i < FRAME_BURST && why == NULL; i++) {
		switch (chan_read(&f)) {
		case CHAN_NONE:
			return;
		case CHAN_CLOSED:
			chan_close();
			return;
		case CHAN_BAD:
			why = f.why;
			break;
		case CHAN_SIGNAL:
			why = submit_signal(&f);
			break;
		case CHAN_STATUS:
			why = control_status(&f);
			break;
		case CHAN_CONTROL:
			why = control_take(in->conf, &f);
			break;
		case CHAN_SPAWN:
			why = submit_take(in->conf, in->phase == PH_RUN ||
			    in->phase == PH_DRAIN, &f);
			break;
		}
	}
	if (why != NULL)
		supervise_distrust(&f, why);
}

/*
 * The loop's contract with the rooms below it, one source a row: its
 * fds (how many it put in), what to do when they are ready, the
 * milliseconds until its timer work is due (-1: none; a query, with no
 * side effect) and that work.  The rows' order is the order of their
 * turns: signals first; exec results before frames, since they free the
 * room new frames need.  Nothing here wakes on a fixed period: every
 * deadline is a real one.
 */
struct source {
	int	(*fds)(struct pollfd *, int);
	void	(*ready)(const struct pollfd *, int);
	int	(*due)(void);
	void	(*timer)(void);
};

static struct init	*self;		/* for the rows of the loop's own */

static int
signal_fds(struct pollfd *pfd, int max)
{
	if (max < 1)
		return 0;
	pfd->fd = self->sigfd;
	pfd->events = POLLIN;
	return 1;
}

static void
signal_ready(const struct pollfd *pfd, int n)
{
	if (n > 0 && pfd->revents)
		read_signals(self);
}

static void
frame_ready(const struct pollfd *pfd, int n)
{
	if (n > 0 && pfd->revents)
		read_frames(self);
}

/* While draining or stopping: when the next signal of the shutdown is. */
static int
phase_due(void)
{
	if ((self->phase == PH_STOPPING && !self->killed) ||
	    self->phase == PH_DRAIN)
		return ts_left_ms(&self->killat);
	return -1;
}

static void
phase_timer(void)
{
	if (self->phase == PH_DRAIN)
		stop(self, self->killsig);
	else if (self->phase == PH_STOPPING && !self->killed)
		kill_rest(self);
}

static const struct source	 sources[] = {
	{ signal_fds,		signal_ready,		phase_due,	phase_timer },
	{ sub_pollfds,		sub_events,		sub_timeout,	sub_timer },
	{ chan_pollfd,		frame_ready,		NULL,		NULL },
	{ supervise_pollfd,	supervise_knock,	supervise_timeout,
	    supervise_timer },
	{ sockd_log_pollfd,	sockd_log_events,	NULL,		NULL },
	{ relay_pollfds,	relay_events,		NULL,		NULL },
	{ NULL,			NULL,			quota_flush_due,
	    quota_flush },
	{ NULL,			NULL,			audit_due,	audit_timer },
};

/* Milliseconds until the first timer work is due, -1 for none. */
static int
next_due(void)
{
	size_t	 i;
	int	 t = -1, d;

	for (i = 0; i < nitems(sources); i++)
		if (sources[i].due != NULL && (d = sources[i].due()) >= 0 &&
		    (t == -1 || d < t))
			t = d;
	return t;
}

static void
poll_once(void)
{
	struct pollfd	 pfd[POLL_MAX];
	int		 at[nitems(sources)], cnt[nitems(sources)];
	size_t		 i;
	int		 n = 0;

	for (i = 0; i < nitems(sources); i++) {
		at[i] = n;
		cnt[i] = sources[i].fds != NULL ?
		    sources[i].fds(&pfd[n], POLL_MAX - n) : 0;
		n += cnt[i];
	}
	if (poll(pfd, n, next_due()) == -1) {
		if (errno != EINTR)
			fatal("poll");
		return;		/* no revents to read; the timers next turn */
	}
	for (i = 0; i < nitems(sources); i++)
		if (sources[i].ready != NULL)
			sources[i].ready(&pfd[at[i]], cnt[i]);
	for (i = 0; i < nitems(sources); i++)
		if (sources[i].due != NULL && sources[i].due() == 0)
			sources[i].timer();
}

int
loop_run(const struct config *conf, int sigfd, int pid1)
{
	struct init	 in;
	struct child	*c;

	memset(&in, 0, sizeof(in));
	self = &in;
	in.conf = conf;
	in.sigfd = sigfd;
	in.pid1 = pid1;
	in.status = -1;
	if (conf->start == NULL)
		run_commands(&in);
	else if (start_or_say(&in, conf->start, ROLE_HOOK, 1, &c) == 0)
		enter(&in, PH_START);
	else
		enter(&in, PH_DONE);
	for (;;) {
		if (in.phase == PH_STOPPING && shutdown_children_gone())
			all_gone(&in);
		if (in.phase == PH_DONE)
			break;
		poll_once();
	}
	decide(&in, in.killsig ? 128 + in.killsig : 0);
	return in.status;
}
