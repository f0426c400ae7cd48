/*
 * sockd's keeper.  sockd is a fresh image of dinit's own binary, executed
 * with an empty environment: nothing of init's memory (its environment,
 * its argv) is in it.  It is started on demand, when a client first
 * waits on the listening socket.  If it dies or breaks the protocol it is
 * killed, and the next client starts a new one, not before a backoff;
 * init never exits over it.
 *
 * No client waits for nothing: while no sockd will serve soon (a long
 * backoff, see backoff.c; sockd given up; shutdown) init closes its
 * listening socket.
 * A client is then refused at once, and one waiting in the backlog sees
 * its connection reset; init reads and writes no byte of theirs.  The
 * file stays, so no one else can bind the path meanwhile, and when the
 * backoff ends a new socket replaces it there without freeing the path
 * for a moment (listen.c): whatever sockd, or anyone of its uid, does
 * to make it die, the path stays dinit's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/caps.h"
#include "common/clock.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/signame.h"
#include "init/config.h"
#include "init/keeper/backoff.h"
#include "init/keeper/chan.h"
#include "init/keeper/listen.h"
#include "init/keeper/peer.h"
#include "init/keeper/sockd_log.h"
#include "init/keeper/sockd_user.h"
#include "init/keeper/supervise.h"
#include "init/proc/child.h"

#define RETRY_MS	30000	/* after a socketpair or fork that failed */

static int		 listenfd = -1;
static struct listener	 listener;	/* listenfd, as the kernel says;
					   .path NULL until asked */
static int		 exefd = -1;
static struct config	*conf;
static char		 tzarg[256];
static pid_t		 sockd_pid = -1;
static int		 armed;		/* the -r commands have started */
static int		 stopped;
static int		 gaveup;	/* sockd cannot run here */
static int		 restart_pending;
static struct timespec	 restart_at;

/*
 * The listening socket, dinit's own binary (opened at start) and the
 * configuration that names sockd's identity.  Without a socket there is
 * nothing to do.
 */
void
supervise_init(int lfd, int efd, struct config *c)
{
	const char	*tz;

	listenfd = lfd;
	exefd = efd;
	conf = c;
	/* Its log's times read as init's; TZ holds no secret. */
	if ((tz = getenv("TZ")) != NULL &&
	    strlen(tz) + 4 <= sizeof(tzarg))
		snprintf(tzarg, sizeof(tzarg), "TZ=%s", tz);
}

/*
 * In the child, so that PID 1 never waits on a name service: the
 * identity sockd drops to (-user, or nobody), looked up only now that a
 * sockd is to run.  Without root, sockd keeps dinit's own.
 */
static void
sockd_ids(char *uid, char *gid, size_t len)
{
	uid_t	 u = geteuid();
	gid_t	 g = getegid();

	if (u == 0) {
		sockd_user(conf);
		u = conf->user_uid;
		g = conf->user_gid;
	}
	snprintf(uid, len, "%u", (unsigned)u);
	snprintf(gid, len, "%u", (unsigned)g);
}

/*
 * In the child: fds 3 and 4, its own pipe as stderr (init/sockd_log.c),
 * no stdin or stdout, a session of its own, then the new image.
 */
static void __attribute__((noreturn))
exec_sockd(const int *sv, int errfd)
{
	char		 uid[16], gid[16];
	char *const	 argv[] = { PROTO_SOCKD_ARGV0, PROTO_SOCKD_FLAG, uid, gid,
			    NULL };
	char		*envp[3] = { NULL, NULL, NULL }, **e = envp;
	int		 l, p;

	if (tzarg[0] != '\0')
		*e++ = tzarg;
	if (conf->log_json)	/* main.c reads it for sockd */
		*e = LOG_FORMAT_ENV "=json";

	sockd_ids(uid, gid, sizeof(uid));
	/*
	 * Nothing of init's stdio (a terminal, under docker run -it): no
	 * stdin or stdout, stderr a pipe of its own.  First, and init's end
	 * closed: room under a low fd limit.
	 */
	if (dup2(errfd, STDERR_FILENO) == -1)
		_exit(126);
	close(errfd);
	close(sv[0]);
	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	if ((l = fcntl(listenfd, F_DUPFD_CLOEXEC, 8)) == -1 ||
	    (p = fcntl(sv[1], F_DUPFD_CLOEXEC, 8)) == -1 ||
	    dup2(l, PROTO_LISTEN_FD) == -1 || dup2(p, PROTO_PAIR_FD) == -1)
		_exit(126);
	(void)setsid();
	fexecve(exefd, argv, envp);
	_exit(127);
}

