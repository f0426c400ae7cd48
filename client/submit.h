/*
 * dinit -submit: the client.  It runs in the submitter's process, with
 * the submitter's rights, and shares nothing with init but the request
 * grammar (common/request.h).
 */
#ifndef DINIT_CLIENT_SUBMIT_H
#define DINIT_CLIENT_SUBMIT_H

/*
 * Send the commands to the dinit at the socket path, to run as the
 * target (USER[:GROUP], or NULL for oneself), attached if wait (one
 * command), with the reason given (NULL for none); the exit status.
 */
int	submit_main(const char *, const char *, int, const char *,
	    char **const [], int);

#endif
