/*
 * The text log's own forms (common/logtext.c), for common/log.c and the
 * tests of the escaping rules.
 */
#ifndef DINIT_LOGTEXT_H
#define DINIT_LOGTEXT_H

#include <stddef.h>

#include "common/log.h"

/*
 * A template's text being rendered into b: cut at lim, unmarked, as a
 * printf line was, after each field was cut, marked, at its own size.
 * b has room past lim for one whole field.
 */
struct tline {
	char	 b[2 * LOG_LINEMAX];
	size_t	 lim;
	size_t	 n;
};

void	text_render(struct tline *, const char *, const struct log_field *);
size_t	log_escape(char *, size_t, const char *, size_t);
size_t	log_argv(char *, size_t, char *const []);

#endif
