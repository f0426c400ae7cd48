/*
 * sockd's sandbox, entered once before it reads a byte from outside.
 * A step that needs a capability sockd lacks, or Landlock where the
 * kernel has none, is left out without a word (init says it once); any
 * other failure ends sockd, with PROTO_SOCKD_EXIT_PERMANENT
 * (common/proto.h) unless it was a shortage.
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
