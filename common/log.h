/*
 * Logging: one event per line on stderr, "YYYY/MM/DD HH:MM:SS dinit: ",
 * or with log_json(1) one JSON object per line.  Each line is built in
 * one buffer and written with a single write(2), so lines from init and
 * sockd never interleave mid-line.
 *
 * An event is logged once, by log_ev(): its name, a template of its
 * text and its fields.  The JSON object has every field but the text's
 * own (LF_TEXT) as a member; the text line is the template, each
 * "{key}" in it the field of that key, an integer in decimal, a string
 * escaped (octal, C-style: no byte of it can end or forge a line), an
 * argv as "[arg0 arg1]" with "[]()" in its words in octal, an unknown
 * value as "?".  A "{key}" no field has stays as it is.  An event named
 * NULL is a plain message: in JSON {"event":"message","msg":TEXT}, as
 * log_info() and the others give.  log_text() renders a template alone,
 * for what goes to a terminal without being a log line.
 */
#ifndef DINIT_LOG_H
#define DINIT_LOG_H

#include <stddef.h>

#define LOG_LINEMAX	2048
#define LOG_ARGVMAX	(LOG_LINEMAX - 256)	/* an argv: room left after it */
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
	LT_BYTES,		/* s[0..n), escaped */
	LT_TEXT,		/* a string in the text alone */
	LT_ARGV,		/* an argv, as an array of strings */
	LT_DESC,		/* an argv as log_keepargv() kept it */
};

struct log_field {
	const char	 *key;
	enum log_type	  type;
	long long	  i;
	const char	 *s;
	size_t		  n;
	char *const	 *argv;
	const char	 *js;		/* LT_DESC: the argv in JSON */
};

#define LF_INT(k, v)	{ .key = (k), .type = LT_INT, .i = (v) }
/* The number where known is true, else null. */
#define LF_INTNULL(k, v, known) \
	{ .key = (k), .type = (known) ? LT_INT : LT_NULL, .i = (v) }
/* The number where cond is true, else no member. */
#define LF_INTIF(k, v, cond) \
	{ .key = (k), .type = (cond) ? LT_INT : LT_SKIP, .i = (v) }
#define LF_STR(k, v)	{ .key = (k), .type = LT_STR, .s = (v) }
/* The string where cond is true, else no member. */
#define LF_STRIF(k, v, cond) \
	{ .key = (k), .type = (cond) ? LT_STR : LT_SKIP, .s = (v) }
#define LF_BYTES(k, v, len) \
	{ .key = (k), .type = LT_BYTES, .s = (v), .n = (len) }
/*
 * What the text says in words of its own where the JSON has members
 * (the submitter, the target) or says nothing (a command's name); cut,
 * as an argv is, at LOG_ARGVMAX.
 */
#define LF_TEXT(k, v)	{ .key = (k), .type = LT_TEXT, .s = (v) }
#define LF_ARGV(k, v)	{ .key = (k), .type = LT_ARGV, .argv = (v) }
/* An argv kept as the log shows it (text) and as JSON (js). */
#define LF_DESC(k, text, json) \
	{ .key = (k), .type = LT_DESC, .s = (text), .js = (json) }
/* The submission a line is about, in JSON alone. */
#define LF_ID(v)	LF_INT("submission_id", (v))
/* Its submitter's -reason, in JSON alone, if there is one (NULL: none). */
#define LF_REASON(r) \
	LF_STRIF("submit_reason", (r), (r) != NULL && (r)[0] != '\0')
#define LOG_FIELDS(...) \
	((const struct log_field []){ __VA_ARGS__, { .type = LT_END } })

void	log_init(const char *);
void	log_json(int);
void	log_nonblocking(void);
void	log_pass(const char *, const char *, size_t);
int	log_flush(void);
void	log_ev(enum log_level, const char *, const char *,
	    const struct log_field *);
const char *log_text(const char *, const struct log_field *);
void	log_keepargv(char [LOG_ARGVMAX], char *const []);
int	log_keepjson(char **, char *const []);
void	log_exit(int, const char *, const struct log_field *)
	    __attribute__((noreturn));
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


#endif
