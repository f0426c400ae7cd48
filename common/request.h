/*
 * A request line, as a client writes it and sockd reads it:
 * "[-u UID[:GID]] [-wait [-t]] [-time-limit D] [-reason TEXT] -r CMD ARG ...
 * [-r CMD ...]\n" (the options in any order, each once; -wait, for
 * SPAWN_WAIT in the target's flags, with one command only; -t, for
 * SPAWN_TTY, with -wait only; D a duration, more than 0; -reason, the
 * submitter's, PROTO_REASON_MAX bytes at most), at most
 * REQ_LINE_MAX bytes with the newline, words as in words.h, "\-r" for a
 * literal -r, UID and GID as in idnum.h.  The encoder lives here so that
 * the client and the fuzzer quote alike; the parser is sockd's alone
 * (sockd/parse.h).
 */
#ifndef DINIT_REQUEST_H
#define DINIT_REQUEST_H

#include <sys/types.h>

struct spawn_as;

#define REQ_LINE_MAX	512
#define REQ_CMD_MAX	32

/*
 * Write the target (NULL or flags 0 for none), the reason (NULL for
 * none) and the commands (each
 * NULL-terminated) as one request line ending in a newline into
 * line[0..size), its length in *len; NULL, or why not: an empty
 * argument, an argument "\-r" (the line has no way to say it), or a line
 * longer than REQ_LINE_MAX or size.
 */
const char	*request_encode(char *, size_t, const struct spawn_as *,
		    const char *, char **const [], int, size_t *);

#endif
