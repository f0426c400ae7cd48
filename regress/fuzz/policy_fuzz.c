/*
 * libFuzzer target for the rules parser.  On any bytes it must not crash
 * or hang; it must decide the same twice; what it accepts must be in
 * range (lines in order, words inside its buffer and not empty); and the
 * rules, written out again with every word quoted, must parse to the very
 * same rules (their limits as limits_format writes them).  Matching a submission made of the input's own words must
 * give one of the rules, or none, and the same each time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/proto.h"
#include "init/policy/policy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ASSERT(e)	do { if (!(e)) abort(); } while (0)

static int
same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static int
same_id(const struct policy_id *a, const struct policy_id *b)
{
	return same_str(a->name, b->name) && a->id == b->id;
}

/* The same rule, but for its line. */
static void
same_rule(const struct policy_rule *a, const struct policy_rule *b)
{
	int	 i;

	ASSERT(a->action == b->action && a->keepenv == b->keepenv);
	ASSERT(a->control == b->control);
	ASSERT(a->limited == b->limited &&
	    memcmp(&a->limits, &b->limits, sizeof(a->limits)) == 0);
	ASSERT(a->group == b->group && same_id(&a->who, &b->who));
	ASSERT(a->as == b->as && same_id(&a->target, &b->target));
	ASSERT(a->target_gid == b->target_gid && a->ngroups == b->ngroups);
	for (i = 0; i < a->ngroups; i++)
		ASSERT(a->groups[i] == b->groups[i]);
	ASSERT(same_str(a->cmd, b->cmd) && a->nargs == b->nargs);
	for (i = 0; i < a->nargs; i++)
		ASSERT(strcmp(a->args[i], b->args[i]) == 0);
}

static void
check_string(const struct policy *pol, const char *s)
{
	const char	*end = pol->buf + sizeof(pol->buf);

	ASSERT(s >= pol->buf && s < end);
	ASSERT(memchr(s, '\0', end - s) != NULL && s[0] != '\0');
}

static void
check_rule(const struct policy *pol, const struct policy_rule *r, int prev)
{
	int	 i;

	ASSERT(r->line > prev && r->line <= POLICY_SIZE_MAX + 1);
	ASSERT(r->action == POLICY_PERMIT || r->action == POLICY_DENY);
	ASSERT(!r->keepenv || r->action == POLICY_PERMIT);
	/* A see or signal rule runs nothing, so it says nothing of how. */
	ASSERT(r->control == POLICY_RUN || (!r->keepenv && !r->limited));
	if (r->who.name != NULL)
		check_string(pol, r->who.name);
	ASSERT(r->who.id <= PROTO_ID_MAX && r->target.id <= PROTO_ID_MAX);
	if (r->as && r->target.name != NULL)
		check_string(pol, r->target.name);
	/* A numeric target's only group is its gid. */
	ASSERT(!r->as || r->target.name != NULL || (r->ngroups == 1 &&
	    r->groups[0] == r->target_gid));
	ASSERT(r->cmd != NULL || r->nargs == -1);
	if (r->cmd != NULL)
		check_string(pol, r->cmd);
	ASSERT(r->nargs >= -1 && r->nargs < PROTO_ARGC_MAX);
	for (i = 0; i < r->nargs; i++)
		check_string(pol, r->args[i]);
}

/* w as one quoted word, quotes doubled. */
static size_t
put_word(char *out, const char *w)
{
	size_t	 n = 0;

	out[n++] = '"';
	for (; *w != '\0'; w++) {
		out[n++] = *w;
		if (*w == '"')
			out[n++] = '"';
	}
	out[n++] = '"';
	out[n++] = ' ';
	return n;
}

/* USER, UID, :GROUP or :GID, quoted. */
static size_t
put_id(char *out, const char *pre, const struct policy_id *id)
{
	static char	 w[POLICY_SIZE_MAX + 16];

	if (id->name != NULL)
		snprintf(w, sizeof(w), "%s%s", pre, id->name);
	else
		snprintf(w, sizeof(w), "%s%u", pre, (unsigned)id->id);
	return put_word(out, w);
}

/*
 * The rule again, every word quoted; out needs 2 * its words + 64, and
 * LIM_LIST_MAX more for its limits.
 */
