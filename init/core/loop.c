/*
 * The event loop: one poll over the signalfd, sockd's channel (or, while
 * no sockd runs, the listening socket), the exec-status pipes of
 * submissions and the relay, with a timeout only when a deadline is
 * pending (SIGKILL at shutdown, sockd's backoff).  It dispatches each
 * event to the file that handles it, and it alone decides the phase and
 * the exit status: the modules report back by returning.
 */
#include <sys/types.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/signame.h"
#include "init/submit/attach.h"
#include "init/keeper/chan.h"
#include "init/proc/child.h"
#include "init/core/loop.h"
#include "init/opts.h"
#include "init/submit/quota.h"
#include "init/proc/reap.h"
#include "init/submit/relay.h"
#include "init/core/shutdown.h"
#include "init/keeper/sockd_log.h"
#include "init/proc/spawn.h"
#include "init/submit/submit.h"
#include "init/keeper/supervise.h"

#define POLL_MAX	(6 + SUBMIT_PENDING_MAX)
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
	(*cp)->started = 1;
	log_event(LL_INFO, "started", LOG_FIELDS(LF_INT("pid", pid),
	    LF_STR("role", child_role(role)), LF_DESC("argv", (*cp)->desc)),
	    "pid %d started: %s", pid, (*cp)->desc);
	return 0;
}

/* A hook or command that did not start; it decides the exit status. */
static int
start_or_say(struct init *in, char **argv, enum role role, int fg,
    struct child **cp)
{
	char	 desc[DESC_MAX];
	int	 e;

