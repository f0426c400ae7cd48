/*
 * Test double for sockd/seccomp.c (dinit-valgrind): valgrind makes the
 * guest's system calls itself, and many more, from inside the filtered
 * process, so this build has no seccomp step.  The build also wraps
 * setrlimit: valgrind keeps fds of its own above RLIMIT_NOFILE and
 * refuses any change of the hard limit, so only the soft one is lowered.
 */
#include <sys/resource.h>

#include "common/log.h"
#include "sockd/seccomp.h"

int	__real_setrlimit(int, const struct rlimit *);
int	__wrap_setrlimit(int, const struct rlimit *);

int
seccomp_enter(void)
{
	log_warnx("sandbox: built without seccomp, for valgrind");
	return 0;
}

int
__wrap_setrlimit(int resource, const struct rlimit *rl)
{
	struct rlimit	 soft;

	if (resource != RLIMIT_NOFILE || getrlimit(resource, &soft) == -1)
		return __real_setrlimit(resource, rl);
	soft.rlim_cur = rl->rlim_cur;
	return __real_setrlimit(resource, &soft);
}
