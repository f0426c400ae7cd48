/*
 * dinit: a first process for containers.  main parses the command line
 * and becomes either the client (-submit) or init.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>

#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpus.h"
#include "init.h"
#include "listen.h"
#include "log.h"
#include "opts.h"
#include "sockd.h"
#include "spawn.h"

extern char	**environ;

static const int handled[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
	SIGCHLD, SIGPIPE,
};

/*
 * As PID 1 the kernel drops signals that have no handler, so they are
 * blocked and read from a signalfd; children get the original mask back.
 */
static int
signals_setup(void)
{
	sigset_t	 set, orig;
	size_t		 i;
	int		 fd;

	sigemptyset(&set);
	for (i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaddset(&set, handled[i]);
	if (sigprocmask(SIG_BLOCK, &set, &orig) == -1)
		err(1, "sigprocmask");
	if ((fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		err(1, "signalfd");
	spawn_init(&orig, open(".", O_PATH | O_DIRECTORY | O_CLOEXEC));
	return fd;
}

static int
init_main(struct config *conf)
{
	struct init	 in;

	memset(&in, 0, sizeof(in));
	in.conf = conf;
	in.status = -1;
	in.pid1 = getpid() == 1;
	closefrom(STDERR_FILENO + 1);
	if (!in.pid1 && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		warn("cannot become a subreaper; orphans go elsewhere");
	set_gomaxprocs(conf->maxproc);
	in.sigfd = signals_setup();
	if (chdir("/") == -1)
		err(1, "chdir /");
	in.listenfd = conf->socket != NULL ? listen_open(conf) : -1;
	if (in.listenfd != -1)
		opts_user(conf);

	if (conf->start != NULL) {
		in.phase = PH_START;
		if (run_hook(&in, conf->start) != 0)
			in.phase = PH_DONE;
	} else
		run_commands(&in);
	loop_run(&in);

	if (in.listenfd != -1)
		listen_close(conf);
	log_info("all processes exited, goodbye!");
	if (in.status == -1)
		in.status = in.killsig ? 128 + in.killsig : 0;
	return in.status;
}

int
main(int argc, char *argv[])
{
	static struct config	 conf;	/* lives until exit */
	char		 msg[256], esc[sizeof(msg) * 4];

	setproctitle_init(argc, argv, environ);
	log_init(NULL);
	if (opts_parse(&conf, argc, argv, msg, sizeof(msg)) == -1) {
		log_escape(esc, sizeof(esc), msg, strlen(msg));
		fprintf(stderr, "dinit: %s\n", esc);
		usage(2);
	}
	if (conf.help)
		usage(0);
	if (conf.version) {
		printf("dinit %s\n", DINIT_VERSION);
		return 0;
	}
	if (conf.ncmd == 0) {
		fprintf(stderr, "dinit: no command: want -r CMD [ARG ...]\n");
		usage(2);
	}
	if (conf.submit)
		return submit_main(&conf);
	return init_main(&conf);
}
