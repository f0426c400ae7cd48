/*
 * The listing of dinit -status as its reader gets it: one line of text
 * (a header first) or one JSON object a line, from RECORD frames.
 * Every byte of an argv is escaped as the log escapes it (text) or as
 * JSON's own escapes allow (JSON).  Pure: no I/O.
 */
#ifndef DINIT_RENDER_H
#define DINIT_RENDER_H

#include <stddef.h>

#include "common/proto.h"

#define RENDER_MAX	4800	/* the longest line, with its newline */

/* The header of the text listing; its length. */
size_t	render_header(char *, size_t);

/* r as one line ending in a newline into buf; its length. */
size_t	render_record(char *, size_t, const struct record_msg *, int);

#endif
