/*
 * A submission from fork to reap.  Its exec is awaited through the
 * exec-status pipe (pending), for SUB_EXEC_MS at most; then it runs,
 * attached to its client's connection (-wait) or not, until it is
 * reaped.  Each step is logged and answered here, once; the per-uid
 * counts change only through quota's verbs, and the number pending is
 * the length of the one list of them.
 */
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/log.h"
#include "common/proto.h"
#include "init/keeper/chan.h"
#include "init/keeper/peer.h"
#include "init/proc/child.h"
#include "init/proc/guard.h"
#include "init/proc/reap.h"
#include "init/proc/spawn.h"
#include "init/submit/quota.h"
#include "init/submit/relay.h"
#include "init/submit/submission.h"

enum sub_state {
	SUB_PENDING,		/* its exec not yet told */
	SUB_RUNNING,		/* exec'd */
	SUB_FAILED,		/* did not exec; to be reaped */
};

struct submission {
	TAILQ_ENTRY(submission)	 live;		/* every one */
	TAILQ_ENTRY(submission)	 pend;		/* the pending ones */
	struct child		*child;		/* its guard */
	pid_t			 cmd;		/* its command, once told */
	uint64_t		 id;
	enum sub_state		 state;
	enum sub_reason		 ended;		/* why it was ended, if it was */
	uint32_t		 time_ms;	/* its time limit, 0: none */
	int64_t			 kill_after_ms;
	int			 timed;		/* the limit is still to come: */
	struct timespec		 limitat;
	struct timespec		 started;	/* CLOCK_REALTIME at its exec */
	int			 execfd;	/* exec-status pipe, or -1 */
	struct timespec		 execby;	/* told by then, or killed */
	uint32_t		 reqid;		/* SPAWN id to answer */
	uint32_t		 gen;		/* sockd that asked */
	struct quota		*quota;
	struct ucred		 by;		/* submitter, for the JSON */
	char			 who[WHO_MAX];	/* submitter, for the text */
	int			 as;		/* runs as a target asked for */
	int			 tty;		/* on a new terminal (-t) */
	uid_t			 as_uid;
	gid_t			 as_gid;
	int			 attached;	/* -wait: its end to the client */
	int			 orphaned;	/* and the client is gone */
	dev_t			 conndev;	/* the client's connection */
	ino_t			 connino;
	char			 reason[PROTO_REASON_MAX + 1];
};

TAILQ_HEAD(sublist, submission);

static struct sublist	 live = TAILQ_HEAD_INITIALIZER(live);
static struct sublist	 pending = TAILQ_HEAD_INITIALIZER(pending);
static int		 npending;	/* pending's length */
static uint64_t		 lastid;

/* The submission's fields in the log's JSON, after outcome and why. */
#define LF_SUBMITTED(s) \
	LF_ID((long long)(s)->id), LF_PEER(&(s)->by), \
	LF_INTIF("as_uid", (s)->as_uid, (s)->as), \
	LF_INTIF("as_gid", (s)->as_gid, (s)->as), \
	LF_INTIF("tty", 1, (s)->tty), \
	LF_CHILDARGV((s)->child), LF_REASON((s)->reason), \
	LF_TEXT("by", (s)->who)

/* Unique for the life of this dinit. */
uint64_t
sub_next_id(void)
{
	return ++lastid;
}

/*
 * ", as uid U gid G" and ", on a new terminal" after the submitter, for
 * the log.
 */
static void
who(struct submission *s, const struct sub_origin *o)
{
	size_t	 n;

	n = strlcpy(s->who, o->who, sizeof(s->who));
	if (o->as && n < sizeof(s->who))
		n += snprintf(s->who + n, sizeof(s->who) - n,
		    ", as uid %u gid %u", (unsigned)o->as_uid,
		    (unsigned)o->as_gid);
	if (o->tty && n < sizeof(s->who))
		snprintf(s->who + n, sizeof(s->who) - n, ", on a new terminal");
}

/* The client's connection, by which its signals and its end go. */
static void
attach(struct submission *s, int conn)
{
	struct stat	 st;

	if (conn == -1 || fstat(conn, &st) == -1)
		return;
	s->attached = 1;
	s->conndev = st.st_dev;
	s->connino = st.st_ino;
}

/*
 * c, the guard forked for o, awaits its command's exec's word on
 * execfd; -1 if there is no memory for it (the caller kills it).
 */
