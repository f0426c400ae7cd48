/*
 * The child table: every process init started, by pid.  Adopted orphans
 * are not in it; they are reaped and forgotten.
 */
#ifndef DINIT_CHILD_H
#define DINIT_CHILD_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/tree.h>

#include <stdint.h>
#include <time.h>

#define DESC_MAX	1024
#define WHO_MAX		96	/* "uid U gid G pid P" */

struct quota;

enum role {
	ROLE_CMD,		/* a -r command */
	ROLE_SUBMIT,		/* a submitted command */
	ROLE_HOOK,		/* -start or -stop */
	ROLE_SOCKD,		/* the socket daemon */
};

struct child {
	RB_ENTRY(child)	 entry;
	pid_t		 pid;
	enum role	 role;
	int		 primary;
	int		 started;	/* exec succeeded */
	int		 pending;	/* exec not yet told */
	int		 execfd;	/* exec-status pipe, or -1 */
	uint32_t	 id;		/* SPAWN id to answer */
	uint32_t	 gen;		/* sockd generation that asked */
	int		 attached;	/* -wait: its end goes to the client */
	int		 orphaned;	/* and the client is gone */
	dev_t		 conndev;	/* the client's connection */
	ino_t		 connino;
	struct timespec	 execby;	/* exec must be told by then */
	struct quota	*quota;		/* the submitter's accounts */
	char		 desc[DESC_MAX];	/* argv, as log_desc() has it */
	char		 who[WHO_MAX];	/* submitter, for the log */
	struct ucred	 by;		/* submitter, for the log's JSON */
	int		 as;		/* run as a target asked for: */
	uid_t		 as_uid;
	gid_t		 as_gid;
};

struct child	*child_add(pid_t, enum role, char *const []);
struct child	*child_find(pid_t);
void		 child_del(struct child *);
struct child	*child_first(void);
struct child	*child_next(struct child *);
const char	*child_role(enum role);

#endif
