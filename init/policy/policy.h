/*
 * The submission policy (-policy FILE), after OpenBSD's doas.conf: one
 * rule a line,
 *
 *	permit|deny [keepenv] IDENTITY [as TARGET]
 *	    [cmd COMMAND [args [ARG ...]]]
 *
 * words as in a request line (common/words.h), a '#' that begins a word
 * outside quotes begins a comment.  The last rule that matches decides;
 * none is a refusal.
 */
#ifndef DINIT_POLICY_H
#define DINIT_POLICY_H

#include <sys/types.h>

#include <stdint.h>

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

/* A user or group as the file names it: a name, or a number. */
struct policy_id {
	const char	*name;		/* NULL for a number */
	uint32_t	 id;		/* the number, or the name's at start */
};

struct policy_rule {
	int			 line;
	enum policy_action	 action;
	int			 keepenv;	/* dinit's environment */
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
};

/* Why a rules file is refused: at a line (0: the file), and why. */
struct policy_err {
	int		 line;
	const char	*why;
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
 * no allocation, no I/O, the same result every time.  0, or -1 with *e.
 */
int	policy_parse(struct policy *, const char *, size_t,
	    struct policy_err *);

/* Look the names up (at start only); 0, or -1 with *e. */
int	policy_resolve(struct policy *, struct policy_err *);

/*
 * Read, check and parse the rules file at path, names resolved; 0, or
 * -1 with a message naming the file in msg.
 */
int	policy_load(struct policy *, const char *, char *, size_t);

/* The last rule that matches, or NULL.  Pure. */
const struct policy_rule *policy_match(const struct policy *,
			    const struct policy_ask *);

/* "permitted by line N", "denied by line N" or "no rule matches". */
const char	*policy_result(const struct policy_rule *, char *, size_t);

#endif
