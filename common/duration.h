/*
 * Durations and decimals as the command line and the rules file write
 * them.
 */
#ifndef DINIT_DURATION_H
#define DINIT_DURATION_H

#include <stdint.h>

#define MAX_TIMEOUT_MS	(INT64_C(1000) * 3600 * 24 * 365)

/* s as milliseconds in *ms, at most a year; 0, or -1 if it is none. */
int		 parse_duration(const char *, int64_t *);

/* DIGITS[.DIGITS] at s into *v; the end, or NULL if there is no digit. */
const char	*parse_decimal(const char *, double *);

#endif
