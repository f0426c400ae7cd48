/*
 * What each submitting uid is using: running and starting commands, its
 * rate bucket, and its share of the log.  Root is not counted against
 * -submit-max and -submit-rate: it owns the container anyway.
 */
#ifndef DINIT_QUOTA_H
#define DINIT_QUOTA_H

#include <sys/types.h>
#include <sys/tree.h>

#include <time.h>

#include "common/bucket.h"
#include "common/proto.h"

#define QUOTA_UIDS_MAX	4096	/* uids tracked at once */
#define QUOTA_PENDING	16	/* execs awaited at once, for one uid */
#define QUOTA_ATTACHED	16	/* -wait ones alive, for one uid (each
				   holds a sockd connection) */

/* What a non-root uid is held to. */
struct quota_limits {
	int	 max;		/* -submit-max: running at once */
	int	 rate;		/* -submit-rate: a second; 0: no limit */
};

struct quota {
	SPLAY_ENTRY(quota)	 entry;
	uid_t		 uid;
	int		 running;	/* submitted commands alive */
	int		 pending;	/* exec results awaited */
	int		 attached;	/* of the running, -wait ones */
	struct bucket	 rate;		/* -submit-rate */
	struct bucket	 log;		/* refusal lines it may cause */
	int		 suppressed;	/* refusals not logged since */
};

struct quota	*quota_get(uid_t);
enum refuse_code quota_admit(struct quota *, const struct quota_limits *,
		    int);
void		 quota_admitted(struct quota *, int);
void		 quota_execd(struct quota *);
void		 quota_ended(struct quota *, int);
int		 quota_log(struct quota *);
int		 quota_flush_due(void);
void		 quota_flush(void);

#endif
