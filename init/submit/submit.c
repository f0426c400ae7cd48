/*
 * A submission as init sees it: argv and a target from sockd, which is
 * not trusted, and an identity from the kernel, which is.  The command
 * runs as the peer that connected, or as the target its verdict allows,
 * in a session of its own.  Each stage is a file of its own; this one
 * calls them in order, refuses, or hands the forked command to
 * submission.c, which sees it to its end.
 */
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/privdrop.h"
#include "common/proto.h"
#include "common/redact.h"
#include "init/config.h"
#include "init/keeper/chan.h"
#include "init/keeper/peer.h"
#include "init/keeper/supervise.h"
#include "init/policy/policy.h"
#include "init/proc/child.h"
#include "init/proc/guard.h"
#include "init/proc/spawn.h"
#include "init/submit/attach.h"
#include "init/submit/claim.h"
#include "init/submit/quota.h"
#include "init/submit/relay.h"
#include "init/submit/submission.h"
#include "init/submit/submit.h"
#include "init/submit/verdict.h"

/* One SPAWN on its way through the stages. */
struct asked {
	uint64_t	 id;		/* the submission's */
	struct frame	*f;
	struct peer	 p;
	struct quota	*q;		/* NULL: no account could be had */
	int		 io[3];		/* -wait: the client's fds */
	char		*shown[PROTO_ARGC_MAX + 1];	/* argv in the log */
};

static const struct policy	*policy;
static int			 redacting;	/* a rule hides words */

/* The rules (NULL: none) every submission is judged by. */
void
submit_init(const struct policy *pol)
{
	int	 i;

	policy = pol;
	for (i = 0; pol != NULL && i < pol->nrules; i++)
		redacting |= pol->rule[i].redact != 0;
}

/*
 * The argv as every line about it shows it: with the words hidden that
 * the rule matching it says (-redact where none does).  p: NULL while
 * the kernel has not said who asked, and then every word but argv[0] is
 * hidden where any word may be.
 */
static void
shown(const struct config *conf, struct asked *a, const struct peer *p)
{
	const struct policy_rule	*r = NULL;
	uint64_t			 mask = conf->redact;

	if (p == NULL && (redacting || conf->redact != 0))
		mask = ~UINT64_C(1);
	else if (p != NULL && policy != NULL &&
	    (r = verdict_rule(policy, p, &a->f->m)) != NULL)
		mask = r->redact;
	redact_argv(a->f->m.argv, mask, a->shown);
}

/*
 * Refused before it ran; logged within the uid's share of the log.  p:
 * NULL where the kernel would not say who asked.
 */
static void
refuse(const struct asked *a, const struct peer *p, enum refuse_code code,
    int error)
{
	const struct frame	*f = a->f;
	char			 why[128];

	if (a->q == NULL || quota_log(a->q)) {
		proto_refusal(code, error, why, sizeof(why));
		log_ev(LL_WARN, "submission",
		    "refused {argv} (submitted by {by}): {reason}",
		    LOG_FIELDS(LF_STR("outcome", "refused"),
		    LF_STR("reason", why), LF_ID((long long)a->id),
		    LF_PEER(p != NULL ? &p->cred : NULL),
		    LF_ARGV("argv", a->shown), LF_REASON(f->m.reason),
		    LF_TEXT("by", p != NULL ? p->who : "unknown peer")));
	}
	chan_reply(f->gen, f->m.id, 0, code, error);
}

/*
 * init's environment goes only where it was already readable, to root
 * running as root, or where a rule's keepenv or -submit-env inherit
 * says so.  Anyone else gets init's PATH alone, which holds no secret
 * (none if init has none).
 */
