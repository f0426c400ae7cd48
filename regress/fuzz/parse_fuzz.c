/*
 * libFuzzer target for the request parser.  Each input is fed as a
 * client would send it, in pieces, with and without EOF: a request, once
 * decided, must not change with more bytes; every accepted command must
 * survive a SPAWN frame unchanged, its target (-u) included; and the
 * request, written anew as a client would (common/request.c), must parse
 * to the same again.  A control line (-status, -signal, -kill) must
 * make a frame that decodes to what it says, and written anew must
 * parse to the same again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "common/request.h"
#include "sockd/parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ASSERT(e)	do { if (!(e)) abort(); } while (0)

/*
 * The encoded frames of all commands, to compare two parses by, and the
 * commands written again as a client would, quoting every word.
 */
struct sig {
	size_t		 len;
	unsigned char	 buf[REQ_CMD_MAX * PROTO_FRAME_MAX];
	size_t		 linelen;
	char		 line[4 * REQ_LINE_MAX];
};

/* As a client would write it, with the one encoder; 0 if too long. */
static void
requote(const struct request *r, struct sig *sig)
{
	const char	*why;

	why = request_encode(sig->line, sizeof(sig->line), &r->as, r->reason,
	    r->cmd, r->ncmd, &sig->linelen);
	ASSERT(why == NULL ||
	    strcmp(why, "request longer than 512 bytes") == 0);
}

static void
check_string(const struct request *r, const char *s)
{
	const char	*end = r->buf + sizeof(r->buf);

	ASSERT(s >= r->buf && s < end);
	ASSERT(memchr(s, '\0', end - s) != NULL);
	ASSERT(s[0] != '\0');
}

static void
check_command(const struct request *r, int i, struct sig *sig)
{
	static struct spawn_msg	 m;
	unsigned char		*p = sig->buf + sig->len;
	enum proto_err		 e;
	size_t			 n;
	int			 k;

	ASSERT(r->argc[i] >= 1 && r->argc[i] <= PROTO_ARGC_MAX);
	ASSERT(r->cmd[i][r->argc[i]] == NULL);
	for (k = 0; k < r->argc[i]; k++)
		check_string(r, r->cmd[i][k]);
	e = proto_encode_spawn(p, PROTO_FRAME_MAX, i, i, r->ncmd, &r->as,
	    r->reason, r->cmd[i], &n);
	ASSERT(e == PROTO_OK && n > 0);
	ASSERT(proto_decode_spawn(p, n, &m) == PROTO_OK);
	ASSERT(m.as.flags == r->as.flags && m.as.uid == r->as.uid &&
	    m.as.gid == r->as.gid);
	ASSERT(m.argc == r->argc[i] && m.argv[m.argc] == NULL);
	for (k = 0; k < m.argc; k++)
		ASSERT(strcmp(m.argv[k], r->cmd[i][k]) == 0);
	ASSERT(strcmp(m.reason, r->reason != NULL ? r->reason : "") == 0);
	sig->len += n;
}

/*
 * A control line: its frame decodes to what it asked, and the line
 * written anew by the client's encoder is kept to parse again.
 */
static void
check_control(const struct request *r, struct sig *sig)
{
	const struct control_req	*c = &r->ctl;
	struct control_msg		 m;
	struct status_msg		 st;
	unsigned char			*p = sig->buf;
	ssize_t				 n;
	int				 op;

	ASSERT(r->ncmd == 0 && r->as.flags == 0);
	if (c->verb == VERB_STATUS) {
		ASSERT(!c->pid && c->target == 0 && c->sig == 0);
		n = proto_encode_status(p, PROTO_FRAME_MAX, 1, PROTO_PAGE_MAX,
		    STATUS_CMDS, 0);
		ASSERT(n > 0 && proto_decode_status(p, n, &st) == PROTO_OK);
	} else {
		ASSERT(!c->json && c->target >= 1);
		ASSERT(c->verb == VERB_SIGNAL ? proto_ctl_signal_ok(c->sig) :
		    c->verb == VERB_KILL && c->sig == 0 && !c->pid);
		op = c->verb == VERB_KILL ? CTL_KILL :
		    c->pid ? CTL_SIGNAL_PID : CTL_SIGNAL;
		n = proto_encode_control(p, PROTO_FRAME_MAX, 1, op, c->sig,
		    c->target);
		ASSERT(n > 0 && proto_decode_control(p, n, &m) == PROTO_OK);
		ASSERT(m.op == op && m.sig == c->sig && m.target == c->target);
	}
	/* What the request said, for the comparison of two parses. */
	memcpy(p + n, c, sizeof(*c));
	sig->len = n + sizeof(*c);
	ASSERT(request_control(sig->line, sizeof(sig->line), c,
	    &sig->linelen) == NULL);
}

