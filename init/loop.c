/*
 * The event loop: one ppoll over the signalfd, sockd's socketpair and the
 * exec-status pipes of submissions, with a timeout only when a deadline
 * is pending (SIGKILL at shutdown, sockd's re-fork).  It dispatches; each
 * event is handled in its own function.
 */
#include <sys/types.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "init.h"
#include "log.h"
#include "spawn.h"
#include "submit.h"
#include "supervise.h"

#define POLL_MAX	(2 + SUBMIT_PENDING_MAX)

/* Start argv and wait for its exec; 0, or the errno that stopped it. */
static int
start(char **argv, enum role role, struct child **cp)
{
	struct spawn	 sp = { .argv = argv };
	pid_t		 pid;
	int		 fd, e;

	if ((pid = spawn(&sp, &fd)) == -1)
		return errno;
	if ((e = spawn_result(fd)) != 0)
		return e;
	if ((*cp = child_add(pid, role, argv)) == NULL)
		return errno;
	(*cp)->started = 1;
	log_info("pid %d started: %s", pid, (*cp)->desc);
	return 0;
}

static void
cannot_run(struct init *in, char **argv, int e)
{
	char	 desc[DESC_MAX];

	log_escape(desc, sizeof(desc), argv[0], strlen(argv[0]));
	log_warnx("cannot run %s: %s", desc, strerror(e));
	if (in->status == -1)
		in->status = exec_status(e);
}

int
run_hook(struct init *in, char **argv)
{
	struct child	*c;
	int		 e;

	if ((e = start(argv, ROLE_HOOK, &c)) != 0)
		cannot_run(in, argv, e);
	return e;
}

/* The -r commands in order; one that cannot run stops them all. */
void
run_commands(struct init *in)
{
	const struct config	*conf = in->conf;
	struct child		*c;
	int			 i, e;

	in->phase = PH_RUN;
	for (i = 0; i < conf->ncmd; i++) {
		if ((e = start(conf->cmd[i], ROLE_CMD, &c)) != 0) {
			cannot_run(in, conf->cmd[i], e);
			shutdown_begin(in, SIGTERM);
			return;
		}
		c->primary = conf->primary_all || i == conf->ncmd - 1;
	}
	supervise_start(in);
}

static void
hook_exited(struct init *in, int st)
{
	if (in->phase == PH_STOPHOOK) {
		in->phase = PH_DONE;
		return;
	}
	if (in->phase != PH_START)
		return;
	if (st != 0) {
		in->status = wait_status(st);
		log_warnx("-start failed with status %d", in->status);
		in->phase = PH_DONE;
		return;
	}
	run_commands(in);
}

void
child_exited(struct init *in, struct child *c, int st)
{
	switch (c->role) {
	case ROLE_SOCKD:
		supervise_exited(in, c, st);
		break;
	case ROLE_SUBMIT:
		submit_exited(in, c, st);
		break;
	case ROLE_HOOK:
		log_exit(c, st);
		hook_exited(in, st);
		break;
	case ROLE_CMD:
		log_exit(c, st);
		if (c->primary && in->status == -1)
			in->status = wait_status(st);
		if (c->primary)
			shutdown_begin(in, SIGTERM);
		break;
	}
	child_del(c);
}

/* Every child is gone: run -stop, or finish. */
static void
children_gone(struct init *in)
{
	if (in->conf->stop == NULL || run_hook(in, in->conf->stop) != 0) {
		in->phase = PH_DONE;
		return;
	}
	in->phase = PH_STOPHOOK;
}

static void
on_signal(struct init *in, int sig)
{
	switch (sig) {
	case SIGCHLD:
		reap(in);
		break;
	case SIGTERM:
	case SIGINT:
		if (in->phase == PH_STOPHOOK)
			signal_children(sig);
		else if (in->phase == PH_START || in->phase == PH_RUN)
			shutdown_begin(in, sig);
		break;
	case SIGHUP:
	case SIGQUIT:
	case SIGUSR1:
	case SIGUSR2:
	case SIGWINCH:
		signal_children(sig);
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
			on_signal(in, si[i].ssi_signo);
	if (n == -1 && errno != EAGAIN && errno != EINTR)
		fatal("signalfd");
}

/* Milliseconds until the next deadline, -1 for none. */
static int
next_timeout(struct init *in)
{
	int	 t = -1, s;

	if (in->phase == PH_STOPPING && !in->killed)
		t = ts_left_ms(&in->killat);
	if ((s = supervise_timeout()) >= 0 && (t == -1 || s < t))
		t = s;
	return t;
}

void
loop_run(struct init *in)
{
	struct pollfd	 pfd[POLL_MAX];
	int		 n, nsup, t;

	for (;;) {
		if (in->phase == PH_STOPPING && shutdown_done())
			children_gone(in);
		if (in->phase == PH_DONE)
			return;
		pfd[0].fd = in->sigfd;
		pfd[0].events = POLLIN;
		nsup = supervise_pollfd(&pfd[1]);
		n = 1 + nsup;
		n += submit_pollfds(&pfd[n], POLL_MAX - n);
		t = next_timeout(in);
		if (poll(pfd, n, t) == -1 && errno != EINTR)
			fatal("poll");
		if (pfd[0].revents)
			read_signals(in);
		if (nsup && pfd[1].revents)
			supervise_event(in, pfd[1].revents);
		submit_events(in, &pfd[1 + nsup], n - 1 - nsup);
		if (in->phase == PH_STOPPING && !in->killed &&
		    ts_left_ms(&in->killat) == 0)
			shutdown_kill(in);
		supervise_timer(in);
	}
}