int
sub_new(struct child *c, int execfd, const struct sub_origin *o)
{
	struct submission	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	s->child = c;
	s->id = o->id;
	s->state = SUB_PENDING;
	s->execfd = execfd;
	(void)fcntl(execfd, F_SETFL, O_NONBLOCK);
	ts_now(&s->execby);
	ts_add_ms(&s->execby, SUB_EXEC_MS);
	s->reqid = o->reqid;
	s->gen = o->gen;
	s->quota = o->quota;
	s->by = o->by;
	who(s, o);
	s->as = o->as;
	s->tty = o->tty;
	s->as_uid = o->as_uid;
	s->as_gid = o->as_gid;
	s->time_ms = o->time_ms;
	s->kill_after_ms = o->kill_after_ms;
	strlcpy(s->reason, o->reason, sizeof(s->reason));
	attach(s, o->conn);
	quota_admitted(s->quota, s->attached);
	TAILQ_INSERT_TAIL(&live, s, live);
	TAILQ_INSERT_TAIL(&pending, s, pend);
	npending++;
	c->sub = s;
	return 0;
}

int
sub_pending_full(void)
{
	return npending >= SUB_PENDING_MAX;
}

/* -wait commands alive whose end is still to be told. */
int
sub_attached(void)
{
	struct submission	*s;
	int			 n = 0;

	TAILQ_FOREACH(s, &live, live)
		n += s->attached;
	return n;
}

/* exec succeeded (e == 0) or failed: log it once and answer sockd. */
static void
finish(struct submission *s, int e)
{
	const char	*why;

	TAILQ_REMOVE(&pending, s, pend);
	npending--;
	quota_execd(s->quota);
	if (s->execfd != -1)
		close(s->execfd);
	s->execfd = -1;
	if (e == 0) {
		s->state = SUB_RUNNING;
		(void)clock_gettime(CLOCK_REALTIME, &s->started);
		if (s->time_ms > 0) {
			s->timed = 1;
			ts_now(&s->limitat);
			ts_add_ms(&s->limitat, s->time_ms);
		}
		log_ev(LL_INFO, "submission",
		    "pid {pid} started: {argv} (submitted by {by})",
		    LOG_FIELDS(LF_STR("outcome", "started"),
		    LF_INT("pid", s->cmd), LF_SUBMITTED(s)));
		chan_reply(s->gen, s->reqid, s->cmd, 0, 0);
		return;
	}
	s->state = SUB_FAILED;
	why = e == ECANCELED ? "died before exec" :
	    e == ETIMEDOUT ? "no exec in time" : strerror(e);
	log_ev(LL_WARN, "submission",
	    "cannot run {argv} (submitted by {by}): {reason}",
	    LOG_FIELDS(LF_STR("outcome", "failed"), LF_STR("reason", why),
	    LF_SUBMITTED(s)));
	chan_reply(s->gen, s->reqid, 0, REFUSE_EXEC, e);
}

/* What the guard says of its command's exec, if it has spoken. */
static void
settle(struct submission *s)
{
	int	 e;

	if ((e = guard_result(s->execfd, &s->cmd)) == -1)
		return;
	s->execfd = -1;		/* guard_result closed it */
	finish(s, e);
}

int
sub_pollfds(struct pollfd *pfd, int max)
{
	struct submission	*s;
	int			 n = 0;

	TAILQ_FOREACH(s, &pending, pend) {
		if (n == max)
			break;
		pfd[n].fd = s->execfd;
		pfd[n++].events = POLLIN;
	}
	return n;
}

void
sub_events(const struct pollfd *pfd, int n)
{
	struct submission	*s, *next;
	int			 i;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		TAILQ_FOREACH_SAFE(s, &pending, pend, next)
			if (s->execfd == pfd[i].fd) {
				settle(s);
				break;
			}
	}
}

/*
 * Milliseconds until the oldest pending exec runs out or the next time
 * limit passes; -1 for none.
 */
int
sub_timeout(void)
{
	struct submission	*s;
	int			 ms = -1, left;

	/* The pending list is in the order of their deadlines. */
	if ((s = TAILQ_FIRST(&pending)) != NULL)
		ms = ts_left_ms(&s->execby);
	TAILQ_FOREACH(s, &live, live)
		if (s->timed && ((left = ts_left_ms(&s->limitat)) < ms ||
		    ms == -1))
			ms = left;
	return ms;
}

/*
 * A command held between fork and exec (stopped, say) past its time: its
 * guard is killed, and the command with it.  A time limit passed: the
 * submission ends.
 */
void
sub_timer(void)
{
	struct submission	*s;

	while ((s = TAILQ_FIRST(&pending)) != NULL &&
	    ts_left_ms(&s->execby) == 0) {
		kill(s->child->pid, SIGKILL);
		finish(s, ETIMEDOUT);
	}
	TAILQ_FOREACH(s, &live, live)
		if (s->timed && ts_left_ms(&s->limitat) == 0) {
			s->timed = 0;
			sub_teardown(s, SUB_TIME_LIMIT);
		}
}

/* Dead but not reaped: if its exec is still untold, it is told now. */
void
sub_dying(struct child *c)
{
	struct submission	*s = c->sub;

	if (s->state == SUB_PENDING)
		settle(s);
	/* Dead, so the pipe has its answer; paranoia. */
	if (s->state == SUB_PENDING)
		finish(s, EIO);
}

