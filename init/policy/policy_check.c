/*
 * -check-policy: read a rules file as init would at start (the same
 * checks of its owner and mode, the same lookups), print its rules, and
 * decide the -r commands as init would for the submitter (-as-user, or
 * whoever runs this) and the target (-u).  Nothing runs.
 */
#include <sys/types.h>

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/users.h"
#include "common/words.h"
#include "init/config.h"
#include "init/policy/policy.h"
#include "init/policy/policy_check.h"

struct out {
	char	 buf[4 * POLICY_SIZE_MAX];
	size_t	 n;
};

static void __attribute__((format(printf, 2, 3)))
add(struct out *o, const char *fmt, ...)
{
	va_list	 ap;
	int	 r;

	va_start(ap, fmt);
	r = vsnprintf(o->buf + o->n, sizeof(o->buf) - o->n, fmt, ap);
	va_end(ap);
	if (r > 0)
		o->n += (size_t)r < sizeof(o->buf) - o->n ? (size_t)r :
		    sizeof(o->buf) - o->n - 1;
}

/* A word as the file could say it: quoted if need be, bytes escaped. */
static void
add_word(struct out *o, const char *w)
{
	static char	 q[2 * POLICY_SIZE_MAX + 3];
	const char	*p;
	size_t		 n = 0;

	if (w[strcspn(w, " \t\"")] == '\0' && w[0] != '#') {
		add(o, "%s", log_text("{w}", LOG_FIELDS(LF_STR("w", w))));
		return;
	}
	q[n++] = '"';
	for (p = w; *p != '\0'; p++) {
		q[n++] = *p;
		if (*p == '"')
			q[n++] = '"';
	}
	q[n++] = '"';
	add(o, "%s", log_text("{w}", LOG_FIELDS(LF_BYTES("w", q, n))));
}

static void
add_groups(struct out *o, const struct policy_rule *r)
{
	int	 i;

	add(o, " groups");
	for (i = 0; i < r->ngroups; i++)
		add(o, " %u", (unsigned)r->groups[i]);
}

/* " redact N,N-M": each run of hidden positions. */
static void
add_redact(struct out *o, uint64_t mask)
{
	const char	*sep = " redact ";
	int		 lo, hi;

	for (lo = 1; lo < 64; lo = hi + 1) {
		if (!(mask >> lo & 1)) {
			hi = lo;
			continue;
		}
		for (hi = lo; hi + 1 < 64 && (mask >> (hi + 1) & 1); hi++)
			;
		add(o, hi == lo ? "%s%d" : hi == 63 ? "%s%d-" : "%s%d-%d",
		    sep, lo, hi);
		sep = ",";
	}
}

/*
 * "line N: permit [keepenv] [limit LIST] [notty] [redact LIST] [reason]
 * WHO (ids) [as TARGET (ids)] [cmd ...]"
 */
static void
print_rule(const struct policy_rule *r)
{
	static struct out	 o;
	int			 i;
	char			 lim[LIM_LIST_MAX];

	o.n = 0;
	add(&o, "line %d: %s%s", r->line, r->action == POLICY_PERMIT ?
	    "permit" : "deny", r->keepenv ? " keepenv" : "");
	if (r->limited) {
		limits_format(&r->limits, lim, sizeof(lim));
		add(&o, " limit %s", lim);
	}
	add(&o, "%s", r->notty ? " notty" : "");
	add_redact(&o, r->redact);
	add(&o, "%s%s ", r->reason ? " reason" : "",
	    r->control == POLICY_SEE ? " see" :
	    r->control == POLICY_SIGNAL ? " signal" : "");
	if (r->group)
		add(&o, ":");
	if (r->who.name != NULL) {
		add_word(&o, r->who.name);
		add(&o, " (%s %u)", r->group ? "gid" : "uid",
		    (unsigned)r->who.id);
	} else
		add(&o, "%u", (unsigned)r->who.id);
	if (r->as) {
		add(&o, " as ");
		if (r->target.name != NULL)
			add_word(&o, r->target.name);
		else
			add(&o, "%u:%u", (unsigned)r->target.id,
			    (unsigned)r->target_gid);
		add(&o, " (uid %u gid %u", (unsigned)r->target.id,
		    (unsigned)r->target_gid);
		add_groups(&o, r);
		add(&o, ")");
	}
	if (r->cmd != NULL) {
		add(&o, " cmd ");
		add_word(&o, r->cmd);
	}
	if (r->nargs >= 0)
		add(&o, " args");
	for (i = 0; i < r->nargs; i++) {
		add(&o, " ");
		add_word(&o, r->args[i]);
	}
	printf("%.*s\n", (int)o.n, o.buf);
}

