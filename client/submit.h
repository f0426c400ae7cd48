/*
 * dinit -submit: the client.  It runs in the submitter's process, with
 * the submitter's rights, and shares nothing with init but the request
 * grammar (common/request.h).
 */
#ifndef DINIT_CLIENT_SUBMIT_H
#define DINIT_CLIENT_SUBMIT_H

struct config;

/*
 * Send the -r commands of conf to the dinit at its socket, to run as the
 * target -u (or oneself), attached with -wait (one command), on a new
 * terminal with -t too, with -time-limit and -reason; the exit status.
 */
int	submit_main(const struct config *);

/*
 * -status (as JSON if json), -signal ID SIG or -kill ID, to the dinit
 * at the socket path: the listing on stdout, or nothing when done;
 * error lines on stderr; the exit status.
 */
int	control_main(const char *, int, int, const char *const [2],
	    const char *);

#endif
