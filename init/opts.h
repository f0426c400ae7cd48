/*
 * The command line, parsed the way Go's flag package did for the original:
 * -flag, --flag, -flag=value, -flag value; booleans -flag or -flag=BOOL.
 * Flags end at the first -r; each -r starts a command.
 */
#ifndef DINIT_OPTS_H
#define DINIT_OPTS_H

#include <stdint.h>

#include "init/config.h"

#define DEFAULT_SOCKET	"/tmp/dinit.sock"
#define DEFAULT_TIMEOUT	10000		/* milliseconds */
#define DEFAULT_SUBMIT_MAX	256
#define DEFAULT_SUBMIT_RATE	200

int	opts_parse(struct config *, int, char **, char *, size_t);
int	parse_duration(const char *, int64_t *);
void	usage(int) __attribute__((noreturn));

#endif