static enum req_status
parse(const uint8_t *data, size_t len, int eof, struct sig *sig,
    const char **why)
{
	static struct request	 r;
	enum req_status		 st;
	int			 i;

	sig->len = 0;
	st = request_parse(&r, (const char *)data, len, eof);
	*why = r.why;
	ASSERT(st == REQ_MORE || st == REQ_DONE || st == REQ_ERROR);
	ASSERT((st == REQ_ERROR) == (*why != NULL));
	if (st != REQ_DONE) {
		ASSERT(r.ncmd == 0 && r.as.flags == 0);
		ASSERT(r.ctl.verb == VERB_SPAWN);
		return st;
	}
	/* The line's bytes: up to and with its newline, or all at eof. */
	ASSERT(r.used > 0 && r.used <= len);
	ASSERT(r.used == len ? eof || data[len - 1] == '\n' :
	    data[r.used - 1] == '\n');
	if (r.ctl.verb != VERB_SPAWN) {
		check_control(&r, sig);
		return st;
	}
	ASSERT((r.as.flags & ~SPAWN_FLAGS) == 0);
	ASSERT((r.as.flags & ~(SPAWN_WAIT | SPAWN_TTY)) == 0 ||
	    r.as.flags & SPAWN_AS);
	ASSERT(!(r.as.flags & SPAWN_TTY) || r.as.flags & SPAWN_WAIT);
	ASSERT(!(r.as.flags & SPAWN_WAIT) || r.ncmd == 1);
	ASSERT(r.ncmd >= 1 && r.ncmd <= REQ_CMD_MAX);
	ASSERT(eof || memchr(data, '\n', len) != NULL);
	for (i = 0; i < r.ncmd; i++)
		check_command(&r, i, sig);
	requote(&r, sig);
	return st;
}

static void
same(enum req_status a, const struct sig *sa, const char *wa,
    enum req_status b, const struct sig *sb, const char *wb)
{
	ASSERT(a == b);
	ASSERT(a != REQ_ERROR || strcmp(wa, wb) == 0);
	ASSERT(sa->len == sb->len && memcmp(sa->buf, sb->buf, sa->len) == 0);
}

/* Any more bytes, with or without EOF, change nothing decided. */
static void
more(const uint8_t *data, size_t k, enum req_status st0,
    const struct sig *first, const char *why0)
{
	static struct sig	 now;
	enum req_status		 st;
	const char		*why;
	int			 eof;

	for (eof = 0; eof <= 1; eof++) {
		st = parse(data, k, eof, &now, &why);
		same(st0, first, why0, st, &now, why);
	}
}

/* The prefix of k bytes, as received so far and as all there is. */
static enum req_status
probe(const uint8_t *data, size_t k, struct sig *sig, const char **why)
{
	static struct sig	 ateof;
	enum req_status		 st, ste;
	const char		*whye;

	st = parse(data, k, 0, sig, why);
	ste = parse(data, k, 1, &ateof, &whye);
	ASSERT(ste != REQ_MORE);
	if (st != REQ_MORE)
		same(st, sig, *why, ste, &ateof, whye);
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sig	 first, part, again;
	enum req_status		 st, st2;
	const char		*why, *why2;
	size_t			 max, k[3];
	int			 i;

	max = size < REQ_LINE_MAX + 1 ? size : REQ_LINE_MAX + 1;
	st = probe(data, max, &first, &why);
	/* No more than REQ_LINE_MAX bytes are needed to decide. */
	if (st == REQ_MORE) {
		ASSERT(size < REQ_LINE_MAX);
		return 0;
	}
	/*
	 * A prefix that decides decides the same.  A few prefixes per input
	 * rather than all of them keeps the target fast; which ones varies
	 * with the input.
	 */
	k[0] = max / 2;
	k[1] = size > 0 ? data[0] % max : 0;
	k[2] = size > 1 ? data[size - 1] % max : 0;
	for (i = 0; i < 3; i++) {
		st2 = probe(data, k[i], &part, &why2);
		if (st2 != REQ_MORE) {
			same(st, &first, why, st2, &part, why2);
			more(data, k[i] + 1, st, &first, why);
		}
	}
	more(data, size, st, &first, why);
	/* What was accepted, quoted anew, means the same. */
	if (st != REQ_DONE || first.linelen == 0)
		return 0;
	st2 = parse((const uint8_t *)first.line, first.linelen, 0, &again,
	    &why2);
	same(st, &first, why, st2, &again, why2);
	return 0;
}
