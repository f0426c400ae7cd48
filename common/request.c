/*
 * The request encoder: words quoted as Go's encoding/csv would with a
 * space as separator (quoted when they hold a blank, a quote or a
 * control byte; a quote doubled inside), "\-r" for a literal -r.
 */
#include <sys/types.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/proto.h"
#include "common/request.h"
#include "common/signame.h"
#include "common/words.h"

struct line {
	char	*buf;
	size_t	 len;
	size_t	 max;		/* without the final newline */
};

static int
put(struct line *l, char c)
{
	if (l->len == l->max)
		return -1;
	l->buf[l->len++] = c;
	return 0;
}

static int
put_str(struct line *l, const char *s)
{
	for (; *s != '\0'; s++)
		if (put(l, *s) == -1)
			return -1;
	return 0;
}

static int
needs_quotes(const char *w)
{
	for (; *w != '\0'; w++)
		if (WORD_BLANK(*w) || WORD_CTRL(*w) || *w == '"')
			return 1;
	return 0;
}

/* Why the line cannot carry w, or NULL. */
static const char *
unsendable(const char *w)
{
	if (w[0] == '\0')
		return "empty arguments cannot be submitted";
	/* The parser reads "\-r", quoted or not, as -r. */
	if (strcmp(w, "\\-r") == 0)
		return "\\-r cannot be submitted";
	return NULL;
}

static int
put_word(struct line *l, const char *w)
{
	int	 q, r;

	if (l->len > 0 && put(l, ' ') == -1)
		return -1;
	if (strcmp(w, "-r") == 0)
		w = "\\-r";
	q = needs_quotes(w);
	r = q ? put(l, '"') : 0;
	for (; r == 0 && *w != '\0'; w++)
		if ((r = put(l, *w)) == 0 && q && *w == '"')
			r = put(l, '"');
	if (r == 0 && q)
		r = put(l, '"');
	return r;
}

/* "-u UID[:GID]", the target, if there is one. */
static int
put_target(struct line *l, const struct spawn_as *as)
{
	char	 w[sizeof("-u 4294967295:4294967295")];

	if (as == NULL || !(as->flags & SPAWN_AS))
		return 0;
	if (as->flags & SPAWN_AS_GID)
		snprintf(w, sizeof(w), "-u %u:%u", (unsigned)as->uid,
		    (unsigned)as->gid);
	else
		snprintf(w, sizeof(w), "-u %u", (unsigned)as->uid);
	return put_str(l, w);
}

/* "-time-limit Nms", the client's time limit. */
static int
put_time(struct line *l, uint32_t ms)
{
	char	 w[sizeof(" -time-limit 4294967295ms")];

	snprintf(w, sizeof(w), "%s-time-limit %ums", l->len > 0 ? " " : "",
	    (unsigned)ms);
	return put_str(l, w);
}

const char *
request_encode(char *buf, size_t size, const struct spawn_as *as,
    const char *reason, char **const cmd[], int ncmd, size_t *lenp)
{
	struct line	 l = { buf, 0, 0 };
	const char	*why, *toolong = "request longer than 512 bytes";
	int		 i, k;

	*lenp = 0;
	if (size == 0)
		return toolong;
	l.max = (size < REQ_LINE_MAX ? size : REQ_LINE_MAX) - 1;
	if (as != NULL && ((as->flags & SPAWN_AS && as->uid > PROTO_ID_MAX) ||
	    (as->flags & SPAWN_AS_GID && as->gid > PROTO_ID_MAX)))
		return "uid or gid out of range";
	if (put_target(&l, as) == -1)
		return toolong;
	if (as != NULL && as->flags & SPAWN_WAIT && ncmd != 1)
		return "-wait takes one command";
	if (as != NULL && as->flags & SPAWN_WAIT &&
	    put_str(&l, l.len > 0 ? " -wait" : "-wait") == -1)
		return toolong;
	if (as != NULL && (as->flags & (SPAWN_WAIT | SPAWN_TTY)) == SPAWN_TTY)
		return "-t is for -wait";
	if (as != NULL && as->flags & SPAWN_TTY && put_str(&l, " -t") == -1)
		return toolong;
	if (as != NULL && as->time_ms > 0 && put_time(&l, as->time_ms) == -1)
		return toolong;
	if (reason != NULL && (why = unsendable(reason)) != NULL)
		return why;
	if (reason != NULL && strlen(reason) > PROTO_REASON_MAX)
		return "-reason: longer than 200 bytes";
	if (reason != NULL && (put_word(&l, "-reason") == -1 ||
	    put_word(&l, reason) == -1))
		return toolong;
	for (i = 0; i < ncmd; i++) {
		if (put_str(&l, l.len > 0 ? " -r" : "-r") == -1)
			return toolong;
		for (k = 0; cmd[i][k] != NULL; k++) {
			if ((why = unsendable(cmd[i][k])) != NULL)
				return why;
			if (put_word(&l, cmd[i][k]) == -1)
				return toolong;
		}
	}
	buf[l.len++] = '\n';
	*lenp = l.len;
	return NULL;
}

/* Decimal digits, no sign, no leading zero, 1..max; 0 if not. */
static uint64_t
number(const char *s, uint64_t max)
{
	uint64_t	 v = 0;

	if (*s < '1' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > max)
			return 0;
	return *s == '\0' ? v : 0;
}

int
request_signal(const char *s)
{
	int	 sig;

	sig = *s >= '0' && *s <= '9' ? (int)number(s, NSIG - 1) : signum(s);
	return proto_ctl_signal_ok(sig) ? sig : 0;
}

const char *
request_target(struct control_req *c, const char *w)
{
	c->pid = 0;
	if (c->verb == VERB_SIGNAL && strncmp(w, "pid:", 4) == 0) {
		c->pid = 1;
		c->target = number(w + 4, INT32_MAX);
	} else
		c->target = number(w, REQ_ID_MAX);
	return c->target == 0 ? REQ_BAD_ID : NULL;
}

const char *
request_control(char *buf, size_t size, const struct control_req *c,
    size_t *lenp)
{
	int	 n = -1;

	*lenp = 0;
	if (c->verb != VERB_STATUS && (c->target < 1 ||
	    c->target > (c->pid ? INT32_MAX : REQ_ID_MAX) ||
	    (c->pid && c->verb != VERB_SIGNAL)))
		return REQ_BAD_ID;
	if (c->verb == VERB_SIGNAL && !proto_ctl_signal_ok(c->sig))
		return REQ_BAD_SIGNAL;
	switch (c->verb) {
	case VERB_SPAWN:
		return "not a control request";
	case VERB_STATUS:
		n = snprintf(buf, size, "-status%s\n", c->json ? " -json" : "");
		break;
	case VERB_SIGNAL:
		n = snprintf(buf, size, "-signal %s%llu %s\n",
		    c->pid ? "pid:" : "", (unsigned long long)c->target,
		    signame(c->sig));
		break;
	case VERB_KILL:
		n = snprintf(buf, size, "-kill %llu\n",
		    (unsigned long long)c->target);
		break;
	}
	if (n < 0 || (size_t)n >= size)
		return "request longer than its buffer";
	*lenp = n;
	return NULL;
}