static void
retry_later(int ms)
{
	restart_pending = 1;
	ts_now(&restart_at);
	ts_add_ms(&restart_at, ms);
}

/* "no WHAT: WITHOUT", after what line has already. */
static void
note_add(char *line, size_t size, const char *what, const char *without)
{
	size_t	 n = strlen(line);

	snprintf(line + n, size - n, "%sno %s: %s", n > 0 ? "; " : "", what,
	    without);
}

/*
 * sockd leaves out, without a word, each step of its sandbox that it
 * lacks the means for (sockd/sandbox.c).  Say which, once, before the
 * first sockd (not at start: a container that never submits has no
 * sockd to speak of): the capabilities sockd will start with follow
 * from init's own, and neither they nor the kernel change.  A dinit that
 * is not root expects no uid to drop to and no chroot, so only a root
 * that lacks a capability, or a kernel without Landlock, is worth a line.
 */
static void
note_sandbox(void)
{
	struct caps	 c;
	enum caps_step	 step;
	uint64_t	 eff, lacks;
	char		 line[256], name[64];

	line[0] = '\0';
	if (caps_get(&c) == -1)
		memset(&c, 0, sizeof(c));
	eff = caps_after_exec(&c);
	for (step = 0; geteuid() == 0 && step < CAPS_NSTEPS; step++) {
		lacks = caps_step_lacks(step, eff);
		if (lacks == 0 || caps_step_without(step) == NULL)
			continue;
		caps_names(lacks, name, sizeof(name));
		note_add(line, sizeof(line), name, caps_step_without(step));
	}
	if (syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION) == -1)
		note_add(line, sizeof(line), "Landlock", "seccomp alone keeps "
		    "files out of its reach");
	if (line[0] != '\0')
		log_warnx("sockd's sandbox: %s", line);
}

static void
start_sockd(void)
{
	static char *const	 name[] = { "sockd", NULL };
	static int		 noted;
	int			 sv[2], errfd;
	pid_t			 pid;

	/* What its sandbox will lack, once, when the first one is needed. */
	if (!noted) {
		note_sandbox();
		noted = 1;
	}

	if ((errfd = sockd_log_open()) == -1) {
		retry_later(RETRY_MS);
		return;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("socketpair");
		close(errfd);
		retry_later(RETRY_MS);
		return;
	}
	if ((pid = fork()) == -1) {
		log_warn("fork sockd");
		close(sv[0]);
		close(sv[1]);
		close(errfd);
		retry_later(RETRY_MS);
		return;
	}
	if (pid == 0)
		exec_sockd(sv, errfd);
	close(sv[1]);
	close(errfd);
	chan_open(sv[0]);
	sockd_pid = pid;
	/* In the trail alone: the log has said nothing of it before. */
	audit_ev(LL_INFO, "sockd", LOG_FIELDS(LF_STR("outcome", "started"),
	    LF_INT("pid", pid)));
	backoff_started();
	if (child_add(pid, ROLE_SOCKD, name) == NULL)
		log_warn("child table");
}

/* From now on a client's knock starts sockd. */
void
supervise_arm(void)
{
	armed = 1;
}

/* No sockd, none backing off: a knock may start one. */
static int
idle(void)
{
	return listenfd != -1 && armed && !stopped && sockd_pid == -1 &&
	    !restart_pending;
}

/*
 * While idle, init polls the listening socket for POLLIN, and does no
 * more: it never accepts, reads or writes a client's bytes.  The client
 * waits in the backlog until the sockd it started takes it.
 */
int
supervise_pollfd(struct pollfd *pfd, int max)
{
	if (!idle() || max < 1)
		return 0;
	pfd->fd = listenfd;
	pfd->events = POLLIN;
	return 1;
}

