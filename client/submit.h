/*
 * dinit -submit: the client.  It runs in the submitter's process, with
 * the submitter's rights, and shares nothing with init but the request
 * grammar (common/request.h).
 */
#ifndef DINIT_CLIENT_SUBMIT_H
#define DINIT_CLIENT_SUBMIT_H

#include <stdint.h>

/*
 * Send the commands to the dinit at the socket path, to run as the
 * target (USER[:GROUP], or NULL for oneself), attached if wait holds
 * SPAWN_WAIT (one command), on a new terminal if SPAWN_TTY too, with a
 * time limit in milliseconds (0: none); the exit status.
 */
int	submit_main(const char *, const char *, unsigned, int64_t,
	    char **const [], int);

#endif
