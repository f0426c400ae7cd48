/*
 * Status and control: dinit -status, -signal and -kill, as init serves
 * them.  Who asks is what the kernel says of the connection sockd passed
 * on, never what sockd says.  A caller sees and touches the submissions
 * of its own uid; root sees and touches all, the -r commands and hooks
 * too; a see or signal rule of the policy grants more.  The listing goes
 * out in pages that sockd asks for one at a time, so that init holds no
 * state for it and never waits on a reader; each signal and kill is a
 * decision, logged like the policy's.
 */
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/proto.h"
#include "common/signame.h"
#include "init/config.h"
#include "init/keeper/chan.h"
#include "init/keeper/peer.h"
#include "init/keeper/supervise.h"
#include "init/policy/policy.h"
#include "init/proc/child.h"
#include "init/submit/claim.h"
#include "init/submit/control.h"
#include "init/submit/quota.h"
#include "init/submit/submission.h"

static const struct policy	*policy;

/* The rules (NULL: none) whose see and signal rules grant more. */
void
control_init(const struct policy *pol)
{
	policy = pol;
}

/* The connection's peer, as submit.c's connection() reads it. */
static enum peer_check
asker(struct frame *f, struct peer *p)
{
	const struct listener	*l;

	if ((l = supervise_listener()) == NULL) {
		errno = ECONNRESET;
		return PEER_NO_CRED;
	}
	return peer_check(f->fd, l, p);
}

/* The answer to the frame of that id: DONE, with a refusal if code. */
static void
refuse(const struct frame *f, uint32_t id, uint32_t code, int detail)
{
	struct done_msg	 d;

	memset(&d, 0, sizeof(d));
	d.id = id;
	d.code = code;
	d.detail = detail;
	chan_done(f->gen, &d);
}

/*
 * Whether p may (want) see or signal the submission v: its own, root,
 * or a rule.  *rule: the rule that decided, if one did.
 */
static int
allowed(const struct peer *p, struct sub_view *v, enum policy_control want,
    const struct policy_rule **rule)
{
	struct spawn_as		 as;
	struct policy_ask	 a;
	char			*argv[PROTO_ARGC_MAX + 1];

	*rule = NULL;
	if (p->cred.uid == 0 || p->cred.uid == v->by.uid)
		return 1;
	if (policy == NULL)
		return 0;
	as.flags = SPAWN_AS | SPAWN_AS_GID;
	as.uid = v->as_uid;
	as.gid = v->as_gid;
	child_argv(v->child, argv);
	a.uid = p->cred.uid;
	a.gid = p->cred.gid;
	a.ngroups = p->ngroups;
	a.groups = p->groups;
	a.as = &as;
	a.argv = argv;
	*rule = policy_control(policy, &a, want);
	return *rule != NULL && (*rule)->action == POLICY_PERMIT;
}

/* r, with what the child table keeps of c: its argv. */
static int
send_record(uint32_t gen, uint32_t id, struct record_msg *r, struct child *c)
{
	char	*argv[PROTO_ARGC_MAX + 1];

	r->id = id;
	r->flags = c->cut ? REC_CUT : 0;
	child_argv(c, argv);
	return chan_record(gen, r, argv);
}

/* A -r command or hook: it runs as init does. */
static int
command_record(uint32_t gen, uint32_t id, struct child *c)
{
	struct record_msg	 r;

	memset(&r, 0, sizeof(r));
	r.pid = c->pid;
	r.started_ms = c->wall_ms;
	r.kind = c->role == ROLE_HOOK ? REC_HOOK : REC_COMMAND;
	r.uid = r.as_uid = getuid();
	r.gid = r.as_gid = getgid();
	return send_record(gen, id, &r, c);
}

static int
submission_record(uint32_t gen, uint32_t id, struct sub_view *v)
{
	struct record_msg	 r;

	memset(&r, 0, sizeof(r));
	r.subid = v->id;
	r.pid = v->pid;
	r.started_ms = v->started_ms;
	r.kind = REC_SUBMISSION;
	r.uid = v->by.uid;
	r.gid = v->by.gid;
	r.peer_pid = v->by.pid > 0 ? v->by.pid : 0;
	r.as_uid = v->as_uid;
	r.as_gid = v->as_gid;
	r.limit_ms = v->limit_ms;
	r.left_ms = v->left_ms;
	return send_record(gen, id, &r, v->child);
}

