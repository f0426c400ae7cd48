#ifndef DINIT_SPAWN_H
#define DINIT_SPAWN_H

#include <sys/types.h>

#include <signal.h>

struct spawn {
	char *const	*argv;
	char		**envp;		/* NULL: init's environment */
	int		 setid;		/* run as uid, gid, groups */
	uid_t		 uid;
	gid_t		 gid;
	int		 ngroups;
	const gid_t	*groups;
	int		 nullstdin;	/* stdin from /dev/null */
};

void	spawn_init(const sigset_t *, int);
pid_t	spawn(const struct spawn *, int *);
int	spawn_result(int);
int	exec_status(int);

#endif
