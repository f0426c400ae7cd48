/*
 * An event as a JSON object, for the log (common/log.c) and the audit
 * trail (common/audit.c): {"time":...,"level":...,"event":..., then a
 * member for each field but the text's own}.  Built without its closing
 * "}", so that the audit trail can add members of its own.
 */
#ifndef DINIT_JSONEV_H
#define DINIT_JSONEV_H

#include <stddef.h>

#include "common/log.h"

/* An object being built, with room kept for its "}\n". */
struct jline {
	char	 b[LOG_LINEMAX];
	size_t	 n;
};

size_t	jsonev_stamp(char *, size_t);
void	jsonev_begin(struct jline *, const char *, enum log_level,
	    const char *);
void	jsonev_fields(struct jline *, const struct log_field *);

#endif