/* Root's part: the -r commands and hooks after pid d->after. */
static void
page_commands(const struct frame *f, struct done_msg *d)
{
	struct child	*c;

	for (c = child_first(); c != NULL; c = child_next(c)) {
		if ((uint64_t)c->pid <= d->after ||
		    (c->role != ROLE_CMD && c->role != ROLE_HOOK))
			continue;
		if ((int)d->count == f->st.max ||
		    command_record(f->gen, f->st.id, c) == -1) {
			d->more = 1;
			return;
		}
		d->count++;
		d->after = c->pid;
	}
	d->part = STATUS_SUBS;
	d->after = 0;
}

/* The submissions p may see, after id d->after. */
static void
page_submissions(const struct frame *f, const struct peer *p,
    struct done_msg *d)
{
	const struct policy_rule	*rule;
	struct submission		*s;
	struct sub_view			 v;

	for (s = sub_after(d->after); s != NULL; s = sub_after(d->after)) {
		if (sub_view(s, &v) == -1 || !allowed(p, &v, POLICY_SEE, &rule)) {
			d->after = v.id;
			continue;
		}
		if ((int)d->count == f->st.max ||
		    submission_record(f->gen, f->st.id, &v) == -1) {
			d->more = 1;
			return;
		}
		d->count++;
		d->after = v.id;
	}
}

/*
 * One page of the listing: as many records as asked for and as the
 * channel takes now, then DONE with where to go on.
 */
static const char *
status(struct frame *f)
{
	struct peer	 p;
	struct done_msg	 d;

	switch (asker(f, &p)) {
	case PEER_NOT_CLIENT:
		return "fd is not a client connection";
	case PEER_NO_CRED:
		refuse(f, f->st.id, REFUSE_CRED, errno);
		return NULL;
	case PEER_OK:
		break;
	}
	switch (claim_status(f->fd, f->st.part == STATUS_CMDS &&
	    f->st.after == 0)) {
	case CLAIM_USED:
	case CLAIM_LATE:
		return "connection used before";
	case CLAIM_GONE:
		refuse(f, f->st.id, REFUSE_BUSY, ECONNRESET);
		return NULL;
	case CLAIM_OK:
		break;
	}
	memset(&d, 0, sizeof(d));
	d.id = f->st.id;
	d.part = f->st.part;
	d.after = f->st.after;
	if (d.part == STATUS_CMDS && p.cred.uid != 0)
		d.part = STATUS_SUBS, d.after = 0;
	if (d.part == STATUS_CMDS)
		page_commands(f, &d);
	if (!d.more)
		page_submissions(f, &p, &d);
	if (!d.more)
		d.part = d.after = 0;
	chan_done(f->gen, &d);
	return NULL;
}

/* "permitted: its own", "permitted by line 3", "refused: not yours"... */
static const char *
result(const struct peer *p, const struct sub_view *v,
    const struct policy_rule *rule, int ok, char *buf, size_t size)
{
	if (v == NULL)
		snprintf(buf, size, "refused: no such id");
	else if (rule != NULL)
		policy_result(rule, buf, size);
	else if (p->cred.uid == 0)
		snprintf(buf, size, "permitted to root");
	else if (ok)
		snprintf(buf, size, "permitted: its own");
	else
		snprintf(buf, size, "refused: not yours");
	return buf;
}

/* The decision's line; a refusal's within the asker's share of the log. */
static void
log_decision(const struct peer *p, const struct control_msg *m, int ok,
    const char *res)
{
	struct quota	*q;
	char		 what[32], target[32];

	if (!ok && (q = quota_get(p->cred.uid)) != NULL && !quota_log(q))
		return;
	if (m->op == CTL_KILL)
		snprintf(what, sizeof(what), "kill");
	else
		snprintf(what, sizeof(what), "send SIG%s to", signame(m->sig));
	snprintf(target, sizeof(target), "%s %llu", m->op == CTL_SIGNAL_PID ?
	    "pid" : "submission", (unsigned long long)m->target);
	log_ev(LL_INFO, m->op == CTL_KILL ? "kill" : "signal",
	    "control: {by} asks to {what} {target}: {result}", LOG_FIELDS(
	    LF_STR("outcome", ok ? "permitted" : "refused"),
	    LF_STR("result", res),
	    LF_INTIF("submission_id", (long long)m->target,
	    m->op != CTL_SIGNAL_PID),
	    LF_INTIF("pid", (long long)m->target, m->op == CTL_SIGNAL_PID),
	    LF_STRIF("signal", signame(m->sig), m->op != CTL_KILL),
	    LF_PEER(&p->cred), LF_TEXT("by", p->who), LF_TEXT("what", what),
	    LF_TEXT("target", target)));
}

