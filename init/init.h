/*
 * init's state, owned by loop.c and passed to the files that act on it.
 */
#ifndef DINIT_INIT_H
#define DINIT_INIT_H

#include <sys/types.h>

#include <poll.h>
#include <signal.h>
#include <time.h>

#include "child.h"
#include "opts.h"

enum phase {
	PH_START,		/* -start is running */
	PH_RUN,			/* the -r commands are running */
	PH_STOPPING,		/* shutdown signal sent, waiting for all to end */
	PH_STOPHOOK,		/* -stop is running */
	PH_DONE,
};

struct init {
	const struct config	*conf;
	int			 pid1;
	int			 sigfd;
	int			 listenfd;	/* -1: no socket */
	enum phase		 phase;
	int			 status;	/* exit status, -1 until known */
	int			 killsig;	/* what shutdown sent first */
	int			 killed;	/* SIGKILL sent */
	struct timespec		 killat;
};

/* loop.c */
void	loop_run(struct init *);
void	run_commands(struct init *);
void	child_exited(struct init *, struct child *, int);
int	run_hook(struct init *, char **);

/* shutdown.c */
void	shutdown_begin(struct init *, int);
void	shutdown_kill(struct init *);
int	shutdown_done(void);
void	signal_children(int);
void	signal_all(struct init *, int);

/* reap.c */
void	reap(struct init *);
int	wait_status(int);
void	log_exit(const struct child *, int);

/* proc.c */
ssize_t	 read_small(const char *, char *, size_t);

/* signame.c */
const char	*signame(int);

/* clock.c */
void	ts_now(struct timespec *);
int	ts_left_ms(const struct timespec *);
void	ts_add_ms(struct timespec *, int64_t);

#endif
