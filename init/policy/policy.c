/*
 * The rules parser: a pure function over the file's bytes.  Each line is
 * cut at its comment, split into words as a request line is, and read
 * left to right against the grammar in policy.h; the first word out of
 * place is an error with its line number.  Names stay names here:
 * policy_resolve looks them up, once, at start.
 */
#include <sys/types.h>

#include <stdint.h>
#include <string.h>

#include "common/idnum.h"
#include "common/limits.h"
#include "common/proto.h"
#include "common/redact.h"
#include "common/util.h"
#include "common/words.h"
#include "init/policy/policy.h"

/* The words of one line, and where the next one goes. */
struct cursor {
	char	**w;
	int	  n;
	int	  i;
};

static const char *const keywords[] = {
	"permit", "deny", "keepenv", "limit", "notty", "redact", "reason",
	"see", "signal", "as", "cmd", "args",
};

static int
is_keyword(const char *w)
{
	size_t	 i;

	for (i = 0; i < nitems(keywords); i++)
		if (strcmp(w, keywords[i]) == 0)
			return 1;
	return 0;
}

/* The next word if it is kw, taken; else NULL. */
static const char *
take(struct cursor *c, const char *kw)
{
	if (c->i == c->n || strcmp(c->w[c->i], kw) != 0)
		return NULL;
	return c->w[c->i++];
}

/* The next word, taken, if it is there and no keyword; else NULL. */
static const char *
operand(struct cursor *c)
{
	if (c->i == c->n || is_keyword(c->w[c->i]))
		return NULL;
	return c->w[c->i++];
}

static int
digits_only(const char *s)
{
	return s[strspn(s, "0123456789")] == '\0';
}

#define BAD_IDENTITY	"bad identity: want USER, UID, :GROUP or :GID"
#define BAD_TARGET	"bad target: want a user name, UID or UID:GID"

/* A name, or a number (digits only, which must then be an id); else bad. */
static const char *
name_or_number(const char *s, struct policy_id *id, const char *bad)
{
	id->name = NULL;
	id->id = 0;
	if (*s == '\0' || strchr(s, ':') != NULL)
		return bad;
	if (!digits_only(s)) {
		id->name = s;
		return NULL;
	}
	if (idnum(s, &id->id) == -1)
		return "bad number: at most 4294967294, no leading zero";
	return NULL;
}

/* USER, UID, :GROUP or :GID. */
static const char *
identity(struct cursor *c, struct policy_rule *r)
{
	const char	*w;

	if ((w = operand(c)) == NULL)
		return "want a user or :group";
	r->group = w[0] == ':';
	return name_or_number(w + r->group, &r->who, BAD_IDENTITY);
}

/* as NAME, as UID, as UID:GID; a number's gid, the uid without one. */
static const char *
target(struct cursor *c, struct policy_rule *r)
{
	struct spawn_as	 as;
	const char	*w, *why;

	if (take(c, "as") == NULL)
		return NULL;
	if ((w = operand(c)) == NULL)
		return "as needs a target";
	r->as = 1;
	if (strchr(w, ':') == NULL) {
		if ((why = name_or_number(w, &r->target, BAD_TARGET)) != NULL)
			return why;
		r->target_gid = r->target.id;
	} else if (idnum_target(w, &as) == 0) {
		r->target.id = as.uid;
		r->target_gid = as.gid;
	} else
		return BAD_TARGET;
	/* A name's groups come at start; a number's gid is its only one. */
	if (r->target.name == NULL) {
		r->groups = &r->target_gid;
		r->ngroups = 1;
	}
	return NULL;
}

/* cmd COMMAND [args [ARG ...]]: the rest of the line. */
static const char *
command(struct cursor *c, struct policy_rule *r, char ***slot)
{
	r->nargs = -1;
	if (take(c, "cmd") == NULL)
		return NULL;
	if (c->i == c->n)
		return "cmd needs a command";
	r->cmd = c->w[c->i++];
	if (c->i == c->n)
		return NULL;
	if (take(c, "args") == NULL)
		return "arguments need args before them";
	if (c->n - c->i > PROTO_ARGC_MAX - 1)
		return "too many arguments";
	r->nargs = c->n - c->i;
	r->args = *slot;
	while (c->i < c->n)
		*(*slot)++ = c->w[c->i++];
	return NULL;
}

/* The words after the identity, in their order. */
static const char *
rest(struct cursor *c, struct policy_rule *r, char ***slot)
{
	const char	*why;

	if ((why = target(c, r)) != NULL || (why = command(c, r, slot)) != NULL)
		return why;
	/* cmd takes the rest of the line, so it is not there. */
	if (c->i == c->n)
		return NULL;
	return r->as ? "want cmd after the target" :
	    "want as or cmd after the identity";
}

static const char *
opt_keepenv(struct cursor *c, struct policy_rule *r)
{
	(void)c;
	r->keepenv = 1;
	return r->action == POLICY_DENY ?
	    "keepenv means nothing in a deny rule" : NULL;
}

/* redact LIST: the words of argv the log hides (common/redact.h). */
static const char *
opt_redact(struct cursor *c, struct policy_rule *r)
{
	const char	*w;

	if ((w = operand(c)) == NULL)
		return "redact needs positions";
	return redact_parse(w, &r->redact);
}

static const char *
opt_reason(struct cursor *c, struct policy_rule *r)
{
	(void)c;
	r->reason = 1;
	return NULL;
}

