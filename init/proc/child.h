/*
 * The child table: every process init started, by pid.  Adopted orphans
 * are not in it; they are reaped and forgotten.
 */
#ifndef DINIT_CHILD_H
#define DINIT_CHILD_H

#include <sys/types.h>
#include <sys/tree.h>

#include <stdint.h>

#include "common/log.h"
#include "common/proto.h"

#define WHO_MAX		96	/* "uid U gid G pid P" */

struct submission;

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
	char		 desc[LOG_ARGVMAX];	/* log_keepargv()'s */
	char		*jdesc;			/* log_keepjson()'s, or NULL */
	struct submission *sub;		/* ROLE_SUBMIT: its life, elsewhere */
	int64_t		 started;	/* now_ms() when added */
	int64_t		 wall_ms;	/* the wall clock at its start, for -status */
	int		 argc;		/* argv as given, for -status: */
	int		 cut;		/* what did not fit is left out */
	char		 argv[PROTO_ARGV_MAX];	/* argc strings */
};

/* The child's argv in an event. */
#define LF_CHILDARGV(c) LF_DESC("argv", (c)->desc, \
	(c)->jdesc != NULL ? (c)->jdesc : (c)->desc)

struct child	*child_add(pid_t, enum role, char *const []);
struct child	*child_find(pid_t);
void		 child_del(struct child *);
struct child	*child_first(void);
struct child	*child_next(struct child *);
const char	*child_role(enum role);
int		 child_argv(struct child *, char *[PROTO_ARGC_MAX + 1]);

#endif
