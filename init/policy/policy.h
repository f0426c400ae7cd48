/*
 * The submission policy (-policy FILE), after OpenBSD's doas.conf: one
 * rule a line,
 *
 *	permit|deny [OPTION ...] IDENTITY [as TARGET]
 *	    [cmd COMMAND [args [ARG ...]]]
 *
 * options, in any order, each once: keepenv (dinit's environment), limit
 * LIST (common/limits.h), notty (no new terminal), redact LIST (the
 * words the log hides, common/redact.h), reason (refused without the
 * submitter's -reason); or see or signal alone
 *
 * words as in a request line (common/words.h), a '#' that begins a word
 * outside quotes begins a comment.  The last rule that matches decides;
 * none is a refusal.  A rule with the option see or signal is about
 * others' submissions (dinit -status, -signal, -kill), never about
 * running one: IDENTITY may see (signal: and signal and kill) the
 * submissions that run as TARGET's uid (any, without as) with that
 * COMMAND (any, without cmd).  One's own submissions need no rule, and
 * root needs none.  signal includes see; a deny see denies both.
 */
#ifndef DINIT_POLICY_H
#define DINIT_POLICY_H

#include <sys/types.h>

#include <stdint.h>

#include "common/limits.h"
#include "common/proto.h"

#define POLICY_SIZE_MAX		32768	/* bytes in a rules file */
#define POLICY_RULES_MAX	1024
#define POLICY_GIDS_MAX		4096	/* groups of named targets, all told */

#if POLICY_SIZE_MAX >= PROTO_LINE_MAX
#error "a rule's line must fit a REFUSED frame"
#endif

enum policy_action {
	POLICY_DENY,
	POLICY_PERMIT,
};

/* What a control rule is about, and what a control asks. */
enum policy_control {
	POLICY_RUN = 0,		/* not a control rule: running commands */
	POLICY_SEE = 1,		/* dinit -status */
	POLICY_SIGNAL = 2,	/* dinit -signal and -kill */
};

/* A user or group as the file names it: a name, or a number. */
struct policy_id {
	const char	*name;		/* NULL for a number */
	uint32_t	 id;		/* the number, or the name's at start */
};

struct policy_rule {
	int			 line;
	enum policy_action	 action;
	int			 keepenv;	/* dinit's environment */
	int			 limited;	/* limit LIST: */
	struct limits		 limits;
	int			 notty;		/* no new terminal (-t) */
	uint64_t		 redact;	/* argv's words the log hides */
	int			 reason;	/* a -reason is required */
	enum policy_control	 control;	/* see or signal, or neither */
	int			 group;		/* the identity is :GROUP */
	struct policy_id	 who;
	int			 as;		/* a target: runs only as it */
	struct policy_id	 target;	/* its uid */
	gid_t			 target_gid;
	int			 ngroups;	/* the target's groups */
	const gid_t		*groups;
	const char		*cmd;		/* NULL: any command */
	int			 nargs;		/* -1: any arguments */
	char *const		*args;
};

struct policy {
	int			 nrules;
	struct policy_rule	 rule[POLICY_RULES_MAX];
	int			 ngids;
	gid_t			 gids[POLICY_GIDS_MAX];
	char			*slot[POLICY_SIZE_MAX / 2 + 1];
	char			 buf[POLICY_SIZE_MAX + 1];
	int			 line;		/* refused: at this line, 0 for
						   the file as a whole */
};

/* A submission as the rules see it. */
struct policy_ask {
	uid_t			 uid;		/* the submitter, as the */
	gid_t			 gid;		/* kernel reports it */
	int			 ngroups;
	const gid_t		*groups;
	const struct spawn_as	*as;		/* the target asked for */
	char *const		*argv;
};

/*
 * Parse src[0..len) into *pol; names are left for policy_resolve.  Pure:
 * no allocation, no I/O, the same result every time.  NULL, or why not
 * (pol->line says where).
 */
const char	*policy_parse(struct policy *, const char *, size_t);

/* Look the names up (at start only); NULL, or why not at pol->line. */
const char	*policy_resolve(struct policy *);

/*
 * Read, check and parse the rules file at path, names resolved, at
 * start: a file that cannot be, or cannot be trusted, ends dinit with
 * status 2, saying why.
 */
void	policy_load(struct policy *, const char *);

/* The last rule that matches, or NULL.  Pure. */
const struct policy_rule *policy_match(const struct policy *,
			    const struct policy_ask *);

/*
 * The last control rule that decides whether the asker may see or
 * signal a submission that runs as a->as with a->argv, or NULL.  Pure.
 */
const struct policy_rule *policy_control(const struct policy *,
			    const struct policy_ask *, enum policy_control);

/* "permitted by line N", "denied by line N" or "no rule matches". */
const char	*policy_result(const struct policy_rule *, char *, size_t);

#endif