/* limit LIST: the submission's limits (common/limits.h). */
static const char *
opt_limit(struct cursor *c, struct policy_rule *r)
{
	const char	*w;

	if ((w = operand(c)) == NULL)
		return "limit needs a list: time=30s,nproc=64";
	r->limited = 1;
	if (r->action == POLICY_DENY)
		return "limit means nothing in a deny rule";
	return limits_parse(w, &r->limits);
}

static const char *
opt_notty(struct cursor *c, struct policy_rule *r)
{
	(void)c;
	r->notty = 1;
	return r->action == POLICY_DENY ?
	    "notty means nothing in a deny rule" : NULL;
}

/*
 * see or signal: a rule about others' submissions (dinit -status,
 * -signal, -kill), one or the other.
 */
static const char *
opt_control(struct policy_rule *r, enum policy_control what)
{
	if (r->control != POLICY_RUN)
		return "see or signal said twice";
	r->control = what;
	return NULL;
}

static const char *
opt_see(struct cursor *c, struct policy_rule *r)
{
	(void)c;
	return opt_control(r, POLICY_SEE);
}

static const char *
opt_signal(struct cursor *c, struct policy_rule *r)
{
	(void)c;
	return opt_control(r, POLICY_SIGNAL);
}

/*
 * The options after permit or deny, in any order, each once; see and
 * signal rules run nothing, so take none of the others.
 */
static const char *
options(struct cursor *c, struct policy_rule *r)
{
	static const struct {
		const char	 *name;
		const char	*(*take)(struct cursor *, struct policy_rule *);
		const char	 *twice;
	} opts[] = {
		{ "keepenv", opt_keepenv, "keepenv said twice" },
		{ "limit", opt_limit, "limit said twice" },
		{ "notty", opt_notty, "notty said twice" },
		{ "redact", opt_redact, "redact said twice" },
		{ "reason", opt_reason, "reason said twice" },
		{ "see", opt_see, "see or signal said twice" },
		{ "signal", opt_signal, "see or signal said twice" },
	};
	const char	*why;
	unsigned	 seen = 0;
	size_t		 i;

	limits_none(&r->limits);
	for (i = 0; i < nitems(opts) && c->i < c->n; i++) {
		if (take(c, opts[i].name) == NULL)
			continue;
		if (seen & (1u << i))
			return opts[i].twice;
		seen |= 1u << i;
		if ((why = opts[i].take(c, r)) != NULL)
			return why;
		i = -1;		/* from the first again */
	}
	if (r->control != POLICY_RUN && (r->keepenv || r->limited ||
	    r->notty || r->redact != 0 || r->reason))
		return "see and signal rules run nothing: no keepenv, limit, "
		    "notty, redact or reason";
	return NULL;
}

static const char *
rule(struct cursor *c, struct policy_rule *r, char ***slot)
{
	const char	*why;
	int		 i;

	memset(r, 0, sizeof(*r));
	if (take(c, "permit") != NULL)
		r->action = POLICY_PERMIT;
	else if (take(c, "deny") != NULL)
		r->action = POLICY_DENY;
	else
		return "want permit or deny";
	if ((why = options(c, r)) != NULL)
		return why;
	for (i = c->i; i < c->n; i++)
		if (c->w[i][0] == '\0')
			return "empty word";
	if ((why = identity(c, r)) != NULL)
		return why;
	return rest(c, r, slot);
}

/*
 * Where the comment begins in s[0..len): at a '#' that begins a word
 * outside quotes (quotes are counted by parity, exact while they are
 * well placed; words_split refuses the rest); len if there is none.
 */
static size_t
uncommented(const char *s, size_t len)
{
	size_t	 i;
	int	 quoted = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '#' && (i == 0 ||
		    WORD_BLANK(s[i - 1])))
			return i;
	}
	return len;
}

static const char *
fail(struct policy *pol, const char *why)
{
	pol->nrules = 0;
	return why;
}

/*
 * Each line's words go to pol->buf one after the other: a line of n
 * bytes takes n + 1 at most, and each but the last is followed by its
 * newline, so the whole file's fit in POLICY_SIZE_MAX + 1.
 */
const char *
policy_parse(struct policy *pol, const char *src, size_t len)
{
	struct words	 w;
	struct cursor	 c;
	char		*out = pol->buf, **slot = pol->slot;
	const char	*line, *nl, *end = src + len, *why;

	pol->nrules = 0;
	pol->ngids = 0;
	pol->line = 0;
	if (len > POLICY_SIZE_MAX)
		return fail(pol, "larger than 32768 bytes");
	for (line = src; line < end; line = nl + 1) {
		pol->line++;
		if ((nl = memchr(line, '\n', end - line)) == NULL)
			nl = end;
		if ((why = words_split(line, uncommented(line, nl - line),
		    out, pol->buf + sizeof(pol->buf) - out, &w)) != NULL)
			return fail(pol, why);
		if (w.n == 0)
			continue;
		if (pol->nrules == POLICY_RULES_MAX)
			return fail(pol, "too many rules");
		c.w = w.w;
		c.n = w.n;
		c.i = 0;
		if ((why = rule(&c, &pol->rule[pol->nrules], &slot)) != NULL)
			return fail(pol, why);
		pol->rule[pol->nrules++].line = pol->line;
		out = w.w[w.n - 1] + strlen(w.w[w.n - 1]) + 1;
	}
	pol->line = 0;
	return NULL;
}
