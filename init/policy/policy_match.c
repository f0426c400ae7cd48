/*
 * Which rule decides a submission: the last one that matches all of who
 * asks (the kernel's uid, or its gid and groups for :GROUP), as whom (a
 * rule without as matches only a submission without a target, so that
 * only an as rule lets anyone run as another user), and what (argv[0]
 * exactly, and with args exactly those arguments).  Pure.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "common/proto.h"
#include "init/policy/policy.h"

static int
in_groups(const struct policy_ask *a, gid_t g)
{
	int	 i;

	if (a->gid == g)
		return 1;
	for (i = 0; i < a->ngroups; i++)
		if (a->groups[i] == g)
			return 1;
	return 0;
}

static int
who_matches(const struct policy_rule *r, const struct policy_ask *a)
{
	return r->group ? in_groups(a, r->who.id) : a->uid == r->who.id;
}

/* A gid asked for must be the target's; without one, the target's goes. */
static int
target_matches(const struct policy_rule *r, const struct spawn_as *as)
{
	if (!(as->flags & SPAWN_AS))
		return !r->as;
	return r->as && as->uid == r->target.id &&
	    (!(as->flags & SPAWN_AS_GID) || as->gid == r->target_gid);
}

static int
cmd_matches(const struct policy_rule *r, char *const argv[])
{
	int	 i;

	if (r->cmd == NULL)
		return 1;
	if (strcmp(argv[0], r->cmd) != 0)
		return 0;
	if (r->nargs == -1)
		return 1;
	for (i = 0; i < r->nargs; i++)
		if (argv[i + 1] == NULL || strcmp(argv[i + 1], r->args[i]) != 0)
			return 0;
	return argv[i + 1] == NULL;
}

const struct policy_rule *
policy_match(const struct policy *pol, const struct policy_ask *a)
{
	const struct policy_rule	*r, *last = NULL;
	int				 i;

	for (i = 0; i < pol->nrules; i++) {
		r = &pol->rule[i];
		if (r->control == POLICY_RUN && who_matches(r, a) &&
		    target_matches(r, a->as) && cmd_matches(r, a->argv))
			last = r;
	}
	return last;
}

/*
 * Whether rule r speaks to the question want: signal includes see, and
 * a deny see denies both.
 */
static int
speaks_to(const struct policy_rule *r, enum policy_control want)
{
	if (r->control == POLICY_RUN)
		return 0;
	if (want == POLICY_SEE)
		return r->action == POLICY_PERMIT || r->control == POLICY_SEE;
	return r->control == POLICY_SIGNAL || r->action == POLICY_DENY;
}

/* Without as, any submission; with it, those that run as its uid. */
static int
runs_as(const struct policy_rule *r, const struct spawn_as *as)
{
	return !r->as || as->uid == r->target.id;
}

const struct policy_rule *
policy_control(const struct policy *pol, const struct policy_ask *a,
    enum policy_control want)
{
	const struct policy_rule	*r, *last = NULL;
	int				 i;

	for (i = 0; i < pol->nrules; i++) {
		r = &pol->rule[i];
		if (speaks_to(r, want) && who_matches(r, a) &&
		    runs_as(r, a->as) && cmd_matches(r, a->argv))
			last = r;
	}
	return last;
}

const char *
policy_result(const struct policy_rule *r, char *buf, size_t size)
{
	if (r == NULL)
		snprintf(buf, size, "no rule matches");
	else
		snprintf(buf, size, "%s by line %d",
		    r->action == POLICY_PERMIT ? "permitted" : "denied",
		    r->line);
	return buf;
}