	if ((e = start(argv, role, fg, cp)) == 0)
		return 0;
	log_escape(desc, sizeof(desc), argv[0], strlen(argv[0]));
	log_event(LL_WARN, "failed", LOG_FIELDS(LF_STR("role",
	    child_role(role)), LF_STR("error", strerror(e)),
	    LF_ARGV("argv", argv)), "cannot run %s: %s", desc, strerror(e));
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

/*
 * The signal goes out first: the log line and sockd can wait, the
 * commands' handlers should not.
 */
static void
stop(struct init *in, int sig)
{
	int			 out = in->conf->rewrite[sig];
	const struct log_field	*f = LOG_FIELDS(LF_STR("signal", signame(sig)),
	    LF_STR("sent", out != 0 ? signame(out) : NULL),
	    LF_INT("timeout_ms", in->conf->timeout_ms));

	if (in->phase >= PH_STOPPING)
		return;
	if (out != 0)
		shutdown_signal_all(in->pid1, in->conf->pgroup, out);
	enter(in, PH_STOPPING);
	in->killsig = sig;
	ts_now(&in->killat);
	ts_add_ms(&in->killat, in->conf->timeout_ms);
	/* A -wait client gets its command's end: sockd lives to tell it. */
	supervise_stop(submit_attached() == 0 ? STOP_KILL : STOP_KEEP);
	if (out == sig)
		log_event(LL_INFO, "shutdown", f,
		    "shutting down: SIG%s to all processes", signame(sig));
	else if (out != 0)
		log_event(LL_INFO, "shutdown", f,
		    "shutting down: SIG%s (for SIG%s) to all processes",
		    signame(out), signame(sig));
	else
		log_event(LL_INFO, "shutdown", f,
		    "shutting down: SIG%s rewritten to nothing; "
		    "SIGKILL in %lld ms", signame(sig),
		    (long long)in->conf->timeout_ms);
}

/* -stop-delay: the commands run on, so that traffic can drain away. */
static void
drain(struct init *in, int sig)
{
	enter(in, PH_DRAIN);
	in->killsig = sig;
	ts_now(&in->killat);
	ts_add_ms(&in->killat, in->conf->stop_delay_ms);
	log_event(LL_INFO, "drain", LOG_FIELDS(LF_STR("signal", signame(sig)),
	    LF_INT("delay_ms", in->conf->stop_delay_ms)),
	    "SIG%s: shutting down in %lld ms", signame(sig),
	    (long long)in->conf->stop_delay_ms);
}

static void
kill_rest(struct init *in)
{
	in->killed = 1;
	log_event(LL_INFO, "timeout", LOG_FIELDS(LF_STR("sent", "KILL"),
	    LF_INT("timeout_ms", in->conf->timeout_ms)),
	    "timeout after %lld ms: SIGKILL to all processes",
	    (long long)in->conf->timeout_ms);
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
child_exited(struct init *in, struct child *c, int st)
{
	switch (c->role) {
	case ROLE_SOCKD:
		supervise_exited(c->pid, st);
		attach_orphans();
		break;
	case ROLE_SUBMIT:
		submit_exited(c, st);
		/* The last end told: sockd ends once it has read it. */
		if (in->phase >= PH_STOPPING && submit_attached() == 0)
			supervise_stop(STOP_DRAIN);
		break;
	case ROLE_HOOK:
		reap_log(c, st);
		hook_exited(in, st);
		break;
	case ROLE_CMD:
		reap_log(c, st);
		if (c->primary) {
			decide(in, primary_status(in->conf, st));
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
	pid_t		 pid;
	int		 st;

	while ((pid = reap_peek()) > 0) {
		/* A submission's zombie still says whether it ever ran. */
		if ((c = child_find(pid)) != NULL && c->role == ROLE_SUBMIT)
			submit_dying(c);
		st = reap_pid(pid);
		if (c != NULL)
			child_exited(in, c, st);
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
	int			 i;

	for (i = 0; i < FRAME_BURST; i++) {
		switch (chan_read(&f)) {
		case CHAN_NONE:
			return;
		case CHAN_CLOSED:
			chan_close();
			return;
		case CHAN_BAD:
			supervise_distrust(&f);
			return;
		case CHAN_SIGNAL:
			if (submit_signal(&f) == -1) {
				supervise_distrust(&f);
				return;
			}
			break;
		case CHAN_SPAWN:
			if (submit_take(in->conf, in->phase == PH_RUN ||
			    in->phase == PH_DRAIN, &f) == -1) {
				supervise_distrust(&f);
				return;
			}
			break;
		}
	}
}

/* Milliseconds until the next deadline, -1 for none. */
static int
next_timeout(struct init *in)
{
	int	 t = -1, s[3], i;

	if ((in->phase == PH_STOPPING && !in->killed) ||
	    in->phase == PH_DRAIN)
		t = ts_left_ms(&in->killat);
	s[0] = supervise_timeout();
	s[1] = submit_timeout();
	s[2] = quota_flush();
	for (i = 0; i < 3; i++)
		if (s[i] >= 0 && (t == -1 || s[i] < t))
			t = s[i];
	return t;
}

static void
poll_once(struct init *in)
{
	struct pollfd	 pfd[POLL_MAX];
	int		 n, nchan, nexec, nknock, nerr;

	pfd[0].fd = in->sigfd;
	pfd[0].events = POLLIN;
	nchan = chan_pollfd(&pfd[1]);
	n = 1 + nchan;
	nexec = submit_pollfds(&pfd[n], POLL_MAX - n);
	n += nexec;
	nknock = supervise_pollfd(&pfd[n]);
	n += nknock;
	n += nerr = sockd_log_pollfd(&pfd[n]);
	n += relay_pollfds(&pfd[n], POLL_MAX - n);
	if (poll(pfd, n, next_timeout(in)) == -1 && errno != EINTR)
		fatal("poll");
	if (pfd[0].revents)
		read_signals(in);
	/* Exec results first: they free the room new frames need. */
	submit_events(&pfd[1 + nchan], nexec);
	if (nchan && pfd[1].revents)
		read_frames(in);
	supervise_knock(&pfd[1 + nchan + nexec], nknock);
	sockd_log_events(&pfd[1 + nchan + nexec + nknock], nerr);
	relay_events(&pfd[1 + nchan + nexec + nknock + nerr],
	    n - 1 - nchan - nexec - nknock - nerr);
	submit_timer();
	if (in->phase == PH_DRAIN && ts_left_ms(&in->killat) == 0)
		stop(in, in->killsig);
	if (in->phase == PH_STOPPING && !in->killed &&
	    ts_left_ms(&in->killat) == 0)
		kill_rest(in);
	supervise_timer();
}

int
loop_run(const struct config *conf, int sigfd, int pid1)
{
	struct init	 in;
	struct child	*c;

	memset(&in, 0, sizeof(in));
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
		poll_once(&in);
	}
	decide(&in, in.killsig ? 128 + in.killsig : 0);
	return in.status;
}
