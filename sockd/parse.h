/*
 * The request parser: one line of at most REQ_LINE_MAX bytes including
 * its newline, "[-u UID[:GID]] [-wait [-t]] [-time-limit D] [-reason TEXT]
 * -r CMD ARG ... [-r CMD ARG ...]\n" (-wait with one command only, -t
 * with -wait only, the options in any order, each once), split
 * as in words.h.  "\-r" is a literal -r.  Nothing is expanded and no
 * name is looked up: the target is numbers only (common/idnum.h).  Or
 * one of the control lines of common/request.h.
 */
#ifndef DINIT_PARSE_H
#define DINIT_PARSE_H

#include <stddef.h>

#include "common/proto.h"
#include "common/request.h"
#include "common/words.h"

#if REQ_CMD_MAX > PROTO_COUNT_MAX
#error "a request's commands must fit the SPAWN frame's count"
#endif

enum req_status {
	REQ_MORE,		/* no end of line yet: read more */
	REQ_DONE,		/* a whole request was parsed */
	REQ_ERROR,		/* refused; why says why */
};

struct request {
	struct control_req ctl;			/* verb VERB_SPAWN: -r */
	struct spawn_as	 as;			/* -u, -wait, -t, -time-limit;
						   or flags 0 */
	const char	*reason;		/* -reason, or NULL */
	int		 ncmd;
	char		**cmd[REQ_CMD_MAX];	/* each NULL-terminated */
	int		 argc[REQ_CMD_MAX];
	char		*slot[WORDS_MAX + 1];
	struct words	 words;
	char		 buf[REQ_LINE_MAX + 1];
	size_t		 used;		/* REQ_DONE: the line's bytes, with
					   its newline */
	const char	*why;		/* REQ_ERROR: why it is refused */
};

/*
 * Parse the bytes received so far, buf[0..len); eof says the peer has
 * finished sending.  Pure: no allocation, no I/O.
 */
enum req_status	request_parse(struct request *, const char *, size_t, int);

#endif
