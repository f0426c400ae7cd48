/*
 * The request parser: find the end of the line, split it into words,
 * then cut the words into commands at each -r.  Every limit of a SPAWN
 * frame is checked here, so that a request either runs whole or is
 * refused whole.
 */
#include <string.h>

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

/* "-u UID[:GID]" before the first -r: whom to run the commands as. */
static const char *
target(struct request *r, int *first)
{
	char	**w = r->words.w;

	*first = 0;
	if (r->words.n == 0 || strcmp(w[0], "-u") != 0)
		return NULL;
	if (r->words.n < 2 || idnum_target(w[1], &r->as) == -1)
		return "bad -u: want UID[:GID]";
	*first = 2;
	return NULL;
}

/* The argument vectors: each -r starts a command, "\-r" is a -r. */
static const char *
cut(struct request *r)
{
	char		**w = r->words.w, **slot = r->slot;
	const char	 *why;
	int		  i;

	if ((why = target(r, &i)) != NULL)
		return why;
	if (i < r->words.n && strcmp(w[i], "-wait") == 0) {
		r->as.flags |= SPAWN_WAIT;
		i++;
	}
	if (i < r->words.n && strcmp(w[i], "-reason") == 0) {
		if (i + 1 == r->words.n || w[i + 1][0] == '\0' ||
		    strlen(w[i + 1]) > PROTO_REASON_MAX)
			return "bad -reason: want 1 to 200 bytes";
		r->reason = strcmp(w[i + 1], "\\-r") == 0 ? w[i + 1] + 1 :
		    w[i + 1];
		i += 2;
	}
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
		why = cut(r);
	if (why == NULL)
		why = check(r);
	if (why != NULL) {
		r->ncmd = 0;
		memset(&r->as, 0, sizeof(r->as));
		r->reason = NULL;
		r->why = why;
		return REQ_ERROR;
	}
	return REQ_DONE;
}
