/*
 * dinit -submit: the client.  It runs in the submitter's process, with
 * the submitter's rights, and shares nothing with init but the request
 * grammar (common/request.h).
 */
#ifndef DINIT_CLIENT_SUBMIT_H
#define DINIT_CLIENT_SUBMIT_H

#include <stdint.h>

/* What -submit sends: the command line's words for it, as main.c read them. */
struct submit_req {
	const char	 *socket;	/* NULL: none */
	const char	 *runas;	/* -u USER[:GROUP], or NULL for oneself */
	int		  wait;		/* -wait: one command, attached */
	int		  tty;		/* -t: on a new terminal, with wait */
	int64_t		  time_ms;	/* -time-limit, 0: none */
	const char	 *reason;	/* -reason, or NULL */
	char **const	 *cmd;
	int		  ncmd;
};

/* Send the request to the dinit at its socket; the exit status. */
int	submit_main(const struct submit_req *);

/*
 * -status (as JSON if json), -signal ID SIG or -kill ID, to the dinit
 * at the socket path: the listing on stdout, or nothing when done;
 * error lines on stderr; the exit status.
 */
int	control_main(const char *, int, int, const char *const [2],
	    const char *);

#endif