/* ", limit LIST" where there are limits, for decide(). */
static void
limits_say(const struct limits *l, char *buf, size_t size)
{
	char	 list[LIM_LIST_MAX];

	if (limits_format(l, list, sizeof(list)) > 0 &&
	    strcmp(list, "none") != 0)
		snprintf(buf, size, ", limit %s", list);
}

/* Who submits: -as-user, or the caller as the kernel knows it. */
static void
submitter(const char *as_user, struct user *u)
{
	const char	*why;
	int		 n;

	if (as_user != NULL) {
		if ((why = users_get(as_user, u)) != NULL)
			errx(2, "-as-user %s: %s", as_user, why);
		return;
	}
	u->uid = getuid();
	u->gid = getgid();
	if ((n = getgroups(PRIVDROP_GROUPS_MAX, u->groups)) == -1)
		err(2, "getgroups");
	u->ngroups = n;
}

/* One command: what the rules say, printed; 1 if permitted. */
static int
decide(const struct config *conf, const struct policy *pol,
    const struct user *u, const struct spawn_as *as, char **argv)
{
	const struct policy_rule	*r;
	struct policy_ask		 a = { u->uid, u->gid, u->ngroups,
					    u->groups, as, argv };
	char				 target[64], result[64];
	char				 lim[LIM_LIST_MAX + 16];
	int				 i;

	r = policy_match(pol, &a);
	if (!(as->flags & SPAWN_AS))
		snprintf(target, sizeof(target), "itself");
	else if (as->flags & SPAWN_AS_GID)
		snprintf(target, sizeof(target), "uid %u gid %u", as->uid,
		    as->gid);
	else
		snprintf(target, sizeof(target), "uid %u", as->uid);
	printf("uid %u gid %u", (unsigned)u->uid, (unsigned)u->gid);
	for (i = 0; i < u->ngroups; i++)
		printf("%s %u", i == 0 ? " groups" : "",
		    (unsigned)u->groups[i]);
	lim[0] = '\0';
	if (r != NULL && r->action == POLICY_PERMIT)
		limits_say(r->limited ? &r->limits : &conf->submit_limit,
		    lim, sizeof(lim));
	printf(" asks to run %s as %s: %s%s\n",
	    log_text("{argv}", LOG_FIELDS(LF_ARGV("argv", argv))), target,
	    policy_result(r, result, sizeof(result)), lim);
	return r != NULL && r->action == POLICY_PERMIT;
}

int
policy_check_main(const struct config *conf)
{
	static struct policy	 pol;
	static struct user	 u;
	struct spawn_as		 as = { 0, 0, 0, 0 };
	const char		*why;
	int			 i, refused = 0;

	policy_load(&pol, conf->check_policy);
	for (i = 0; i < pol.nrules; i++)
		print_rule(&pol.rule[i]);
	submitter(conf->as_user, &u);
	if (conf->runas != NULL &&
	    (why = users_target(conf->runas, &as)) != NULL)
		errx(2, "-u %s: %s", conf->runas, why);
	for (i = 0; i < conf->ncmd; i++)
		if (!decide(conf, &pol, &u, &as, conf->cmd[i]))
			refused = 1;
	return refused;
}
