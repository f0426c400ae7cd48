/*
 * A submission's verdict: whether it may run, and as whom.
 */
#ifndef DINIT_VERDICT_H
#define DINIT_VERDICT_H

#include <sys/types.h>

#include <stdint.h>

#include "common/privdrop.h"
#include "common/proto.h"

struct limits;
struct peer;
struct policy;
struct policy_rule;
struct quota;
struct spawn_msg;

struct verdict {
	struct ids	 ids;		/* whom the command runs as */
	gid_t		 gid;		/* the one group of a numeric target */
	int		 keepenv;	/* with dinit's environment */
	const struct limits *lim;	/* its rule's, or NULL: -submit-limit */
	int		 detail;	/* of a refusal: REFUSE_DENIED's line */
};

/* The rule of the policy that decides the submission, or NULL.  Pure. */
const struct policy_rule *verdict_rule(const struct policy *,
		    const struct peer *, const struct spawn_msg *);

/*
 * Under the policy (NULL: none), 0 with *v filled in, or the refuse_code
 * (common/proto.h) that says no: REFUSE_POLICY too for an identity that
 * needs a capability dinit lacks.  Every decision under a policy, every
 * one about a target, and every refusal for want of a capability is
 * logged, refusals within the submitter's share of the log (q), with
 * the argv as the log shows it (shown).
 */
enum refuse_code verdict(const struct policy *, const struct peer *,
		    const struct spawn_msg *, char *const [], struct quota *,
		    uint64_t, struct verdict *);

#endif
