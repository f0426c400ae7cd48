/*
 * One line of the audit trail as -verify-audit reads it (common/audit.h
 * writes it): a JSON object whose last members are, in this order,
 * ,"seq":N,"run":"RUN" and, chained, ,"mac":"MAC", each as audit.c
 * writes it, nothing after them but the "}".  Pure: no allocation, no
 * I/O.
 */
#ifndef DINIT_AUDITLINE_H
#define DINIT_AUDITLINE_H

#include <stddef.h>

struct audit_line {
	unsigned long long	 seq;
	size_t			 at;	/* where ,"seq": begins */
	const char		*run;	/* AUDIT_RUNLEN hex digits */
	const char		*mac;	/* HMAC_HEXLEN hex digits, or NULL */
	size_t			 body;	/* the mac is over line[0..body) "}" */
};

const char	*auditline_parse(const char *, size_t, struct audit_line *);

#endif