/*
 * A signal to a -r command or hook, root's only: sent as dinit forwards
 * one (-rewrite, and to the group with -g).
 */
static uint32_t
signal_command(const struct config *conf, const struct peer *p,
    const struct control_msg *m, char *res, size_t size)
{
	struct child	*c;
	int		 out = conf->rewrite[m->sig];

	if (p->cred.uid != 0) {
		snprintf(res, size, "refused: -r commands are root's");
		return REFUSE_NOTYOURS;
	}
	if ((c = child_find(m->target)) == NULL ||
	    (c->role != ROLE_CMD && c->role != ROLE_HOOK)) {
		snprintf(res, size, "refused: no such command");
		return REFUSE_NOSUCH;
	}
	if (out == 0)
		snprintf(res, size, "permitted to root; rewritten to nothing");
	else if (out != m->sig)
		snprintf(res, size, "permitted to root; sent as SIG%s",
		    signame(out));
	else
		snprintf(res, size, "permitted to root");
	/* Unreaped, so the pid is still its own. */
	if (out != 0)
		(void)kill(conf->pgroup ? -c->pid : c->pid, out);
	return 0;
}

/* A signal to a submission's command, or its end. */
static uint32_t
control_submission(const struct peer *p, const struct control_msg *m,
    char *res, size_t size, int *detail)
{
	const struct policy_rule	*rule = NULL;
	struct submission		*s;
	struct sub_view			 v;
	int				 ok = 0;

	if ((s = sub_find(m->target)) != NULL && sub_view(s, &v) == -1)
		s = NULL;
	if (s != NULL)
		ok = allowed(p, &v, POLICY_SIGNAL, &rule);
	result(p, s != NULL ? &v : NULL, rule, ok, res, size);
	if (s == NULL)
		return REFUSE_NOSUCH;
	if (!ok && rule != NULL) {
		*detail = rule->line;
		return REFUSE_DENIED;
	}
	if (!ok)
		return REFUSE_NOTYOURS;
	if (m->op == CTL_KILL)
		sub_teardown(s, SUB_KILLED);
	else
		sub_send(s, m->sig);
	return 0;
}

static const char *
control(const struct config *conf, struct frame *f)
{
	const struct control_msg	*m = &f->ctl;
	struct peer			 p;
	char				 res[128];
	uint32_t			 code;
	int				 detail = 0;

	switch (asker(f, &p)) {
	case PEER_NOT_CLIENT:
		return "fd is not a client connection";
	case PEER_NO_CRED:
		refuse(f, m->id, REFUSE_CRED, errno);
		return NULL;
	case PEER_OK:
		break;
	}
	switch (claim(f->fd, 0, 1)) {
	case CLAIM_USED:
		return "connection used before";
	case CLAIM_LATE:
	case CLAIM_GONE:
		refuse(f, m->id, REFUSE_BUSY, ECONNRESET);
		return NULL;
	case CLAIM_OK:
		break;
	}
	if (m->op == CTL_SIGNAL_PID)
		code = signal_command(conf, &p, m, res, sizeof(res));
	else
		code = control_submission(&p, m, res, sizeof(res), &detail);
	log_decision(&p, m, code == 0, res);
	refuse(f, m->id, code, detail);
	return NULL;
}

/* The client's socket goes back once its frame is dealt with. */
static const char *
done_with(struct frame *f, const char *why)
{
	close(f->fd);
	f->fd = -1;
	return why;
}

const char *
control_status(struct frame *f)
{
	return done_with(f, status(f));
}

const char *
control_take(const struct config *conf, struct frame *f)
{
	return done_with(f, control(conf, f));
}
