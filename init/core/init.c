/*
 * The init role, set up before the loop runs: fds, subreaper, signals,
 * the working directory, the socket and what sockd will need, and how
 * the commands start.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>

#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/caps.h"
#include "common/log.h"
#include "common/privdrop.h"
#include "common/users.h"
#include "common/util.h"
#include "init/config.h"
#include "init/core/cpus.h"
#include "init/core/init.h"
#include "init/core/loop.h"
#include "init/core/shutdown.h"
#include "init/keeper/listen.h"
#include "init/keeper/supervise.h"
#include "init/policy/policy.h"
#include "init/proc/handoff.h"
#include "init/proc/spawn.h"
#include "init/submit/control.h"
#include "init/submit/relay.h"
#include "init/submit/submit.h"

static const int handled[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
	SIGCHLD, SIGPIPE, SIGTTIN, SIGTTOU,
};

/*
 * As PID 1 the kernel drops signals that have no handler, so they are
 * blocked and read from a signalfd; children get the original mask back.
 * TTIN and TTOU are read and dropped: once the primary has the terminal
 * init is in a background group, and neither may stop it or hold up a
 * log line (stty tostop).
 */
static int
signals_setup(void)
{
	sigset_t	 set, orig;
	size_t		 i;
	int		 fd;

	sigemptyset(&set);
	for (i = 0; i < nitems(handled); i++)
		sigaddset(&set, handled[i]);
	if (sigprocmask(SIG_BLOCK, &set, &orig) == -1)
		fatal("sigprocmask");
	if ((fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		fatal("signalfd");
	spawn_init(&orig, open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
	return fd;
}

/*
 * The rules file, read and its names looked up before anything runs; a
 * file that cannot be trusted or read stops dinit.
 */
static const struct policy *
policy_setup(const char *path)
{
	static struct policy	*pol;	/* lives until exit */

	if (path == NULL)
		return NULL;
	if ((pol = calloc(1, sizeof(*pol))) == NULL)
		err(1, NULL);
	policy_load(pol, path);
	log_ev(LL_INFO, NULL, pol->nrules == 1 ?
	    "policy: {rules} rule from {path}" :
	    "policy: {rules} rules from {path}",
	    LOG_FIELDS(LF_INT("rules", pol->nrules), LF_STR("path", path)));
	return pol;
}

/*
 * The audit trail's sinks and key, at start: one that cannot be opened
 * or trusted stops dinit before anything runs.
 */
static void
audit_setup(const struct config *conf)
{
	const char	*why;
	int		 i;

	for (i = 0; i < conf->naudit; i++)
		if ((why = audit_sink(conf->audit[i])) != NULL)
			errx(2, "-audit %s: %s", conf->audit[i], why);
	if (conf->audit_key != NULL &&
	    (why = audit_key(conf->audit_key)) != NULL)
		errx(2, "-audit-key-file %s: %s", conf->audit_key, why);
	audit_begin();
}

/*
 * The socket, and dinit's own binary for sockd to be executed from:
 * opened now, so that a later change of the file or of /proc cannot
 * put another program in sockd's place.
 */
static int
socket_setup(struct config *conf, const struct policy *pol)
{
	int	 lfd, efd;

	if (conf->socket == NULL ||
	    (lfd = listen_open(conf, 0)) == -1)
		return -1;
	if ((efd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("no socket: cannot open /proc/self/exe");
		listen_close(conf);
		close(lfd);
		return -1;
	}
	submit_init(pol);
	control_init(pol);
	relay_init();
	supervise_init(lfd, efd, conf);
	return lfd;
}

/*
 * -run-as: the identity of every -r command, its names looked up now,
 * once.  dinit must be able to take it, and to signal it (the signals
 * it passes on, the shutdown's): a command that outlived the shutdown
 * would be worse than none, so without CAP_KILL dinit does not start.
 */
static const struct ids *
run_as_setup(const char *spec)
{
	static struct user	 u;	/* lives until exit */
	static struct ids	 ids;
	char			 names[64];
	const char		*why;
	uint64_t		 lack;

	if (spec == NULL)
		return NULL;
	if ((why = users_spec(spec, &u)) != NULL)
		log_exit(2, "-run-as {spec}: {why}", LOG_FIELDS(
		    LF_STR("spec", spec), LF_STR("why", why)));
	ids.uid = u.uid;
	ids.gid = u.gid;
	ids.ngroups = u.ngroups;
	ids.groups = u.groups;
	if ((lack = caps_missing(privdrop_needs_signal(&ids))) != 0) {
		caps_names(lack, names, sizeof(names));
		log_exit(2, "-run-as {spec}: dinit lacks {caps}", LOG_FIELDS(
		    LF_STR("spec", spec), LF_STR("caps", names)));
	}
	return &ids;
}

int
init_main(struct config *conf)
{
	struct commands		 cmds;
	const struct policy	*pol;
	int			 pid1, sigfd, lfd, status;

	cmds.ids = run_as_setup(conf->run_as);
	cmds.handoff = handoff_take(conf->preserve_fds);
	pol = policy_setup(conf->policy);
	pid1 = getpid() == 1;
	fd_closefrom(STDERR_FILENO + 1 +
	    (cmds.handoff != NULL ? cmds.handoff->nfds : 0));
	audit_setup(conf);
	log_nonblocking();
	if (!pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		log_warn("cannot become a subreaper; orphans go elsewhere");
	set_gomaxprocs(conf->maxproc);
	sigfd = signals_setup();
	if (chdir("/") == -1)
		fatal("chdir /");
	shutdown_init(pid1);
	lfd = socket_setup(conf, pol);
	status = loop_run(conf, &cmds, sigfd, pid1);
	if (lfd != -1)
		listen_close(conf);
	log_ev(LL_INFO, "exit", "all processes exited, goodbye!",
	    LOG_FIELDS(LF_INT("status", status)));
	return status;
}
