/*
 * Per-uid accounting, so that no uid can starve another: each one has
 * its own running count, its own pending execs, its own rate bucket and
 * its own budget of refusal lines in the log.  Entries of uids with
 * nothing running or pending are dropped when the table is full.
 */
#include <sys/types.h>
#include <sys/tree.h>

#include <stdlib.h>
#include <time.h>

#include "common/log.h"
#include "init/submit/quota.h"

#define LOG_BURST	10	/* refusal lines a uid may cause at once */
#define LOG_PER_S	1	/* and then per second */

SPLAY_HEAD(quotatree, quota);

static struct quotatree	 quotas = SPLAY_INITIALIZER(&quotas);
static int		 nquotas;
static int		 nsuppressed;	/* uids with unlogged refusals */

static int
quota_cmp(struct quota *a, struct quota *b)
{
	return a->uid < b->uid ? -1 : a->uid > b->uid;
}

SPLAY_PROTOTYPE(quotatree, quota, entry, quota_cmp);
SPLAY_GENERATE(quotatree, quota, entry, quota_cmp);

static int
idle(const struct quota *q)
{
	return q->running == 0 && q->pending == 0 && q->suppressed == 0;
}

/* Make room: forget every uid that has nothing going on. */
static void
collect(void)
{
	struct quota	*q, *next;

	for (q = SPLAY_MIN(quotatree, &quotas); q != NULL; q = next) {
		next = SPLAY_NEXT(quotatree, &quotas, q);
		if (idle(q)) {
			SPLAY_REMOVE(quotatree, &quotas, q);
			free(q);
			nquotas--;
		}
	}
}

/* The uid's entry, made if need be; NULL if the table is full. */
struct quota *
quota_get(uid_t uid)
{
	struct quota	 key, *q;

	key.uid = uid;
	if ((q = SPLAY_FIND(quotatree, &quotas, &key)) != NULL)
		return q;
	if (nquotas >= QUOTA_UIDS_MAX)
		collect();
	if (nquotas >= QUOTA_UIDS_MAX || (q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->uid = uid;
	SPLAY_INSERT(quotatree, &quotas, q);
	nquotas++;
	return q;
}

/* A bucket holding one second's worth of rate; 0 is no limit. */
static int
rate_ok(struct quota *q, int rate)
{
	return rate == 0 || bucket_take(&q->rate, rate, rate);
}

/*
 * Whether one more command of q's uid may run now (attached: a -wait
 * one, which has a cap of its own).  Root is held to no per-uid limit:
 * it owns the container anyway.
 */
enum refuse_code
quota_admit(struct quota *q, const struct quota_limits *lim, int attached)
{
	if (q->uid == 0)
		return REFUSE_NONE;
	if (q->pending >= QUOTA_PENDING)
		return REFUSE_BUSY;
	if (q->running >= lim->max)
		return REFUSE_LIMIT;
	if (attached && q->attached >= QUOTA_ATTACHED)
		return REFUSE_LIMIT;
	if (!rate_ok(q, lim->rate))
		return REFUSE_RATE;
	return REFUSE_NONE;
}

/* A command of q's uid forked; its exec awaited. */
void
quota_admitted(struct quota *q, int attached)
{
	q->running++;
	q->pending++;
	q->attached += attached != 0;
}

/* Its exec told, either way. */
void
quota_execd(struct quota *q)
{
	q->pending--;
}

/* Reaped. */
void
quota_ended(struct quota *q, int attached)
{
	q->running--;
	q->attached -= attached != 0;
}

/* Whether a refusal of this uid may be logged; if not, it is counted. */
int
quota_log(struct quota *q)
{
	if (bucket_take(&q->log, LOG_PER_S, LOG_BURST))
		return 1;
	if (q->suppressed++ == 0)
		nsuppressed++;
	return 0;
}

/* Milliseconds until quota_flush() has a line to write; -1: none. */
int
quota_flush_due(void)
{
	struct quota	*q;
	int		 best = -1, wait;

	if (nsuppressed == 0)
		return -1;
	SPLAY_FOREACH(q, quotatree, &quotas) {
		if (q->suppressed == 0)
			continue;
		wait = bucket_wait_ms(&q->log, LOG_PER_S, LOG_BURST);
		if (best == -1 || wait < best)
			best = wait;
	}
	return best;
}

/* One summary line for each uid whose refusals went unlogged, if it may. */
void
quota_flush(void)
{
	struct quota	*q;

	if (nsuppressed == 0)
		return;
	SPLAY_FOREACH(q, quotatree, &quotas) {
		if (q->suppressed == 0)
			continue;
		if (!bucket_take(&q->log, LOG_PER_S, LOG_BURST))
			continue;
		log_warnx("%d more refusal%s from uid %u", q->suppressed,
		    q->suppressed == 1 ? "" : "s", (unsigned)q->uid);
		q->suppressed = 0;
		nsuppressed--;
	}
}
