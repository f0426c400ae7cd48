/*
 * Logging: one event per line on stderr, "YYYY/MM/DD HH:MM:SS dinit: ",
 * or with log_json(1) one JSON object per line.  Each line is built in
 * one buffer and written with a single write(2), so lines from init and
 * sockd never interleave mid-line.  Anything that came from outside
 * must go through log_escape() or log_argv() first, for the text; the
 * JSON escapes every string itself (common/json.h).
 *
 * An event is logged by one call, log_event(), that carries both forms:
 * the text line as a printf format, and the JSON members as a list of
 * typed fields.  The plain calls (log_info, log_warn, ..., fatal) become
 * {"time","level","event":"message","msg"} objects in JSON.
 */
#ifndef DINIT_LOG_H
#define DINIT_LOG_H

#include <stddef.h>

#define LOG_LINEMAX	2048
#define LOG_FORMAT_ENV	"DINIT_LOG_FORMAT"	/* text or json */

enum log_level {
	LL_INFO,
	LL_WARN,
	LL_FATAL,
};

enum log_type {
	LT_END,
	LT_INT,
	LT_NULL,		/* null */
	LT_SKIP,		/* no member at all */
	LT_STR,			/* bytes, escaped; NULL: null */
	LT_ARGV,		/* an argv, as an array of strings */
	LT_DESC,		/* an argv as log_desc() wrote it */
};

struct log_field {
	const char	 *key;
	enum log_type	  type;
	long long	  i;
	const char	 *s;
	char *const	 *argv;
};

#define LF_INT(k, v)	{ .key = (k), .type = LT_INT, .i = (v) }
/* The number where known is true, else null. */
#define LF_INTNULL(k, v, known) \
	{ .key = (k), .type = (known) ? LT_INT : LT_NULL, .i = (v) }
/* The number where cond is true, else no member. */
#define LF_INTIF(k, v, cond) \
	{ .key = (k), .type = (cond) ? LT_INT : LT_SKIP, .i = (v) }
#define LF_STR(k, v)	{ .key = (k), .type = LT_STR, .s = (v) }
#define LF_ARGV(k, v)	{ .key = (k), .type = LT_ARGV, .argv = (v) }
#define LF_DESC(k, v)	{ .key = (k), .type = LT_DESC, .s = (v) }
#define LOG_FIELDS(...) \
	((const struct log_field []){ __VA_ARGS__, { .type = LT_END } })

void	log_init(const char *);
void	log_json(int);
void	log_nonblocking(void);
void	log_pass(const char *, const char *, size_t);
int	log_flush(void);
void	log_event(enum log_level, const char *, const struct log_field *,
	    const char *, ...)
	    __attribute__((format(printf, 4, 5)));
void	log_info(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

size_t	log_escape(char *, size_t, const char *, size_t);
size_t	log_argv(char *, size_t, char *const []);
size_t	log_desc(char *, size_t, char *const []);

#endif
