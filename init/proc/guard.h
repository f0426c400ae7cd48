/*
 * A guard: a subreaper per submission, between init and the command,
 * that ends everything the command started when the submission ends.
 */
#ifndef DINIT_GUARD_H
#define DINIT_GUARD_H

#include <sys/types.h>

#include <stdint.h>

struct spawn;

#define GUARD_END	0	/* guard_tell: the submission ends */

struct guard {
	int64_t		 kill_after_ms;	/* TERM to KILL */
	int		 teardown;	/* everything below, or the command */
	int		 pgroup;	/* signals to the command's group */
};

/*
 * Fork a guard that runs sp; its pid, and in *fdp the read end of the
 * pipe guard_result() reads.  -1 with errno if fork failed.
 */
pid_t	guard_spawn(const struct spawn *, const struct guard *, int *);
int	guard_result(int, pid_t *);
int	guard_tell(pid_t, int);

#endif
