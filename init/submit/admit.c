/*
 * Admission: whether a command may run now, and how many and how fast,
 * per submitting uid (as whom it may run is the verdict's).  Called once
 * per submission, before anything starts.
 */
#include <sys/types.h>

#include "common/proto.h"
#include "init/submit/admit.h"
#include "init/config.h"
#include "init/keeper/peer.h"
#include "init/submit/quota.h"
#include "init/submit/submit.h"

/*
 * accepting: init runs its commands (it is neither starting nor
 * stopping); q: the submitter's accounts (NULL: too many uids at once);
 * pending_full: no room to await one more exec result; attached: -wait,
 * which has a per-uid cap of its own.  Root is held to no per-uid limit:
 * it owns the container anyway.
 */
int
admit(const struct config *conf, int accepting, const struct peer *p,
    struct quota *q, int pending_full, int attached)
{
	int	 root = p->cred.uid == 0;

	if (!accepting)
		return REFUSE_SHUTDOWN;
	if (q == NULL)
		return REFUSE_LIMIT;
	if (pending_full || (!root && q->pending >= SUBMIT_PENDING_UID))
		return REFUSE_BUSY;
	if (!root && q->running >= conf->submit_max)
		return REFUSE_LIMIT;
	if (!root && attached && q->attached >= SUBMIT_ATTACHED_UID)
		return REFUSE_LIMIT;
	if (!root && !quota_rate(q, conf->submit_rate))
		return REFUSE_RATE;
	return 0;
}