static const struct end_reason reasons[] = {
	[SUB_TIME_LIMIT] = { "time-limit", " (time limit)" },
	[SUB_KILLED] = { "killed", " (ended on request)" },
	[SUB_CLIENT_GONE] = { "client-gone", " (its client left)" },
	[SUB_SOCKD_GONE] = { "sockd-gone", " (sockd died)" },
};

/*
 * Reaped (its guard, which left as the command did, with everything the
 * command started gone): its end logged and told, its accounts settled,
 * it is gone.
 */
void
sub_exited(struct child *c, const struct reaped *guard)
{
	struct submission	*s = c->sub;
	struct reaped		 r = *guard;

	/* What it wrote before it ended comes before the word of its end. */
	relay_drain();
	if (s->state == SUB_RUNNING) {
		r.pid = s->cmd;
		reap_log(c, &r, &(struct sub_end){ s->id, s->reason,
		    s->ended == SUB_NONE ? NULL : &reasons[s->ended] });
		if (s->attached && !s->orphaned)
			chan_end(s->gen, s->reqid, r.st,
			    s->ended == SUB_TIME_LIMIT);
	}
	quota_ended(s->quota, s->attached);
	TAILQ_REMOVE(&live, s, live);
	c->sub = NULL;
	free(s);
}

/*
 * A -wait client's signal for the command started on its connection:
 * -1 if fd is not that connection (sockd lies); 0 otherwise, also when
 * the command is gone.
 */
int
sub_signal(const struct signal_msg *m, uint32_t gen, int fd)
{
	struct submission	*s;
	struct stat		 st;

	TAILQ_FOREACH(s, &live, live)
		if (s->attached && !s->orphaned && s->reqid == m->id &&
		    s->gen == gen)
			break;
	if (s == NULL)
		return 0;
	if (fstat(fd, &st) == -1 || st.st_dev != s->conndev ||
	    st.st_ino != s->connino)
		return -1;
	if (m->sig == SIGNAL_GONE) {
		s->orphaned = 1;
		sub_teardown(s, SUB_CLIENT_GONE);
	} else
		(void)guard_tell(s->child->pid, m->sig);
	return 0;
}

/* sockd is gone, and with it every -wait client's connection. */
void
sub_orphans(void)
{
	struct submission	*s;

	TAILQ_FOREACH(s, &live, live) {
		if (!s->attached || s->orphaned)
			continue;
		s->orphaned = 1;
		sub_teardown(s, SUB_SOCKD_GONE);
	}
}

/*
 * The submission ends: its guard sends TERM to everything of it (or to
 * its command alone, where it keeps no leftovers), KILL after its
 * kill-after.  The first reason is the one told.  Unreaped, so the
 * guard's pid is still its own.
 */
void
sub_teardown(struct submission *s, enum sub_reason why)
{
	if (s->ended == SUB_NONE)
		s->ended = why;
	s->timed = 0;
	(void)guard_tell(s->child->pid, GUARD_END);
}

/* The running submission with this id, or NULL. */
struct submission *
sub_find(uint64_t id)
{
	struct submission	*s;

	TAILQ_FOREACH(s, &live, live)
		if (s->id == id)
			return s;
	return NULL;
}

/*
 * The first running submission with an id above after, or NULL: the
 * list is in the order of the ids, so a listing in pages resumes where
 * it stopped, whatever ended meanwhile.
 */
struct submission *
sub_after(uint64_t after)
{
	struct submission	*s;

	TAILQ_FOREACH(s, &live, live)
		if (s->id > after && s->state == SUB_RUNNING)
			return s;
	return NULL;
}

/*
 * What -status shows of s, and -signal signals; -1, with its id alone,
 * if its command is not running yet.
 */
int
sub_view(struct submission *s, struct sub_view *v)
{
	int	 left;

	memset(v, 0, sizeof(*v));
	v->id = s->id;
	if (s->state != SUB_RUNNING || s->cmd <= 0)
		return -1;
	v->pid = s->cmd;
	v->by = s->by;
	v->as_uid = s->as_uid;
	v->as_gid = s->as_gid;
	v->started_ms = (int64_t)s->started.tv_sec * 1000 +
	    s->started.tv_nsec / 1000000;
	v->limit_ms = s->time_ms;
	if (s->timed && (left = ts_left_ms(&s->limitat)) >= 0)
		v->left_ms = (uint32_t)left < s->time_ms ? (uint32_t)left :
		    s->time_ms;
	v->child = s->child;
	return 0;
}

/*
 * sig to the submission's command, by its guard, which sends it only
 * while the command is unreaped: its pid is never another's.
 */
void
sub_send(struct submission *s, int sig)
{
	(void)guard_tell(s->child->pid, sig);
}