void
supervise_knock(const struct pollfd *pfd, int n)
{
	if (n > 0 && pfd->revents != 0 && idle())
		start_sockd();
}

/*
 * No sockd will serve soon: clients are refused from now on.  (sockd's
 * copy of the socket, if it still runs, goes with it.)
 */
static void
unlisten(void)
{
	if (listenfd == -1)
		return;
	close(listenfd);
	listenfd = -1;
	listener.path = NULL;
}

/*
 * Shutdown: no new sockd, and no new client (sockd, while it lives,
 * still takes them, and init refuses them).  sockd ends by init's word,
 * not by a signal for all: at once, or once it has told the -wait
 * clients their commands' ends.
 */
void
supervise_stop(enum stop_how how)
{
	stopped = 1;
	restart_pending = 0;
	unlisten();
	if (how == STOP_DRAIN)
		chan_close();
	else if (how == STOP_KILL && sockd_pid != -1)
		kill(sockd_pid, SIGKILL);
}

/* sockd broke the protocol (why): say what it sent, kill it. */
void
supervise_distrust(const struct frame *f, const char *why)
{
	size_t	 n = f->len < 64 ? f->len : 64;

	log_ev(LL_WARN, NULL, "sockd pid {pid} sent a bad frame ({why}): "
	    "\"{frame}\"; killing it", LOG_FIELDS(LF_INT("pid", sockd_pid),
	    LF_STR("why", why), LF_BYTES("frame", (const char *)f->raw, n)));
	if (sockd_pid != -1)
		kill(sockd_pid, SIGKILL);
	chan_close();
}

void
supervise_exited(pid_t pid, int st)
{
	int	 ms, keep;

	sockd_log_drain();
	if (stopped && (WIFSIGNALED(st) ? WTERMSIG(st) == SIGKILL :
	    WEXITSTATUS(st) == 0))
		;	/* supervise_stop(): nothing to report */
	else if (WIFSIGNALED(st))
		log_ev(LL_WARN, "sockd", "sockd pid {pid} killed by SIG{signal}",
		    LOG_FIELDS(LF_STR("outcome", "killed"), LF_INT("pid", pid),
		    LF_STR("signal", signame(WTERMSIG(st)))));
	else if (WEXITSTATUS(st) != PROTO_SOCKD_EXIT_PERMANENT)
		log_ev(LL_WARN, "sockd", "sockd pid {pid} exited with status "
		    "{status}", LOG_FIELDS(LF_STR("outcome", "exited"),
		    LF_INT("pid", pid), LF_INT("status", WEXITSTATUS(st))));
	chan_close();
	sockd_pid = -1;
	if (stopped)
		return;
	if (WIFEXITED(st) && WEXITSTATUS(st) == PROTO_SOCKD_EXIT_PERMANENT) {
		/* It said why; it would say so again. */
		log_warnx("sockd cannot run here; submissions are refused");
		gaveup = 1;
		unlisten();
		return;
	}
	ms = backoff_next(&keep);
	log_info("sockd restarts on demand, not before %d ms", ms);
	retry_later(ms);
	if (!keep)
		unlisten();
}

int
supervise_timeout(void)
{
	return restart_pending ? ts_left_ms(&restart_at) : -1;
}

/*
 * The backoff is over: a client waiting, or the next one, starts sockd.
 * If the socket was closed meanwhile it is made again; where that
 * fails, dinit goes on without.
 */
void
supervise_timer(void)
{
	if (!restart_pending || ts_left_ms(&restart_at) != 0)
		return;
	restart_pending = 0;
	if (listenfd == -1 && !gaveup && !stopped &&
	    (listenfd = listen_open(conf, 1)) == -1)
		gaveup = 1;
}

/*
 * The listening socket as the kernel knows it, which every client's
 * connection must come from; NULL while there is none.  Asked at the
 * first frame: nothing before a client needs it.
 */
const struct listener *
supervise_listener(void)
{
	if (listenfd == -1)
		return NULL;
	if (listener.path == NULL)
		peer_listener(&listener, conf->socket, listenfd);
	return &listener;
}