static size_t
put_rule(char *out, const struct policy_rule *r)
{
	char	 w[64], lim[LIM_LIST_MAX];
	size_t	 n = 0;
	int	 i;

	n += put_word(out + n, r->action == POLICY_PERMIT ? "permit" :
	    "deny");
	if (r->keepenv)
		n += put_word(out + n, "keepenv");
	if (r->control != POLICY_RUN)
		n += put_word(out + n, r->control == POLICY_SEE ? "see" :
		    "signal");
	if (r->limited) {
		/* As limits_format says them, they read back the same. */
		ASSERT(limits_format(&r->limits, lim, sizeof(lim)) <
		    (int)sizeof(lim));
		n += put_word(out + n, "limit");
		n += put_word(out + n, lim);
	}
	n += put_id(out + n, r->group ? ":" : "", &r->who);
	if (r->as) {
		n += put_word(out + n, "as");
		if (r->target.name != NULL)
			n += put_word(out + n, r->target.name);
		else {
			snprintf(w, sizeof(w), "%u:%u", (unsigned)r->target.id,
			    (unsigned)r->target_gid);
			n += put_word(out + n, w);
		}
	}
	if (r->cmd != NULL) {
		n += put_word(out + n, "cmd");
		n += put_word(out + n, r->cmd);
	}
	if (r->nargs >= 0)
		n += put_word(out + n, "args");
	for (i = 0; i < r->nargs; i++)
		n += put_word(out + n, r->args[i]);
	out[n++] = '\n';
	return n;
}

/* Written out again and parsed: the same rules, numbered 1, 2, ... */
static void
reparse(const struct policy *pol)
{
	static struct policy	 again;
	static char		 out[8 * POLICY_SIZE_MAX];
	size_t			 n = 0;
	int			 i;

	/* Past POLICY_SIZE_MAX it could not parse anyway: out holds one more. */
	for (i = 0; i < pol->nrules && n <= POLICY_SIZE_MAX; i++)
		n += put_rule(out + n, &pol->rule[i]);
	if (n > POLICY_SIZE_MAX)
		return;
	ASSERT(policy_parse(&again, out, n) == NULL);
	ASSERT(again.nrules == pol->nrules);
	for (i = 0; i < pol->nrules; i++) {
		ASSERT(again.rule[i].line == i + 1);
		same_rule(&pol->rule[i], &again.rule[i]);
	}
}

/* A submission of the first rule's words, by uid and gid from data. */
static void
match(const struct policy *pol, const uint8_t *data, size_t size)
{
	static const gid_t		 groups[] = { 0, 1, 1000 };
	static char			 cmd[POLICY_SIZE_MAX + 1];
	const struct policy_rule	*r, *r2;
	const struct policy_rule	*first = &pol->rule[0];
	struct spawn_as			 as = { 0, 0, 0, 0 };
	struct policy_ask		 a;
	char				*argv[PROTO_ARGC_MAX + 1];
	int				 i, n = 0;

	strlcpy(cmd, first->cmd != NULL ? first->cmd : "sh", sizeof(cmd));
	argv[n++] = cmd;
	for (i = 0; i < first->nargs; i++)
		argv[n++] = first->args[i];
	argv[n] = NULL;
	a.uid = data[0] & 1 ? first->who.id : data[0] % 3;
	a.gid = size > 1 ? data[1] % 3 : 0;
	a.ngroups = size > 2 ? data[2] % 4 : 0;
	a.groups = groups;
	if (first->as && size > 3 && data[3] & 1) {
		as.flags = SPAWN_AS | (data[3] & 2 ? SPAWN_AS_GID : 0);
		as.uid = first->target.id;
		as.gid = first->target_gid;
	}
	a.as = &as;
	a.argv = argv;
	r = policy_match(pol, &a);
	r2 = policy_match(pol, &a);
	ASSERT(r == r2);
	ASSERT(r == NULL || (r >= pol->rule && r < pol->rule + pol->nrules));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy	 a, b;
	const char		*wa, *wb;
	int			 i;

	wa = policy_parse(&a, (const char *)data, size);
	wb = policy_parse(&b, (const char *)data, size);
	ASSERT(a.line == b.line && same_str(wa, wb));
	if (wa != NULL) {
		ASSERT(a.nrules == 0);
		ASSERT(a.line >= 0 && (size_t)a.line <= size + 1);
		return 0;
	}
	ASSERT(a.nrules == b.nrules);
	ASSERT(a.nrules >= 0 && a.nrules <= POLICY_RULES_MAX);
	for (i = 0; i < a.nrules; i++) {
		check_rule(&a, &a.rule[i], i > 0 ? a.rule[i - 1].line : 0);
		ASSERT(a.rule[i].line == b.rule[i].line);
		same_rule(&a.rule[i], &b.rule[i]);
	}
	reparse(&a);
	if (a.nrules > 0 && size > 0)
		match(&a, data, size);
	return 0;
}
