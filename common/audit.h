/*
 * The audit trail: the events that say who ran what and how it ended,
 * each the JSON object of -log-format json plus "seq" (1, 2, ... in this
 * run), "run" (random, new at each start) and, with a key, "mac", sent to
 * sinks outside the container's stderr:
 *
 *	file:PATH	appended to, one line an event
 *	syslog[:PATH]	RFC 5424 datagrams, facility authpriv (/dev/log)
 *	journald[:PATH]	journald's native protocol
 *			(/run/systemd/journal/socket)
 *
 * PID 1 never waits for a sink: what one cannot take now is dropped,
 * counted, and told as a "dropped" event once it can take again.
 *
 * With a key, mac = HMAC-SHA256(key, previous mac ‖ the line without
 * its mac), in hex, the first event's previous mac its run's id; a
 * "checkpoint" event every AUDIT_CHECK_EVENTS events or AUDIT_CHECK_MS
 * gives a remote sink an anchor for the local file (dinit -verify-audit).
 */
#ifndef DINIT_AUDIT_H
#define DINIT_AUDIT_H

#include <stddef.h>

#include "common/log.h"

#define AUDIT_SINKS_MAX		8
#define AUDIT_LINEMAX		(LOG_LINEMAX + 192)	/* and seq, run, mac */
#define AUDIT_RUNLEN		32	/* hex digits of a run's id */
#define AUDIT_CHECK_EVENTS	1000
#define AUDIT_CHECK_MS		60000
#define AUDIT_SYSLOG		"/dev/log"
#define AUDIT_JOURNALD		"/run/systemd/journal/socket"

const char	*audit_sink(const char *);
const char	*audit_key(const char *);
void		 audit_begin(void);
int		 audit_on(void);
void		 audit_ev(enum log_level, const char *,
		    const struct log_field *);
int		 audit_due(void);
void		 audit_timer(void);

#endif
