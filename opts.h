/*
 * The command line of every role, parsed the way Go's flag package did
 * for the original: -flag, --flag, -flag=value, -flag value; booleans
 * -flag or -flag=BOOL.  Flags end at the first -r, where each -r starts
 * a command, or at --, after which one command takes every word as given.  opts_table says every flag: its variable, how its value is
 * read, its default, who reads it and where it is kept.
 */
#ifndef DINIT_OPTS_H
#define DINIT_OPTS_H

#include <stddef.h>
#include <stdint.h>

#include "init/config.h"

#define DEFAULT_SOCKET	"/tmp/dinit.sock"
#define DEFAULT_TIMEOUT	10000		/* milliseconds: the table's 10s */

enum opt_kind {
	OPT_BOOL,	/* int; the flag alone is true */
	OPT_DURATION,	/* int64_t milliseconds: seconds or a Go duration */
	OPT_NUMBER,	/* int, from lo to hi */
	OPT_WORD,	/* const char *, not empty, kept as given */
	OPT_CHOICE,	/* int: 0 for words[0], 1 for words[1] */
	OPT_ARGV,	/* char **: words split like a request line, or NULL */
	OPT_PAIR,	/* const char *[2]: the next two arguments, as given */
	OPT_FUNC	/* set() reads it */
};

/* Who reads a flag; every role takes every flag, as the original did. */
#define FOR_INIT	0x1
#define FOR_SUBMIT	0x2		/* dinit -submit */
#define FOR_CHECK	0x4		/* dinit -check-policy */
#define FOR_VERIFY	0x8		/* dinit -verify-audit */
#define FOR_CONTROL	0x10		/* dinit -status, -signal, -kill */
#define FOR_ALL		(FOR_INIT | FOR_SUBMIT | FOR_CHECK | FOR_VERIFY | \
			    FOR_CONTROL)

/*
 * The table gives the first six fields in order; the small ones sit
 * between the pointers, so that the table of some forty flags is no
 * larger than it needs to be (the static build counts it).
 */
struct opt {
	const char	*name;		/* without its - */
	const char	*env;		/* its variable, or NULL */
	uint8_t		 kind;		/* enum opt_kind */
	const char	*def;		/* as a user would write it, or NULL */
	uint8_t		 roles;		/* FOR_* */
	uint16_t	 off;		/* its field in struct config */
	int		 lo, hi;	/* OPT_NUMBER's range; OPT_FUNC: the
					   one set() keeps, for the docs */
	uint16_t	 given;		/* an int set to 1 by the flag or its
					   variable (not the default); 0: none */
	const char	*want;		/* why a value is refused (OPT_ARGV:
					   the splitter says) */
	const char	*words[2];	/* OPT_CHOICE */
	int		(*set)(void *, const char *);	/* OPT_FUNC: 0 or -1 */
};

extern const struct opt	opts_table[];
extern const size_t	opts_count;

const char *opts_parse(struct config *, int, char **);
void	usage(int) __attribute__((noreturn));

#endif
