/*
 * A submission's life, from fork to reap: its exec awaited, then
 * running, attached to its client's connection or not, then ended.
 * submission.c alone makes, changes and ends one; the child table keeps
 * its process and a pointer here, nothing more.
 */
#ifndef DINIT_SUBMISSION_H
#define DINIT_SUBMISSION_H

#include <sys/types.h>
#include <sys/socket.h>

#include <poll.h>
#include <stdint.h>

#define SUB_PENDING_MAX	256	/* exec results awaited at once */
#define SUB_EXEC_MS	5000	/* to exec, or be killed */

struct child;
struct quota;
struct reaped;
struct signal_msg;
struct submission;

/* Why a submission was ended before its command ended by itself. */
enum sub_reason {
	SUB_NONE,
	SUB_TIME_LIMIT,		/* its time limit passed */
	SUB_KILLED,		/* ended on request */
	SUB_CLIENT_GONE,	/* its -wait client left */
	SUB_SOCKD_GONE,		/* sockd died, with its -wait client's line */
};

/* Who asked and how to answer: what the pipeline knows at its fork. */
struct sub_origin {
	uint64_t	 id;		/* the submission's, sub_next_id() */
	uint32_t	 reqid;		/* the SPAWN's, to answer */
	uint32_t	 gen;		/* the sockd that sent it */
	struct quota	*quota;		/* the submitter's accounts */
	struct ucred	 by;		/* the submitter, as the kernel says */
	const char	*who;		/* the same, for the text log */
	int		 as;		/* runs as a target asked for: */
	uid_t		 as_uid;
	gid_t		 as_gid;
	int		 conn;		/* -wait: the client's connection, or -1 */
	uint32_t	 time_ms;	/* its time limit, 0: none */
	int64_t		 kill_after_ms;
	int		 tty;		/* -t: on a new terminal */
	const char	*reason;	/* the submitter's, "" for none */
};

/* A running submission as -status and -signal see it. */
struct sub_view {
	uint64_t	 id;
	pid_t		 pid;		/* its command's */
	struct ucred	 by;		/* the submitter */
	uid_t		 as_uid;	/* what it runs as */
	gid_t		 as_gid;
	int64_t		 started_ms;	/* the wall clock at its exec */
	uint32_t	 limit_ms;	/* 0: none */
	uint32_t	 left_ms;
	struct child	*child;		/* its guard, with its argv */
};

uint64_t sub_next_id(void);
int	 sub_new(struct child *, int, const struct sub_origin *);
int	 sub_pending_full(void);
int	 sub_attached(void);
int	 sub_pollfds(struct pollfd *, int);
void	 sub_events(const struct pollfd *, int);
int	 sub_timeout(void);
void	 sub_timer(void);
void	 sub_dying(struct child *);
void	 sub_exited(struct child *, const struct reaped *);
int	 sub_signal(const struct signal_msg *, uint32_t, int);
void	 sub_orphans(void);
void	 sub_teardown(struct submission *, enum sub_reason);
struct submission *sub_find(uint64_t);
struct submission *sub_after(uint64_t);
int	 sub_view(struct submission *, struct sub_view *);
void	 sub_send(struct submission *, int);

#endif
