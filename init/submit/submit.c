/*
 * A submission as init sees it: argv and a target from sockd, which is
 * not trusted, and an identity from the kernel, which is.  The command
 * runs as the peer that connected, or as the target its verdict allows,
 * in a session of its own.  Each stage is a file of its own; this one
 * calls them in order and answers.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/privdrop.h"
#include "common/proto.h"
#include "init/submit/admit.h"
#include "init/submit/attach.h"
#include "init/keeper/chan.h"
#include "init/proc/child.h"
#include "init/submit/claim.h"
#include "init/opts.h"
#include "init/keeper/peer.h"
#include "init/submit/quota.h"
#include "init/proc/reap.h"
#include "init/submit/relay.h"
#include "init/proc/spawn.h"
#include "init/submit/submit.h"
#include "init/keeper/supervise.h"
#include "init/submit/verdict.h"

static const struct policy	*policy;
static struct child		*pending[SUBMIT_PENDING_MAX];
static int			 npending;
static int			 nattached;	/* -wait commands alive */

/* The rules (NULL: none) every submission is judged by. */
void
submit_init(const struct policy *pol)
{
	policy = pol;
}

/* Refused before it ran; logged within the uid's share of the log. */
static void
refuse(const struct frame *f, const struct peer *p, struct quota *q,
    uint32_t code, int error)
{
	char	 desc[DESC_MAX], why[128];

	if (q == NULL || quota_log(q)) {
		log_argv(desc, sizeof(desc), f->m.argv);
		proto_refusal(code, error, why, sizeof(why));
		log_event(LL_WARN, "submission", LOG_FIELDS(
		    LF_STR("outcome", "refused"), LF_STR("reason", why),
		    LF_PEER(p != NULL ? &p->cred : NULL),
		    LF_ARGV("argv", f->m.argv)),
		    "refused %s (submitted by %s): %s", desc,
		    p != NULL ? p->who : "unknown peer", why);
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

/* "..., as uid U gid G" after the submitter, for the log. */
static void
as_whom(char *who, size_t size, const struct ids *ids)
{
	size_t	 n = strlen(who);

	snprintf(who + n, size - n, ", as uid %u gid %u", (unsigned)ids->uid,
	    (unsigned)ids->gid);
}

/*
 * Start the command as the verdict says, with the client's fds if io is
 * not NULL; the exec result comes later.
 */
static void
run(const struct config *conf, const struct frame *f, const struct peer *p,
    struct quota *q, const struct verdict *v, const int *io)
{
	struct spawn	 sp;
	struct child	*c;
	pid_t		 pid;
	int		 fd;

	memset(&sp, 0, sizeof(sp));
	sp.argv = f->m.argv;
	sp.envp = environment(conf, p, v);
	sp.ids = &v->ids;
	sp.newsession = 1;
	/* init's stdout and stderr are root's: anyone else gets the relay. */
	sp.out = v->ids.uid == 0 || io != NULL ? NULL : relay_fds();
	sp.io = io;
	sp.nullstdin = io == NULL;
	if ((pid = spawn(&sp, &fd)) == -1) {
		refuse(f, p, q, REFUSE_EXEC, errno);
		return;
	}
	if ((c = child_add(pid, ROLE_SUBMIT, f->m.argv)) == NULL) {
		/* Paranoia: it is reaped as an orphan. */
		kill(pid, SIGKILL);
		close(fd);
		refuse(f, p, q, REFUSE_LIMIT, ENOMEM);
		return;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	c->execfd = fd;
	c->pending = 1;
	c->id = f->m.id;
	c->gen = f->gen;
	c->quota = q;
	ts_now(&c->execby);
	ts_add_ms(&c->execby, SUBMIT_EXEC_MS);
	strlcpy(c->who, p->who, sizeof(c->who));
	c->by = p->cred;
	if (f->m.as.flags & SPAWN_AS) {
		as_whom(c->who, sizeof(c->who), &v->ids);
		c->as = 1;
		c->as_uid = v->ids.uid;
		c->as_gid = v->ids.gid;
	}
	if (io != NULL && attach_mark(c, f->fd) == 0) {
		q->attached++;
		nattached++;
	}
	q->running++;
	q->pending++;
	pending[npending++] = c;
}

/* The connection's checks: 0, PEER_NO_CRED, or -1 for a violation. */
static int
check(struct frame *f, struct peer *p)
{
	const struct listener	*l;
	const char		*why = NULL;
	int			 r, e;

	/* None: the socket was closed since sockd sent this. */
	if ((l = supervise_listener()) == NULL) {
		r = PEER_NO_CRED;
		errno = ECONNRESET;
	} else
		r = peer_check(f->fd, l, p);
	e = errno;
	if (r == 0 && (why = claim(f->fd, f->m.seq, f->m.count)) != NULL)
		r = PEER_USED;
	errno = e;
	if (r == PEER_NOT_CLIENT)
		f->why = "fd is not a client connection";
	else if (r == PEER_USED)
		f->why = why;
	else
		return r;
	return -1;
}

/* Whatever fds a frame brought, once it has been dealt with. */
static void
close_all(struct frame *f, int *io)
{
	int	 i;

	if (f->fd != -1)
		close(f->fd);
	if (f->bundle != -1)
		close(f->bundle);
	f->fd = f->bundle = -1;
	for (i = 0; i < 3; i++)
		if (io[i] != -1)
			close(io[i]);
}

/*
 * Whether one of a -wait client's fds is a terminal: it goes only to a
 * command that runs as the submitter itself.  A terminal lets whoever
 * holds it read what is typed there next, and root's would let a command
 * run as another uid (-u) read root's keys after it ends.
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

/* The checks in order, then the command; the frame's fds are its own. */
static int
take(const struct config *conf, int accepting, struct frame *f, int *io)
{
	struct verdict	 v;
	struct quota	*q;
	struct peer	 p;
	int		 r, code, wait = f->bundle != -1;

	if ((r = check(f, &p)) == -1)
		return -1;
	if (r == PEER_NO_CRED) {
		refuse(f, NULL, NULL, REFUSE_CRED, errno);
		return 0;
	}
	q = quota_get(p.cred.uid);
	if (wait && attach_take(f->bundle, &p, io) == -1)
		refuse(f, &p, q, REFUSE_ATTACH, 0);
	else if ((code = admit(conf, accepting, &p, q,
	    npending == SUBMIT_PENDING_MAX, wait)) != 0)
		refuse(f, &p, q, code, 0);
	else if ((code = verdict(policy, &p, &f->m, q, &v)) != 0)
		chan_reply(f->gen, f->m.id, 0, code, v.detail);
	else if (wait && v.ids.uid != p.cred.uid && any_tty(io))
		refuse(f, &p, q, REFUSE_ATTACH, EACCES);
	else
		run(conf, f, &p, q, &v, wait ? io : NULL);
	return 0;
}

int
submit_take(const struct config *conf, int accepting, struct frame *f)
{
	int	 io[3] = { -1, -1, -1 }, r;

	r = take(conf, accepting, f, io);
	close_all(f, io);
	return r;
}

int
submit_signal(struct frame *f)
{
	int	 r;

	r = attach_signal(&f->sig, f->gen, f->fd);
	close(f->fd);
	f->fd = -1;
	if (r == -1)
		f->why = "signal for another connection";
	return r;
}

int
submit_attached(void)
{
	return nattached;
}

int
submit_pollfds(struct pollfd *pfd, int max)
{
	int	 i, n = 0;

	for (i = 0; i < npending && n < max; i++) {
		if (pending[i]->execfd == -1)
			continue;
		pfd[n].fd = pending[i]->execfd;
		pfd[n++].events = POLLIN;
	}
	return n;
}

/* The submission's fields in the log's JSON, after outcome and why. */
#define LF_SUBMITTED(c) \
	LF_PEER(&(c)->by), LF_INTIF("as_uid", (c)->as_uid, (c)->as), \
	LF_INTIF("as_gid", (c)->as_gid, (c)->as), LF_DESC("argv", (c)->desc)

/* exec succeeded (e == 0) or failed: log it once and answer sockd. */
static void
finish(struct child *c, int e)
{
	const char	*why;
	int		 i;

	for (i = 0; i < npending && pending[i] != c; i++)
		;
	if (i < npending)
		pending[i] = pending[--npending];
	c->pending = 0;
	c->quota->pending--;
	if (e == 0) {
		c->started = 1;
		log_event(LL_INFO, "submission", LOG_FIELDS(
		    LF_STR("outcome", "started"), LF_INT("pid", c->pid),
		    LF_SUBMITTED(c)),
		    "pid %d started: %s (submitted by %s)", c->pid, c->desc,
		    c->who);
		chan_reply(c->gen, c->id, c->pid, 0, 0);
	} else {
		why = e == ECANCELED ? "died before exec" :
		    e == ETIMEDOUT ? "no exec in time" : strerror(e);
		log_event(LL_WARN, "submission", LOG_FIELDS(
		    LF_STR("outcome", "failed"), LF_STR("reason", why),
		    LF_SUBMITTED(c)),
		    "cannot run %s (submitted by %s): %s", c->desc, c->who,
		    why);
		chan_reply(c->gen, c->id, 0, REFUSE_EXEC, e);
	}
}

/*
 * What the exec-status pipe says, if it has spoken: EOF is an exec only
 * if the child did exec (a submitter may kill its command before), which
 * spawn_execd tells at once.
 */
static void
settle(struct child *c)
{
	int	 e;

	if ((e = spawn_result(c->execfd)) == -1)
		return;
	c->execfd = -1;
	if (e == 0 && spawn_execd(c->pid) == 0)
		e = ECANCELED;
	finish(c, e);
}

void
submit_events(const struct pollfd *pfd, int n)
{
	int	 i, j;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		for (j = 0; j < npending && pending[j]->execfd != pfd[i].fd;
		    j++)
			;
		if (j < npending)
			settle(pending[j]);
	}
}

/* Milliseconds until the oldest pending exec runs out; -1 for none. */
int
submit_timeout(void)
{
	int	 i, t = -1, left;

	for (i = 0; i < npending; i++) {
		left = ts_left_ms(&pending[i]->execby);
		if (t == -1 || left < t)
			t = left;
	}
	return t;
}

/* A command held between fork and exec (stopped, say) past its time is killed. */
void
submit_timer(void)
{
	struct child	*c;
	int		 i;

	for (i = 0; i < npending; i++) {
		c = pending[i];
		if (ts_left_ms(&c->execby) == 0) {
			kill(c->pid, SIGKILL);
			if (c->execfd != -1)
				close(c->execfd);
			c->execfd = -1;
			finish(c, ETIMEDOUT);
		}
		if (i < npending && pending[i] != c)
			i--;	/* finish() moved the last one here */
	}
}

/* Dead but not reaped: if its exec is still untold, settle it now. */
void
submit_dying(struct child *c)
{
	if (c->pending)
		settle(c);
	/* Dead, so the pipe and the name have their answer; paranoia. */
	if (c->pending) {
		if (c->execfd != -1)
			close(c->execfd);
		c->execfd = -1;
		finish(c, EIO);
	}
}

void
submit_exited(struct child *c, int st)
{
	/* What it wrote before it ended comes before the word of its end. */
	relay_drain();
	if (c->started)
		reap_log(c, st);
	if (c->attached) {
		if (c->started && !c->orphaned)
			chan_end(c->gen, c->id, st);
		if (c->quota != NULL && c->quota->attached > 0)
			c->quota->attached--;
		nattached--;
	}
	quota_release(c->quota);
}
