/*
 * How long after a death sockd may start again: 100 ms at first,
 * doubling up to 30 s, and 100 ms again after a sockd that lived 10 s.
 * Clients wait in the backlog through a backoff of up to 300 ms (the
 * short ones before it add up to less than a second); through a longer
 * one nobody would serve them soon, and they are refused (supervise.c).
 */
#include <time.h>

#include "common/clock.h"
#include "init/keeper/backoff.h"

#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	30000
#define STABLE_MS	10000	/* a sockd that lived this long resets backoff */
#define WAIT_MAX_MS	300	/* a backoff longer than this, clients not kept */

static int		 backoff_ms;
static struct timespec	 stable_at;

/* A sockd starts now. */
void
backoff_started(void)
{
	ts_now(&stable_at);
	ts_add_ms(&stable_at, STABLE_MS);
}

/* sockd died: the backoff in ms, and whether clients may wait it out. */
int
backoff_next(int *keep)
{
	if (ts_left_ms(&stable_at) == 0)
		backoff_ms = BACKOFF_MIN_MS;
	else if ((backoff_ms *= 2) < BACKOFF_MIN_MS)
		backoff_ms = BACKOFF_MIN_MS;
	else if (backoff_ms > BACKOFF_MAX_MS)
		backoff_ms = BACKOFF_MAX_MS;
	*keep = backoff_ms <= WAIT_MAX_MS;
	return backoff_ms;
}
