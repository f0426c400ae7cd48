/*
 * init's configuration, as the command line (opts.c, beside main.c)
 * leaves it.  -check-policy reads its few fields from it too; main.c
 * hands the client its own (client/submit.h); init's files read nothing
 * else of the command line.
 */
#ifndef DINIT_CONFIG_H
#define DINIT_CONFIG_H

#include <sys/types.h>

#include <signal.h>
#include <stdint.h>

#include "common/limits.h"

#define CMD_MAX		256
#define STATUS_MAX	256		/* exit statuses, 0..255 */

struct config {
	int		  primary_all;
	int		  pgroup;		/* -g: signal process groups */
	int		  expand;		/* $NAME in -r, -start, -stop */
	int64_t		  timeout_ms;
	int64_t		  stop_delay_ms;	/* -stop-delay */
	unsigned char	  exit_zero[STATUS_MAX];	/* -e: taken as 0 */
	unsigned char	  rewrite[NSIG];	/* -rewrite; 0: none */
	char		**start;		/* argv, or NULL */
	char		**stop;
	double		  maxproc;
	int		  submit;
	int		  wait;			/* -submit -wait */
	int		  tty;			/* -wait -t: a new terminal */
	const char	 *reason;		/* -submit -reason TEXT */
	int		  status;		/* -status */
	int		  json;			/* -status -json */
	const char	 *signal_args[2];	/* -signal ID SIG */
	const char	 *kill_id;		/* -kill ID */
	const char	 *socket;		/* NULL: no socket */
	int		  socket_given;		/* by -socket or DINIT_SOCKET */
	mode_t		  socket_mode;
	gid_t		  socket_gid;		/* (gid_t)-1: root's */
	uid_t		  user_uid;		/* (uid_t)-1: nobody, looked up
						   by sockd_user() */
	gid_t		  user_gid;
	int		  submit_env_inherit;
	int		  submit_max;		/* running at once */
	int		  submit_rate;		/* per second, 0: no limit */
	struct limits	  submit_limit;		/* where no rule limits */
	int64_t		  time_limit_ms;	/* -submit -time-limit, 0: none */
	const char	 *runas;		/* -u USER[:GROUP], or NULL */
	const char	 *policy;		/* -policy FILE, or NULL */
	const char	 *check_policy;		/* -check-policy FILE */
	const char	 *as_user;		/* -as-user SUBMITTER */
	const char	 *run_as;		/* -run-as USER[:GROUP], or NULL */
	int		  preserve_fds;		/* -preserve-fds: for the primary */
	int		  log_json;		/* -log-format json */
	int		  naudit;		/* -audit SINK, repeatable */
	const char	 *audit[8];		/* AUDIT_SINKS_MAX */
	const char	 *audit_key;		/* -audit-key-file, or NULL */
	const char	 *verify_audit;		/* -verify-audit FILE */
	const char	 *anchor;		/* -anchor SEQ:MAC */
	uint64_t	  redact;		/* -redact: words the log hides
						   where no rule says */
	int		  version;
	int		  help;
	int		  ncmd;
	char		**cmd[CMD_MAX];
};

#endif
