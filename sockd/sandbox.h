/*
 * sockd's sandbox, entered once before it reads a byte from outside.
 * Every step is fatal on failure except the file system ones, which fall
 * back with a log line where the kernel or the container does not allow
 * them.
 */
#ifndef DINIT_SANDBOX_H
#define DINIT_SANDBOX_H

#include <sys/types.h>

struct sandbox {
	uid_t	 uid;
	gid_t	 gid;
	int	 maxfds;	/* RLIMIT_NOFILE */
};

/* sockd's argv, "dinit-sockd -sockd UID GID": the uid and gid to drop to. */
void	sandbox_args(struct sandbox *, int, char **);
void	sandbox_enter(const struct sandbox *);

#endif
