/*
 * The request parser: find the end of the line, split it into words,
 * then cut the words into commands at each -r.  Every limit of a SPAWN
 * frame is checked here, so that a request either runs whole or is
 * refused whole.
 */
#include <stdint.h>
#include <string.h>

#include "common/duration.h"
#include "common/idnum.h"
#include "common/proto.h"
#include "common/words.h"
#include "sockd/parse.h"

enum line {
	L_MORE,			/* no end yet */
	L_NEWLINE,		/* ends at a newline outside quotes */
	L_BAD,			/* no byte to come can make it valid */
};

/*
 * Where the line in s[0..len) ends: at the first newline outside quotes,
 * or just after the first byte that no later byte can make valid, so
 * that words_split says why at once rather than when the client gives
 * up.  Quotes are tracked by parity, exact while they are well placed.
 */
static enum line
line_end(const char *s, size_t len, size_t *end)
{
	unsigned char	 c, prev = ' ';
	size_t		 i;
	int		 quoted = 0;

	for (i = 0; i < len; prev = c, i++) {
		c = s[i];
		*end = i + 1;
		if (c == '"') {
			if (!quoted && !WORD_BLANK(prev) && prev != '"')
				return L_BAD;
			quoted = !quoted;
		} else if (quoted) {
			if (c == '\0')
				return L_BAD;
		} else if (c == '\n') {
			*end = i;
			return L_NEWLINE;
		} else if (WORD_CTRL(c) && c != '\t' && c != '\r')
			return L_BAD;
	}
	return L_MORE;
}

/*
 * "-status [-json]", "-signal ID SIG" or "-kill ID"; NULL with verb
 * VERB_SPAWN for a line that is none of them.
 */
static const char *
control(struct request *r)
{
	struct control_req	*c = &r->ctl;
	char			**w = r->words.w;
	int			  n = r->words.n;

	memset(c, 0, sizeof(*c));
	if (n == 0)
		return NULL;
	if (strcmp(w[0], "-status") == 0) {
		c->verb = VERB_STATUS;
		c->json = n == 2 && strcmp(w[1], "-json") == 0;
		return n == 1 || c->json ? NULL : "want -status [-json]";
	}
	if (strcmp(w[0], "-kill") == 0) {
		c->verb = VERB_KILL;
		return n == 2 ? request_target(c, w[1]) : "want -kill ID";
	}
	if (strcmp(w[0], "-signal") != 0)
		return NULL;
	c->verb = VERB_SIGNAL;
	if (n != 3)
		return "want -signal ID SIG";
	if ((c->sig = request_signal(w[2])) == 0)
		return REQ_BAD_SIGNAL;
	return request_target(c, w[1]);
}

/* "-u UID[:GID]" before the first -r: whom to run the commands as. */
/* -time-limit D: more than 0, at most what the frame's u32 holds. */
static const char *
time_limit(const char *w, struct spawn_as *as)
{
	int64_t	 ms;

	if (w == NULL || parse_duration(w, &ms) == -1 || ms == 0 ||
	    ms > UINT32_MAX)
		return "bad -time-limit: want a duration (30s, 500ms)";
	as->time_ms = ms;
	return NULL;
}

/*
 * The options before the first -r, each once, in any order:
 * "-u UID[:GID]", whom to run the commands as; "-wait"; "-t", with -wait
 * only; "-time-limit D"; "-reason TEXT", the submitter's.
 * The index of the first word after them in *first.
 */
