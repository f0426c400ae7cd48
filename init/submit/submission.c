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
	struct child		*child;
	uint64_t		 id;
	enum sub_state		 state;
	int			 execfd;	/* exec-status pipe, or -1 */
	struct timespec		 execby;	/* told by then, or killed */
	uint32_t		 reqid;		/* SPAWN id to answer */
	uint32_t		 gen;		/* sockd that asked */
	struct quota		*quota;
	struct ucred		 by;		/* submitter, for the JSON */
	char			 who[WHO_MAX];	/* submitter, for the text */
	int			 as;		/* runs as a target asked for */
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
	LF_CHILDARGV((s)->child), LF_REASON((s)->reason), \
	LF_TEXT("by", (s)->who)

/* Unique for the life of this dinit. */
uint64_t
sub_next_id(void)
{
	return ++lastid;
}

/* ", as uid U gid G" after the submitter, for the log. */
static void
who(struct submission *s, const struct sub_origin *o)
{
	size_t	 n;

	n = strlcpy(s->who, o->who, sizeof(s->who));
	if (o->as && n < sizeof(s->who))
		snprintf(s->who + n, sizeof(s->who) - n, ", as uid %u gid %u",
		    (unsigned)o->as_uid, (unsigned)o->as_gid);
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
 * c, forked for o, awaits its exec's word on execfd; -1 if there is no
 * memory for it (the caller kills it).
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
	s->as_uid = o->as_uid;
	s->as_gid = o->as_gid;
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
	struct child	*c = s->child;
	const char	*why;

	TAILQ_REMOVE(&pending, s, pend);
	npending--;
	quota_execd(s->quota);
	if (s->execfd != -1)
		close(s->execfd);
	s->execfd = -1;
	if (e == 0) {
		s->state = SUB_RUNNING;
		log_ev(LL_INFO, "submission",
		    "pid {pid} started: {argv} (submitted by {by})",
		    LOG_FIELDS(LF_STR("outcome", "started"),
		    LF_INT("pid", c->pid), LF_SUBMITTED(s)));
		chan_reply(s->gen, s->reqid, c->pid, 0, 0);
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

/*
 * What the exec-status pipe says, if it has spoken: EOF is an exec only
 * if the child did exec (a submitter may kill its command before), which
 * spawn_execd tells at once.
 */
static void
settle(struct submission *s)
{
	int	 e;

	if ((e = spawn_result(s->execfd)) == -1)
		return;
	s->execfd = -1;		/* spawn_result closed it */
	if (e == 0 && spawn_execd(s->child->pid) == 0)
		e = ECANCELED;
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

/* Milliseconds until the oldest pending exec runs out; -1 for none. */
int
sub_timeout(void)
{
	struct submission	*s;

	/* The list is in the order of their deadlines. */
	if ((s = TAILQ_FIRST(&pending)) == NULL)
		return -1;
	return ts_left_ms(&s->execby);
}

/* A command held between fork and exec (stopped, say) past its time. */
void
sub_timer(void)
{
	struct submission	*s;

	while ((s = TAILQ_FIRST(&pending)) != NULL &&
	    ts_left_ms(&s->execby) == 0) {
		kill(s->child->pid, SIGKILL);
		finish(s, ETIMEDOUT);
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

/* Reaped: its end logged and told, its accounts settled, it is gone. */
void
sub_exited(struct child *c, int st)
{
	struct submission	*s = c->sub;

	/* What it wrote before it ended comes before the word of its end. */
	relay_drain();
	if (s->state == SUB_RUNNING) {
		reap_log(c, st, s->id, s->reason);
		if (s->attached && !s->orphaned)
			chan_end(s->gen, s->reqid, st);
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
	/* Unreaped, so the pid is still its own. */
	(void)kill(s->child->pid, m->sig);
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
		(void)kill(s->child->pid, SIGTERM);
		(void)kill(s->child->pid, SIGCONT);
	}
}