static char **
environment(const struct config *conf, const struct peer *p,
    const struct verdict *v)
{
	static char	*minimal[2];
	char		**e;

	if (v->keepenv || conf->submit_env_inherit ||
	    (p->cred.uid == 0 && v->ids.uid == 0))
		return NULL;
	minimal[0] = NULL;
	/* environ is NULL where dinit started with no environment at all. */
	for (e = environ; e != NULL && *e != NULL && minimal[0] == NULL; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			minimal[0] = *e;
	return minimal;
}

/* The smaller of two time limits, where 0 is none. */
static uint32_t
smaller(int64_t a, uint32_t b)
{
	if (a == 0 || (b != 0 && b < a))
		return b;
	return a > UINT32_MAX ? UINT32_MAX : a;
}

/*
 * Fork the command's guard as the verdict says, with the client's fds
 * on -wait, and hand it to submission.c, which awaits its exec.  What
 * the command leaves behind ends with it for every submitter but root,
 * and for root's -wait; root's detached commands leave theirs running,
 * as the original did, unless their limits say teardown=yes.
 */
static void
run(const struct config *conf, const struct asked *a, const struct verdict *v,
    int wait)
{
	const struct limits	*lim = v->lim != NULL ? v->lim :
				    &conf->submit_limit;
	struct sub_origin	 o;
	struct spawn		 sp;
	struct guard		 g;
	struct child		*c;
	pid_t			 pid;
	int			 fd;

	memset(&sp, 0, sizeof(sp));
	sp.argv = a->f->m.argv;
	sp.envp = environment(conf, &a->p, v);
	sp.ids = &v->ids;
	sp.newsession = 1;
	/* init's stdout and stderr are root's: anyone else gets the relay. */
	sp.out = v->ids.uid == 0 || wait ? NULL : relay_fds();
	sp.io = wait ? a->io : NULL;
	sp.ctty = (a->f->m.as.flags & SPAWN_TTY) != 0;
	sp.nullstdin = !wait;
	sp.lim = lim;
	g.teardown = a->p.cred.uid != 0 || wait || lim->teardown == 1;
	g.kill_after_ms = limits_kill_after(lim);
	g.pgroup = conf->pgroup;
	if ((pid = guard_spawn(&sp, &g, &fd)) == -1) {
		refuse(a, &a->p, REFUSE_EXEC, errno);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.id = a->id;
	o.reqid = a->f->m.id;
	o.gen = a->f->gen;
	o.quota = a->q;
	o.by = a->p.cred;
	o.who = a->p.who;
	o.as = (a->f->m.as.flags & SPAWN_AS) != 0;
	o.as_uid = v->ids.uid;
	o.as_gid = v->ids.gid;
	o.conn = wait ? a->f->fd : -1;
	o.time_ms = smaller(lim->time_ms, a->f->m.as.time_ms);
	o.kill_after_ms = g.kill_after_ms;
	o.tty = sp.ctty;
	o.reason = a->f->m.reason;
	if ((c = child_add(pid, ROLE_SUBMIT, a->shown)) == NULL ||
	    sub_new(c, fd, &o) == -1) {
		/* Paranoia: it is reaped as an orphan. */
		kill(pid, SIGKILL);
		close(fd);
		if (c != NULL)
			child_del(c);
		refuse(a, &a->p, REFUSE_LIMIT, ENOMEM);
	}
}

/*
 * Who is at the other end of the frame's connection, as the kernel says:
 * PEER_OK with a->p filled in; PEER_NO_CRED, with errno, where the
 * kernel would not say (the socket was closed since sockd sent this:
 * ECONNRESET); PEER_NOT_CLIENT if it is no client's connection.
 */
static enum peer_check
connection(struct asked *a)
{
	const struct listener	*l;

	if ((l = supervise_listener()) == NULL) {
		errno = ECONNRESET;
		return PEER_NO_CRED;
	}
	return peer_check(a->f->fd, l, &a->p);
}

/*
 * Whether one of a -wait client's fds is a terminal: it goes only to a
 * command that runs as the submitter itself.  A terminal lets whoever
 * holds it read what is typed there next, and root's would let a command
 * run as another uid (-u) read root's keys after it ends.  A new one
 * made for the session (-t) carries nothing of the submitter's, and may
 * go to a target, once attach_tty has said it is one.
 */
static int
any_tty(const int *io)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (isatty(io[i]))
			return 1;
	return 0;
}

/* The stages in order, then the command. */
static const char *
take(const struct config *conf, int accepting, struct asked *a)
{
	const struct quota_limits lim = { conf->submit_max, conf->submit_rate };
	struct verdict		 v;
	struct frame		*f = a->f;
	enum refuse_code	 code;
	int			 wait = f->bundle != -1;
	int			 tty = (f->m.as.flags & SPAWN_TTY) != 0;

	shown(conf, a, NULL);
	switch (connection(a)) {
	case PEER_NOT_CLIENT:
		return "fd is not a client connection";
	case PEER_NO_CRED:
		refuse(a, NULL, REFUSE_CRED, errno);
		return NULL;
	case PEER_OK:
		break;
	}
	shown(conf, a, &a->p);
	a->q = quota_get(a->p.cred.uid);
	switch (claim(f->fd, f->m.seq, f->m.count)) {
	case CLAIM_USED:
		return "connection used before";
	case CLAIM_LATE:
		refuse(a, &a->p, REFUSE_BUSY, ETIMEDOUT);
		return NULL;
	case CLAIM_GONE:
		refuse(a, &a->p, REFUSE_BUSY, ECONNRESET);
		return NULL;
	case CLAIM_OK:
		break;
	}
	if (wait && attach_take(f->bundle, &a->p, a->io) == -1)
		refuse(a, &a->p, REFUSE_ATTACH, 0);
	else if (tty && attach_tty(a->io, a->p.cred.uid) == -1)
		refuse(a, &a->p, REFUSE_ATTACH, errno);
	else if (!accepting)
		refuse(a, &a->p, REFUSE_SHUTDOWN, 0);
	else if (a->q == NULL)
		refuse(a, &a->p, REFUSE_LIMIT, 0);
	else if (sub_pending_full())
		refuse(a, &a->p, REFUSE_BUSY, 0);
	else if ((code = quota_admit(a->q, &lim, wait)) != REFUSE_NONE)
		refuse(a, &a->p, code, 0);
	else if ((code = verdict(policy, &a->p, &f->m, a->shown, a->q, a->id,
	    &v)) != REFUSE_NONE)
		chan_reply(f->gen, f->m.id, 0, code, v.detail);
	else if (wait && !tty && v.ids.uid != a->p.cred.uid &&
	    any_tty(a->io))
		refuse(a, &a->p, REFUSE_ATTACH, EACCES);
	else
		run(conf, a, &v, wait);
	return NULL;
}

/* Whatever fds a frame brought, once it has been dealt with. */
static void
close_all(struct asked *a)
{
	struct frame	*f = a->f;
	int		 i;

	if (f->fd != -1)
		close(f->fd);
	if (f->bundle != -1)
		close(f->bundle);
	f->fd = f->bundle = -1;
	for (i = 0; i < 3; i++)
		if (a->io[i] != -1)
			close(a->io[i]);
}

const char *
submit_take(const struct config *conf, int accepting, struct frame *f)
{
	struct asked	 a;
	const char	*why;

	memset(&a, 0, sizeof(a));
	a.id = sub_next_id();
	a.f = f;
	a.io[0] = a.io[1] = a.io[2] = -1;
	why = take(conf, accepting, &a);
	close_all(&a);
	return why;
}

const char *
submit_signal(struct frame *f)
{
	int	 r;

	r = sub_signal(&f->sig, f->gen, f->fd);
	close(f->fd);
	f->fd = -1;
	return r == -1 ? "signal for another connection" : NULL;
}
