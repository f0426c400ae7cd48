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

#define QUOTA_UIDS_MAX	4096	/* uids tracked at once */

struct quota {
	RB_ENTRY(quota)	 entry;
	uid_t		 uid;
	int		 running;	/* submitted commands alive */
	int		 pending;	/* exec results awaited */
	int		 attached;	/* of the running, -wait ones */
	double		 tokens;	/* -submit-rate bucket */
	struct timespec	 last;
	double		 logtokens;	/* refusal lines it may cause */
	struct timespec	 loglast;
	int		 suppressed;	/* refusals not logged since */
};

struct quota	*quota_get(uid_t);
int		 quota_rate(struct quota *, int);
int		 quota_log(struct quota *);
int		 quota_flush(void);
void		 quota_release(struct quota *);

#endif
