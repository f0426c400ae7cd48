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

#endif
