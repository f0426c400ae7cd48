/*
 * fork and exec, with the exec's result told through a pipe.
 */
#ifndef DINIT_SPAWN_H
#define DINIT_SPAWN_H

#include <sys/types.h>

#include <signal.h>

#include "common/privdrop.h"

struct limits;

struct spawn {
	char *const	*argv;
	char		**envp;		/* NULL: init's environment */
	const struct ids *ids;		/* NULL: init's identity */
	int		 nullstdin;	/* stdin from /dev/null */
	int		 newsession;	/* setsid: no controlling terminal */
	int		 pgroup;	/* setpgid: a group of its own */
	int		 foreground;	/* and the terminal, if init has it */
	const int	*out;		/* stdout, stderr, each opened anew;
					   NULL or -1: init's */
	const int	*io;		/* or stdin, stdout, stderr: a client's */
	int		 ctty;		/* io's terminal: its own, controlling,
					   its group in the foreground */
	int		 waited;	/* init waits for its exec at once */
	const struct limits *lim;	/* resource limits, or NULL */
	int		 guarded;	/* its parent is its guard: dies with it */
};

#define SPAWN_COMM	"dinit-spawn"	/* a child's name until it execs */
#define SPAWN_FDS_MAX	6		/* spawn_fds(): the directory, out, io */

void	spawn_init(const sigset_t *, int);
pid_t	spawn(const struct spawn *, int *);
pid_t	spawn_piped(int, void (*)(const void *, int), const void *, int *);
int	spawn_fds(const struct spawn *, int *);
int	spawn_result(int);
int	spawn_execd(pid_t);
int	exec_status(int);

#endif
