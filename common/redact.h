/*
 * Words of an argv the log hides (a rule's redact LIST, -redact LIST):
 * positions in argv, comma-separated, each N, N-M or N- (to the end), 1
 * to PROTO_ARGC_MAX - 1; argv[0], the command, is never hidden.  Each
 * hidden word is written "***" in every log line and audit event.
 */
#ifndef DINIT_REDACT_H
#define DINIT_REDACT_H

#include <stdint.h>

#define REDACT_WORD	"***"

const char	*redact_parse(const char *, uint64_t *);
void		 redact_argv(char *const [], uint64_t, char *[]);

#endif
