/*
 * dinit: a first process for containers.  One binary, three roles:
 * init (PID 1), sockd (executed by init as "dinit -sockd ...") and
 * the -submit client; and two checks, -check-policy and -verify-audit.
 * main only chooses; each role is a folder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/submit.h"
#include "common/log.h"
#include "common/proto.h"
#include "init/core/init.h"
#include "init/policy/policy_check.h"
#include "opts.h"
#include "sockd/sockd.h"
#include "verify/verify.h"

int
main(int argc, char *argv[])
{
	static struct config	 conf;	/* lives until exit */
	const char	*fmt, *why;

	setproctitle_init(argc, argv, environ);
	if (argc > 1 && strcmp(argv[1], PROTO_SOCKD_FLAG) == 0) {
		/* init names its log format in sockd's environment. */
		log_json((fmt = getenv(LOG_FORMAT_ENV)) != NULL &&
		    strcmp(fmt, "json") == 0);
		return sockd_main(argc, argv);
	}
	log_init(NULL);
	if ((why = opts_parse(&conf, argc, argv)) != NULL) {
		fprintf(stderr, "dinit: %s\n", log_text("{msg}",
		    LOG_FIELDS(LF_STR("msg", why))));
		usage(2);
	}
	log_json(conf.log_json);
	if (conf.help)
		usage(0);
	if (conf.version) {
		printf("dinit %s\n", DINIT_VERSION);
		return 0;
	}
	if (conf.as_user != NULL && conf.check_policy == NULL) {
		fprintf(stderr, "dinit: -as-user is for -check-policy\n");
		usage(2);
	}
	if (conf.check_policy != NULL)
		return policy_check_main(&conf);
	if (conf.verify_audit != NULL)
		return verify_main(conf.verify_audit, conf.audit_key,
		    conf.anchor);
	if (conf.anchor != NULL) {
		fprintf(stderr, "dinit: -anchor is for -verify-audit\n");
		usage(2);
	}
	if (conf.json && !conf.status) {
		fprintf(stderr, "dinit: -json is for -status\n");
		usage(2);
	}
	if (conf.status + (conf.signal_args[0] != NULL) +
	    (conf.kill_id != NULL) > 1 || ((conf.status ||
	    conf.signal_args[0] != NULL || conf.kill_id != NULL) &&
	    (conf.ncmd > 0 || conf.submit))) {
		fprintf(stderr, "dinit: one of -status, -signal and -kill, "
		    "without -submit or -r\n");
		usage(2);
	}
	if (conf.status || conf.signal_args[0] != NULL || conf.kill_id != NULL)
		return control_main(conf.socket, conf.status, conf.json,
		    conf.signal_args, conf.kill_id);
	if (conf.ncmd == 0) {
		fprintf(stderr, "dinit: no command: want -r CMD [ARG ...] "
		    "or -- CMD [ARG ...]\n");
		usage(2);
	}
	if (conf.wait && !conf.submit) {
		fprintf(stderr, "dinit: -wait is for -submit\n");
		usage(2);
	}
	if (conf.tty && !conf.wait) {
		fprintf(stderr, "dinit: -t is for -submit -wait\n");
		usage(2);
	}
	if (conf.reason != NULL && !conf.submit) {
		fprintf(stderr, "dinit: -reason is for -submit\n");
		usage(2);
	}
	if (conf.submit)
		return submit_main(&(struct submit_req){ conf.socket,
		    conf.runas, conf.wait, conf.tty, conf.time_limit_ms,
		    conf.reason, conf.cmd, conf.ncmd });
	if (conf.runas != NULL) {
		fprintf(stderr, "dinit: -u is for -submit and -check-policy\n");
		usage(2);
	}
	return init_main(&conf);
}
