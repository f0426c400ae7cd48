/*
 * Logging to stderr, one write(2) per line, as text or JSON.  No stdio:
 * sockd's seccomp list has no room for the fstat and lseek calls that
 * stdio makes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/json.h"
#include "common/jsonev.h"
#include "common/log.h"
#include "common/logtext.h"
#include "common/util.h"

static const char	*log_tag;
static int		 logfd = STDERR_FILENO;
static int		 logsock;	/* logfd is a socket */
static long		 dropped;	/* lines the reader had no room for */
static int		 json;		/* -log-format json */

void
log_init(const char *tag)
{
	log_tag = tag;
	tzset();
}

/* JSON lines from now on (-log-format json), or text. */
void
log_json(int on)
{
	json = on;
}

/*
 * PID 1 must never block on its log: a reader that stops reading (a
 * full pipe, a terminal on hold) would stop the reaping and the signals
 * with it.  So init writes through a description of stderr of its own,
 * opened non-blocking (setting O_NONBLOCK on fd 2 would change it for
 * the commands too), or with MSG_DONTWAIT where stderr is a socket.  A
 * line there is no room for is dropped and counted, and the count is
 * logged once there is room again.  A regular file is written as it is.
 */
void
log_nonblocking(void)
{
	struct stat	 st;
	int		 fd;

	if (fstat(STDERR_FILENO, &st) == -1)
		return;
	if (S_ISSOCK(st.st_mode))
		logsock = 1;
	else if ((S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) &&
	    (fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) != -1)
		logfd = fd;
}

