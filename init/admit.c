/*
 * Admission: who may run a command, and how many and how fast.  Called
 * once per submission, before anything is started.
 */
#include <sys/types.h>

#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/proto.h"
#include "init/admit.h"
#include "init/child.h"
#include "init/opts.h"
#include "init/peer.h"

/* A token bucket holding one second's worth of -submit-rate. */
static int
rate_ok(int rate)
{
	static struct timespec	 last;
	static double		 tokens = -1;
	struct timespec		 now;

	if (rate == 0)
		return 1;
	ts_now(&now);
	if (tokens < 0)
		tokens = rate;
	tokens += ((now.tv_sec - last.tv_sec) +
	    (now.tv_nsec - last.tv_nsec) / 1e9) * rate;
	if (tokens > rate)
		tokens = rate;
	last = now;
	if (tokens < 1)
		return 0;
	tokens -= 1;
	return 1;
}

/*
 * accepting: init runs its commands (it is neither starting nor
 * stopping); pending_full: no room to await one more exec result.
 */
int
admit(const struct config *conf, int accepting, const struct peer *p,
    int pending_full)
{
	/* Not root: we cannot run anything as anyone else. */
	if (geteuid() != 0 && p->cred.uid != geteuid())
		return REFUSE_POLICY;
	if (!accepting)
		return REFUSE_SHUTDOWN;
	if (child_count(ROLE_SUBMIT) >= conf->submit_max)
		return REFUSE_LIMIT;
	if (pending_full)
		return REFUSE_BUSY;
	if (!rate_ok(conf->submit_rate))
		return REFUSE_RATE;
	return 0;
}
