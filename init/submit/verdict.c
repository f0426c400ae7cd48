/*
 * Whether a submission runs, and as whom.  By default, as its submitter:
 * the uid, gid and groups the kernel reported for the connection.  A
 * request may name a target (-u UID[:GID], numbers only: init looks up
 * no name while it serves submissions).  Without a policy only root may,
 * as root can become anyone anyway, and a numeric target gets its gid
 * (the uid if none is given) as its only group.  With one (-policy), the
 * last rule that matches decides, on the argv init decoded and the
 * identity the kernel reported, and a target runs with the ids and
 * groups its rule resolved at start.  sockd never sees the rules.
 *
 * Whatever allowed it, a command runs only as an identity dinit can
 * take, and as a uid dinit can still signal: one that needs CAP_SETUID,
 * CAP_SETGID or CAP_KILL where dinit lacks it (a container's root may
 * have none) is refused for policy.
 *
 * Each decision is logged on one line: who asked, the command, as whom,
 * and the result with the rule's line.
 */
#include <sys/types.h>

#include <linux/capability.h>
#include <stdio.h>

#include "common/caps.h"
#include "common/log.h"
#include "common/privdrop.h"
#include "common/proto.h"
#include "init/keeper/peer.h"
#include "init/policy/policy.h"
#include "init/proc/child.h"
#include "init/submit/quota.h"
#include "init/submit/verdict.h"

/*
 * "as uid U gid G", "as uid U", or "as itself": the target asked for;
 * and "on a new terminal" for -t.
 */
static void
target_text(const struct spawn_as *as, char *buf, size_t size)
{
	const char	*tty;

	tty = as->flags & SPAWN_TTY ? " on a new terminal" : "";
	if (!(as->flags & SPAWN_AS))
		snprintf(buf, size, "itself%s", tty);
	else if (as->flags & SPAWN_AS_GID)
		snprintf(buf, size, "uid %u gid %u%s", (unsigned)as->uid,
		    (unsigned)as->gid, tty);
	else
		snprintf(buf, size, "uid %u%s", (unsigned)as->uid, tty);
}

/* The decision's line; a refusal's within the submitter's share. */
static void
audit(const struct peer *p, const struct spawn_msg *m, char *const shown[],
    struct quota *q, uint64_t id, int refused, const char *result)
{
	char	 as[64];

	if (refused && q != NULL && !quota_log(q))
		return;
	target_text(&m->as, as, sizeof(as));
	log_ev(LL_INFO, "policy", "policy: {by} asks to run {argv} as {as}: "
	    "{result}", LOG_FIELDS(
	    LF_STR("outcome", refused ? "refused" : "permitted"),
	    LF_STR("result", result), LF_ID((long long)id), LF_PEER(&p->cred),
	    LF_INTIF("as_uid", m->as.uid, m->as.flags & SPAWN_AS),
	    LF_INTIF("as_gid", m->as.gid, m->as.flags & SPAWN_AS_GID),
	    LF_INTIF("tty", 1, m->as.flags & SPAWN_TTY),
	    LF_ARGV("argv", shown), LF_REASON(m->reason), LF_TEXT("by", p->who),
	    LF_TEXT("as", as)));
}

static void
as_submitter(const struct peer *p, struct verdict *v)
{
	v->ids.uid = p->cred.uid;
	v->ids.gid = p->cred.gid;
	v->ids.ngroups = p->ngroups;
	v->ids.groups = p->groups;
}

static void
as_numbers(const struct spawn_as *as, struct verdict *v)
{
	v->gid = as->flags & SPAWN_AS_GID ? as->gid : as->uid;
	v->ids.uid = as->uid;
	v->ids.gid = v->gid;
	v->ids.ngroups = 1;
	v->ids.groups = &v->gid;
}

static void
as_rule(const struct policy_rule *r, struct verdict *v)
{
	v->ids.uid = r->target.id;
	v->ids.gid = r->target_gid;
	v->ids.ngroups = r->ngroups;
	v->ids.groups = r->groups;
}

/*
 * Without a policy: a target is root's to ask for.  result: what to
 * log, or "" for a command that runs as its submitter.
 */
static int
by_default(const struct peer *p, const struct spawn_msg *m,
    struct verdict *v, char *result, size_t size)
{
	if (!(m->as.flags & SPAWN_AS)) {
		as_submitter(p, v);
		return 0;
	}
	if (p->cred.uid != 0) {
		snprintf(result, size, "refused: only root may use -u");
		return REFUSE_POLICY;
	}
	snprintf(result, size, "permitted to root");
	as_numbers(&m->as, v);
	return 0;
}

/* The last rule that matches, or NULL. */
const struct policy_rule *
verdict_rule(const struct policy *pol, const struct peer *p,
    const struct spawn_msg *m)
{
	struct policy_ask	 a;

	a.uid = p->cred.uid;
	a.gid = p->cred.gid;
	a.ngroups = p->ngroups;
	a.groups = p->groups;
	a.as = &m->as;
	a.argv = m->argv;
	return policy_match(pol, &a);
}

/* The last rule that matches, or none. */
static int
by_rules(const struct policy *pol, const struct peer *p,
    const struct spawn_msg *m, struct verdict *v, char *result, size_t size)
{
	const struct policy_rule	*r;

	r = verdict_rule(pol, p, m);
	policy_result(r, result, size);
	if (r == NULL)
		return REFUSE_NOMATCH;
	if (r->action != POLICY_PERMIT) {
		v->detail = r->line;
		return REFUSE_DENIED;
	}
	if (r->notty && m->as.flags & SPAWN_TTY) {
		snprintf(result, size, "refused: line %d permits no terminal",
		    r->line);
		return REFUSE_POLICY;
	}
	if (r->reason && m->reason[0] == '\0') {
		snprintf(result, size, "refused: reason required by line %d",
		    r->line);
		return REFUSE_REASON;
	}
	v->keepenv = r->keepenv;
	if (r->limited)
		v->lim = &r->limits;
	if (r->as)
		as_rule(r, v);
	else
		as_submitter(p, v);
	return 0;
}

/*
 * The capabilities the verdict's identity needs, if dinit lacks them:
 * another uid takes signals (the shutdown's too) only from a process
 * with CAP_KILL.
 */
static int
capable(const struct verdict *v, char *result, size_t size)
{
	char		 why[64], names[64];
	uint64_t	 need, lack;

	need = privdrop_needs(&v->ids);
	if (need & CAPS_BIT(CAP_SETUID))
		need |= CAPS_BIT(CAP_KILL);
	if ((lack = caps_missing(need)) == 0)
		return 0;
	caps_names(lack, names, sizeof(names));
	snprintf(why, sizeof(why), "%s%s%s", result[0] != '\0' ? " (else " : "",
	    result, result[0] != '\0' ? ")" : "");
	snprintf(result, size, "refused: dinit lacks %s%s", names, why);
	return REFUSE_POLICY;
}

enum refuse_code
verdict(const struct policy *pol, const struct peer *p,
    const struct spawn_msg *m, char *const shown[], struct quota *q,
    uint64_t id, struct verdict *v)
{
	char			 result[160];
	enum refuse_code	 code;

	v->keepenv = 0;
	v->detail = 0;
	v->lim = NULL;
	result[0] = '\0';
	if (pol == NULL)
		code = by_default(p, m, v, result, sizeof(result));
	else
		code = by_rules(pol, p, m, v, result, sizeof(result));
	if (code == 0)
		code = capable(v, result, sizeof(result));
	if (result[0] != '\0')
		audit(p, m, shown, q, id, code != 0, result);
	return code;
}
