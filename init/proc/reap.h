/*
 * Reaping and how an exit reads.
 */
#ifndef DINIT_REAP_H
#define DINIT_REAP_H

#include <sys/types.h>

#include <stdint.h>

#include <sys/resource.h>

struct child;

/* What wait4 said of a child: for a guard, its command's pid. */
struct reaped {
	pid_t		 pid;
	int		 st;
	struct rusage	 ru;
};

/* Why a submission was ended: the JSON's word, the text's " (words)". */
struct end_reason {
	const char	*code;
	const char	*text;
};

/* A submission's end: its id, its submitter's reason, why it was ended. */
struct sub_end {
	uint64_t		 id;
	const char		*reason;	/* the submitter's, or NULL */
	const struct end_reason	*why;		/* NULL: by itself */
};

pid_t	reap_peek(void);
int	reap_pid(pid_t, struct rusage *);
int	wait_status(int);
void	reap_log(const struct child *, const struct reaped *,
	    const struct sub_end *);

#endif