/* One whole line, or -1: no room, nothing written (lines < PIPE_BUF). */
static int
put(const char *line, size_t n)
{
	ssize_t	 w;

	if (logsock)
		w = send(logfd, line, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	else
		w = write(logfd, line, n);
	return w == (ssize_t)n ? 0 : -1;
}

/* Word of the lines dropped, stamped with stamp: 0 once written. */
static int
note(const char *stamp, size_t k)
{
	char	 buf[128];
	int	 r;

	if (json)
		r = snprintf(buf, sizeof(buf), "{\"time\":\"%.*s\","
		    "\"level\":\"warn\",\"event\":\"dropped\","
		    "\"count\":%ld}\n", (int)k, stamp, dropped);
	else
		r = snprintf(buf, sizeof(buf), "%.*s%ld log line%s dropped\n",
		    (int)k, stamp, dropped, dropped == 1 ? "" : "s");
	if (r < 0 || (size_t)r >= sizeof(buf) || put(buf, r) == -1)
		return -1;
	dropped = 0;
	return 0;
}

/*
 * The line, after word of what was dropped before it, stamped with the
 * line's stamp: the text's prefix, or the JSON's time.
 */
static void
emit(const char *stamp, size_t k, const char *line, size_t n)
{
	if (dropped > 0 && note(stamp, k) == -1) {
		dropped++;
		return;
	}
	if (put(line, n) == -1)
		dropped++;
}

/* "YYYY/MM/DD HH:MM:SS dinit: [tag: ]": its length. */
static size_t
text_stamp(char *buf, size_t size)
{
	struct tm	 tm;
	time_t		 now;
	int		 r;

	now = time(NULL);
	localtime_r(&now, &tm);
	r = snprintf(buf, size, "%04d/%02d/%02d %02d:%02d:%02d dinit: %s%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, log_tag ? log_tag : "", log_tag ? ": " : "");
	return r > 0 ? (size_t)r < size ? (size_t)r : size - 1 : 0;
}

/*
 * Word of lines dropped, if any is owed, before anything else goes the
 * same way (the relay's output): 0 if none is owed any more.
 */
int
log_flush(void)
{
	char	 stamp[64];

	if (dropped == 0)
		return 0;
	return note(stamp, json ? jsonev_stamp(stamp, sizeof(stamp)) :
	    text_stamp(stamp, sizeof(stamp)));
}

/* The text line: "YYYY/MM/DD HH:MM:SS dinit: [tag: ]" and the message. */
static void
text_line(int errnum, const char *fmt, va_list ap)
{
	char		 line[LOG_LINEMAX];
	size_t		 n, stamp;
	int		 r;

	n = stamp = text_stamp(line, sizeof(line));
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (r > 0)
		n += r;
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	if (errnum != 0) {
		r = snprintf(line + n, sizeof(line) - n, ": %s",
		    strerror(errnum));
		if (r > 0)
			n += r;
		if (n > sizeof(line) - 2)
			n = sizeof(line) - 2;
	}
	line[n++] = '\n';
	emit(line, stamp, line, n);
}

/* The event's JSON line, to the log. */
static void
json_line(enum log_level lv, const char *event, const struct log_field *f)
{
	struct jline	 j;
	char		 stamp[64];
	size_t		 k;

	k = jsonev_stamp(stamp, sizeof(stamp));
	jsonev_begin(&j, stamp, lv, event);
	jsonev_fields(&j, f);
	j.b[j.n++] = '}';
	j.b[j.n++] = '\n';
	emit(stamp, k, j.b, j.n);
}

/* {"event":"message"}: the text after "dinit: ", sockd's tag as source. */
static void
json_message(enum log_level lv, const char *msg)
{
	struct log_field	 f[3], *p = f;

	if (log_tag != NULL)
		*p++ = (struct log_field)LF_STR("source", log_tag);
	*p++ = (struct log_field)LF_STR("msg", msg);
	p->type = LT_END;
	json_line(lv, "message", f);
}

/* A plain message: the text line, or its JSON. */
static void
vlog(enum log_level lv, int errnum, const char *fmt, va_list ap)
{
	char	 msg[LOG_LINEMAX];
	int	 r;
	size_t	 n;

	if (!json) {
		text_line(errnum, fmt, ap);
		return;
	}
	r = vsnprintf(msg, sizeof(msg), fmt, ap);
	n = r < 0 ? 0 : (size_t)r < sizeof(msg) ? (size_t)r : sizeof(msg) - 1;
	msg[n] = '\0';
	if (errnum != 0)
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	json_message(lv, msg);
}

/* s[0..n) begins with the template t, where '0' stands for any digit. */
static size_t
shaped(const char *s, size_t n, const char *t)
{
	size_t	 i;

	for (i = 0; t[i] != '\0'; i++)
		if (i >= n || (t[i] == '0' ? s[i] < '0' || s[i] > '9' :
		    s[i] != t[i]))
			return 0;
	return i;
}

/* Four hex digits. */
static int
hex4(const char *s)
{
	int	 i;

	for (i = 0; i < 4; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* s[0..n) is the rest of a JSON string and its object: ...","}" */
static int
json_tail(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\')
			continue;
		/* Only the escapes JSON has: anything else is not sockd's. */
		if (i + 1 < n && strchr("\"\\/bfnrt", s[i + 1]) != NULL &&
		    s[i + 1] != '\0')
			i++;
		else if (i + 5 < n && s[i + 1] == 'u' && hex4(s + i + 2))
			i += 5;
		else
			return 0;
	}
	return i + 2 == n && s[i] == '"' && s[i + 1] == '}';
}

/* Whether line is a plain message of tag's, as vlog() writes it. */
static int
tagged(const char *tag, const char *line, size_t n)
{
	static const char *const lv[] = { "info", "warn", "fatal" };
	char	 pre[64];
	size_t	 k, m;
	int	 i;

	if (!json) {
		snprintf(pre, sizeof(pre), " dinit: %s: ", tag);
		return (k = shaped(line, n, "0000/00/00 00:00:00")) != 0 &&
		    shaped(line + k, n - k, pre) != 0;
	}
	if ((k = shaped(line, n, "{\"time\":\"0000-00-00T00:00:00.000000Z\","
	    "\"level\":\"")) == 0)
		return 0;
	for (i = 0, m = 0; i < (int)nitems(lv) && m == 0; i++)
		m = shaped(line + k, n - k, lv[i]);
	if (m == 0)
		return 0;
	k += m;
	snprintf(pre, sizeof(pre), "\",\"event\":\"message\",\"source\":\"%s\","
	    "\"msg\":\"", tag);
	if ((m = shaped(line + k, n - k, pre)) == 0)
		return 0;
	return json_tail(line + k + m, n - k - m);
}

/*
 * A line another process (sockd) wrote to the stderr that PID 1 gave it,
 * passed on: as it is if it has the form of a plain message of tag's,
 * else as such a message whose text it is.  So it can never pass for a
 * line of init's, nor add a member to a JSON object.  A byte that is not
 * printable is written in octal either way: none ends or splits a line.
 */
void
log_pass(const char *tag, const char *line, size_t n)
{
	char		 buf[LOG_LINEMAX];
	const char	*saved;
	size_t		 i, k = 0;

	for (i = 0; i < n && k + 5 < sizeof(buf); i++) {
		if (line[i] >= ' ' && line[i] < 0x7f)
			buf[k++] = line[i];
		else
			k += snprintf(buf + k, sizeof(buf) - k, "\\%03o",
			    (unsigned char)line[i]);
	}
	if (tagged(tag, buf, k)) {
		buf[k++] = '\n';
		/* The stamp, for a note of lines dropped: as text_line's. */
		if (json)
			emit(buf + 9, 27, buf, k);
		else
			emit(buf, 19 + 8 + strlen(tag) + 2, buf, k);
		return;
	}
	buf[k] = '\0';
	/* Paranoia: vlog() says whose the line is by log_tag. */
	saved = log_tag;
	log_tag = tag;
	log_warnx("%s", buf);
	log_tag = saved;
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LL_INFO, 0, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(LL_WARN, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LL_WARN, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(LL_FATAL, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LL_FATAL, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

/*
 * An argv kept for the lines about it after the argv is gone, as the
 * log shows it: log_argv()'s text, or a JSON array.
 */
void
log_keepargv(char desc[LOG_ARGVMAX], char *const argv[])
{
	if (json)
		(void)json_argv(desc, LOG_ARGVMAX, argv);
	else
		(void)log_argv(desc, LOG_ARGVMAX, argv);
}

/*
 * The argv's JSON in *js where the audit trail needs it and the log's
 * text keeps none (text lines), for LF_DESC, to be freed; else NULL
 * there.  -1 if there is no memory for it.
 */
int
log_keepjson(char **js, char *const argv[])
{
	*js = NULL;
	if (json || !audit_on())
		return 0;
	if ((*js = malloc(LOG_ARGVMAX)) == NULL)
		return -1;
	(void)json_argv(*js, LOG_ARGVMAX, argv);
	return 0;
}

/*
 * An event: to the audit trail if it is one of its events, then the
 * text line from the template, or the JSON object from the fields; an
 * event named NULL is a plain message.
 */
void
log_ev(enum log_level lv, const char *event, const char *tmpl,
    const struct log_field *f)
{
	struct tline	 t;
	size_t		 stamp;

	if (event != NULL)
		audit_ev(lv, event, f);
	if (json && event != NULL) {
		json_line(lv, event, f);
		return;
	}
	if (json) {
		t.n = 0;
		t.lim = LOG_LINEMAX - 1;
		text_render(&t, tmpl, f);
		t.b[t.n] = '\0';
		json_message(lv, t.b);
		return;
	}
	t.n = stamp = text_stamp(t.b, LOG_LINEMAX);
	t.lim = LOG_LINEMAX - 2;
	text_render(&t, tmpl, f);
	t.b[t.n++] = '\n';
	emit(t.b, stamp, t.b, t.n);
}

/*
 * An error before anything runs, and exit with status: "dinit: " and
 * the text, as err(3) would write it, or a fatal JSON message.
 */
void
log_exit(int status, const char *tmpl, const struct log_field *f)
{
	if (json)
		log_ev(LL_FATAL, NULL, tmpl, f);
	else
		errx(status, "%s", log_text(tmpl, f));
	exit(status);
}

/*
 * The template's text alone, cut at LOG_LINEMAX: for err(3) and the
 * standard output.  Until the next call.
 */
const char *
log_text(const char *tmpl, const struct log_field *f)
{
	static struct tline	 t;

	t.n = 0;
	t.lim = LOG_LINEMAX - 1;
	text_render(&t, tmpl, f);
	t.b[t.n] = '\0';
	return t.b;
}