static const char *
options(struct request *r, int *first)
{
	char		**w = r->words.w;
	struct spawn_as	  t;
	const char	 *why, *next, *twice;
	unsigned	  seen = 0, bit;
	int		  i = 0;

	for (; i < r->words.n && strcmp(w[i], "-r") != 0; i++) {
		next = i + 1 < r->words.n ? w[i + 1] : NULL;
		if (strcmp(w[i], "-u") == 0) {
			bit = 1;
			twice = "-u said twice";
			if (next == NULL || idnum_target(next, &t) == -1)
				return "bad -u: want UID[:GID]";
			r->as.flags |= t.flags;
			r->as.uid = t.uid;
			r->as.gid = t.gid;
			i++;
		} else if (strcmp(w[i], "-wait") == 0) {
			bit = 2;
			twice = "-wait said twice";
			r->as.flags |= SPAWN_WAIT;
		} else if (strcmp(w[i], "-t") == 0) {
			bit = 8;
			twice = "-t said twice";
			r->as.flags |= SPAWN_TTY;
		} else if (strcmp(w[i], "-reason") == 0) {
			bit = 16;
			twice = "-reason said twice";
			if (next == NULL || next[0] == '\0' ||
			    strlen(next) > PROTO_REASON_MAX)
				return "bad -reason: want 1 to 200 bytes";
			r->reason = strcmp(next, "\\-r") == 0 ? next + 1 : next;
			i++;
		} else if (strcmp(w[i], "-time-limit") == 0) {
			bit = 4;
			twice = "-time-limit said twice";
			if ((why = time_limit(next, &r->as)) != NULL)
				return why;
			i++;
		} else
			break;
		if (seen & bit)
			return twice;
		seen |= bit;
	}
	if ((r->as.flags & (SPAWN_WAIT | SPAWN_TTY)) == SPAWN_TTY)
		return "-t is for -wait";
	*first = i;
	return NULL;
}

/* The argument vectors: each -r starts a command, "\-r" is a -r. */
static const char *
cut(struct request *r)
{
	char		**w = r->words.w, **slot = r->slot;
	const char	 *why;
	int		  i;

	if ((why = options(r, &i)) != NULL)
		return why;
	if (i == r->words.n || strcmp(w[i], "-r") != 0)
		return "no -r";
	r->ncmd = 0;
	for (; i < r->words.n; i++) {
		if (strcmp(w[i], "-r") == 0) {
			if (r->ncmd == REQ_CMD_MAX)
				return "too many commands";
			if (r->ncmd > 0)
				*slot++ = NULL;
			r->cmd[r->ncmd] = slot;
			r->argc[r->ncmd++] = 0;
			continue;
		}
		if (w[i][0] == '\0')
			return "empty argument";
		if (r->argc[r->ncmd - 1]++ == PROTO_ARGC_MAX)
			return "too many arguments";
		*slot++ = strcmp(w[i], "\\-r") == 0 ? w[i] + 1 : w[i];
	}
	*slot = NULL;
	if (r->as.flags & SPAWN_WAIT && r->ncmd != 1)
		return "-wait takes one command";
	return NULL;
}

/* Each command must be non-empty and fit into a SPAWN frame. */
static const char *
check(const struct request *r)
{
	size_t	 size;
	int	 i, k;

	for (i = 0; i < r->ncmd; i++) {
		if (r->argc[i] == 0)
			return "empty command";
		size = 0;
		for (k = 0; k < r->argc[i]; k++)
			size += strlen(r->cmd[i][k]) + 1;
		if (size > PROTO_ARGV_MAX)
			return "command too long";
	}
	return NULL;
}

enum req_status
request_parse(struct request *r, const char *buf, size_t len, int eof)
{
	enum line	 l;
	size_t		 end = 0;
	const char	*why = NULL;

	r->ncmd = 0;
	memset(&r->as, 0, sizeof(r->as));
	memset(&r->ctl, 0, sizeof(r->ctl));
	r->reason = NULL;
	r->why = NULL;
	/* At most REQ_LINE_MAX bytes with the newline, so one less without. */
	l = line_end(buf, len < REQ_LINE_MAX ? len : REQ_LINE_MAX, &end);
	r->used = l == L_NEWLINE ? end + 1 : len;
	if (l == L_MORE && len >= REQ_LINE_MAX)
		why = "line too long";
	else if (l == L_MORE && !eof)
		return REQ_MORE;
	else if (l == L_MORE)
		end = len;
	else if (l == L_NEWLINE && end > 0 && buf[end - 1] == '\r')
		end--;
	if (why == NULL)
		why = words_split(buf, end, r->buf, sizeof(r->buf), &r->words);
	if (why == NULL)
		why = control(r);
	if (why == NULL && r->ctl.verb == VERB_SPAWN)
		why = cut(r);
	if (why == NULL && r->ctl.verb == VERB_SPAWN)
		why = check(r);
	if (why != NULL) {
		r->ncmd = 0;
		memset(&r->as, 0, sizeof(r->as));
		memset(&r->ctl, 0, sizeof(r->ctl));
		r->reason = NULL;
		r->why = why;
		return REQ_ERROR;
	}
	return REQ_DONE;
}
