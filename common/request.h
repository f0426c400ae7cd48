/*
 * A request line, as a client writes it and sockd reads it:
 * "[-u UID[:GID]] [-wait [-t]] [-time-limit D] [-reason TEXT] -r CMD ARG ...
 * [-r CMD ...]\n" (the options in any order, each once; -wait, for
 * SPAWN_WAIT in the target's flags, with one command only; -t, for
 * SPAWN_TTY, with -wait only; D a duration, more than 0; -reason, the
 * submitter's, PROTO_REASON_MAX bytes at most), at most
 * REQ_LINE_MAX bytes with the newline, words as in words.h, "\-r" for a
 * literal -r, UID and GID as in idnum.h.  Or a control line:
 * "-status [-json]\n", "-signal ID SIG\n" or "-kill ID\n", ID a
 * submission's id (or "pid:PID" for a -r command or hook, -signal
 * only) in decimal digits without a leading zero, SIG a name of
 * PROTO_CTL_SIGNALS (common/proto.h) with or without SIG, or its
 * number.  The encoders live here so that the client and the fuzzer
 * quote alike; the parser is sockd's alone (sockd/parse.h).
 */
#ifndef DINIT_REQUEST_H
#define DINIT_REQUEST_H

#include <sys/types.h>

#include <stdint.h>

struct spawn_as;

#define REQ_LINE_MAX	512
#define REQ_CMD_MAX	32
#define REQ_ID_MAX	UINT64_C(9007199254740991)	/* 2^53 - 1, as JSON
							   numbers go */

enum req_verb {
	VERB_SPAWN,		/* -r ...: commands to run */
	VERB_STATUS,
	VERB_SIGNAL,
	VERB_KILL,
};

/* A control line: what it asks, of which target. */
struct control_req {
	enum req_verb	 verb;		/* not VERB_SPAWN */
	int		 json;		/* -status -json */
	int		 pid;		/* the target is a -r command's pid */
	uint64_t	 target;	/* 1..REQ_ID_MAX, a pid 1..INT32_MAX */
	int		 sig;		/* -signal: of PROTO_CTL_SIGNALS */
};

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

#define REQ_BAD_ID	"bad id: want a submission's id (pid:PID, a -r " \
			"command's, for -signal)"
#define REQ_BAD_SIGNAL	"bad signal: want HUP INT QUIT TERM USR1 USR2 " \
			"WINCH CONT STOP or ALRM"

/*
 * The target of c (verb set) from w: ID, or pid:PID for -signal; NULL,
 * or why not.
 */
const char	*request_target(struct control_req *, const char *);

/* A signal of PROTO_CTL_SIGNALS by name (with SIG or not) or number; 0. */
int		 request_signal(const char *);

/* A control line into line[0..size), its length in *len; NULL or why not. */
const char	*request_control(char *, size_t, const struct control_req *,
		    size_t *);

#endif
