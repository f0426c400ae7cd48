/*
 * Logging to stderr, one write(2) per line, as text or JSON.  No stdio:
 * sockd's seccomp list has no room for the fstat and lseek calls that
 * stdio makes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/json.h"
#include "common/log.h"
#include "common/util.h"

#define VIS_FLAGS	(VIS_CSTYLE | VIS_TAB | VIS_NL | VIS_OCTAL)

static const char	*log_tag;
static int		 logfd = STDERR_FILENO;
static int		 logsock;	/* logfd is a socket */
static long		 dropped;	/* lines the reader had no room for */
static int		 json;		/* -log-format json */

static const char *const levels[] = {
	[LL_INFO] = "info",
	[LL_WARN] = "warn",
	[LL_FATAL] = "fatal",
};

/* A JSON line being built, with room kept for its "}\n". */
struct jline {
	char	 b[LOG_LINEMAX];
	size_t	 n;
};

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
		r = snprintf(buf, sizeof(buf), "%.*s%ld log lines dropped\n",
		    (int)k, stamp, dropped);
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

/* RFC 3339 UTC with microseconds: its length. */
static size_t
json_stamp(char *buf, size_t size)
{
	struct timespec	 ts;
	struct tm	 tm;
	int		 r;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		memset(&ts, 0, sizeof(ts));
	gmtime_r(&ts.tv_sec, &tm);
	r = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
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
	return note(stamp, json ? json_stamp(stamp, sizeof(stamp)) :
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

/* s[0..len) if the whole of it fits. */
static int
jput(struct jline *j, const char *s, size_t len)
{
	if (j->n + len > sizeof(j->b) - 2)
		return -1;
	memcpy(j->b + j->n, s, len);
	j->n += len;
	return 0;
}

/* A string: as much of it as fits, cut with "..." (common/json.c). */
static int
jstr(struct jline *j, const char *s, size_t len)
{
	if (j->n + 2 > sizeof(j->b) - 2)
		return -1;
	j->b[j->n++] = '"';
	j->n += json_escape(j->b + j->n, sizeof(j->b) - 2 - j->n, s, len);
	j->b[j->n++] = '"';
	return 0;
}

/* ,"key":value; a value that does not fit leaves no member. */
static void
jfield(struct jline *j, const struct log_field *f)
{
	char	 num[32];
	size_t	 mark = j->n, room;
	int	 r;

	if (f->type == LT_SKIP || f->type == LT_TEXT ||
	    jput(j, ",\"", 2) == -1 ||
	    jput(j, f->key, strlen(f->key)) == -1 || jput(j, "\":", 2) == -1) {
		j->n = mark;
		return;
	}
	room = sizeof(j->b) - 2 - j->n;
	switch (f->type) {
	case LT_INT:
		r = snprintf(num, sizeof(num), "%lld", f->i);
		r = jput(j, num, r);
		break;
	case LT_STR:
		r = f->s == NULL ? jput(j, "null", 4) :
		    jstr(j, f->s, strlen(f->s));
		break;
	case LT_BYTES:
		r = jstr(j, f->s, f->n);
		break;
	case LT_ARGV:
		r = room < 2 ? -1 : 0;
		if (r == 0)
			j->n += json_argv(j->b + j->n, room + 1, f->argv);
		break;
	case LT_DESC:
		r = jput(j, f->s, strlen(f->s));
		break;
	default:	/* LT_NULL */
		r = jput(j, "null", 4);
		break;
	}
	if (r == -1)
		j->n = mark;
}

/*
 * {"time":"2006-01-02T15:04:05.000000Z","level":...,"event":...,
 * then the fields}: time in UTC, RFC 3339 with microseconds.
 */
static void
json_line(enum log_level lv, const char *event, const struct log_field *f)
{
	struct jline	 j;
	char		 stamp[64];
	size_t		 k;

	k = json_stamp(stamp, sizeof(stamp));
	/* Short: it fits. */
	j.n = snprintf(j.b, sizeof(j.b), "{\"time\":\"%s\",\"level\":\"%s\","
	    "\"event\":", stamp, levels[lv]);
	jstr(&j, event, strlen(event));
	for (; f->type != LT_END; f++)
		jfield(&j, f);
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
 * The brackets around an argv in the text log and the parentheses after
 * it, "[argv] (submitted by ...)", "[argv] (status N)": inside a word
 * they are written in octal, never as "\]", so that the first "]" after
 * the "[" is the one that closes the argv, and no word holds
 * "(submitted by".  Blanks and colons come before the "]" or after it
 * in words of ours; they stay as they were.
 */
#define ARGV_DELIMS	"[]()"

/* One byte, escaped into one[5]; one of delims in octal. */
static size_t
escape1(char *one, int c, int next, const char *delims)
{
	if (c != '\0' && strchr(delims, c) != NULL)
		return svis(one, c, VIS_OCTAL, next, delims) - one;
	return vis(one, c, VIS_FLAGS, next) - one;
}

/*
 * Escape src[0..len) into dst so that no byte of it can end or forge a
 * log line, nor be one of delims.  What does not fit is cut, never
 * overflowed, and the cut is marked with "...".  Returns the length
 * written.
 */
static size_t
escape(char *dst, size_t dstsz, const char *src, size_t len,
    const char *delims)
{
	char	 one[5];
	size_t	 i, n = 0, k;

	if (dstsz == 0)
		return 0;
	for (i = 0; i < len; i++) {
		k = escape1(one, (unsigned char)src[i],
		    i + 1 < len ? (unsigned char)src[i + 1] : '\0', delims);
		if (n + k >= dstsz) {
			n = dstsz > 4 ? dstsz - 4 : 0;
			n += strlcpy(dst + n, "...", dstsz - n);
			return n < dstsz ? n : dstsz - 1;
		}
		memcpy(dst + n, one, k);
		n += k;
	}
	dst[n] = '\0';
	return n;
}

size_t
log_escape(char *dst, size_t dstsz, const char *src, size_t len)
{
	return escape(dst, dstsz, src, len, "");
}

/*
 * "[arg0 arg1 ...]", each word escaped, as the original logged argv,
 * but for the brackets and parentheses inside a word.
 */
size_t
log_argv(char *dst, size_t dstsz, char *const argv[])
{
	size_t	 n = 0;
	int	 i;

	if (dstsz < 3) {
		if (dstsz > 0)
			dst[0] = '\0';
		return 0;
	}
	dst[n++] = '[';
	for (i = 0; argv[i] != NULL && n < dstsz - 2; i++) {
		if (i > 0)
			dst[n++] = ' ';
		n += escape(dst + n, dstsz - n - 1, argv[i], strlen(argv[i]),
		    ARGV_DELIMS);
	}
	if (n > dstsz - 2)
		n = dstsz - 2;
	dst[n++] = ']';
	dst[n] = '\0';
	return n;
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
 * A template's text being rendered into b: cut at lim, unmarked, as a
 * printf line was, after each field was cut, marked, at its own size.
 * b has room past lim for one whole field.
 */
struct tline {
	char	 b[2 * LOG_LINEMAX];
	size_t	 lim;
	size_t	 n;
};

static void
tcut(struct tline *t, size_t k)
{
	t->n = t->n + k < t->lim ? t->n + k : t->lim;
}

static void
tput(struct tline *t, const char *s, size_t len)
{
	size_t	 k = len < t->lim - t->n ? len : t->lim - t->n;

	memcpy(t->b + t->n, s, k);
	t->n += k;
}

/* The field's text, cut, marked, at its own size, then at the line's. */
static void
tfield(struct tline *t, const struct log_field *f)
{
	char	*d = t->b + t->n;
	size_t	 k, size = f->type == LT_TEXT ? LOG_ARGVMAX : LOG_LINEMAX;

	switch (f->type) {
	case LT_INT:
		k = snprintf(d, size, "%lld", f->i);
		break;
	case LT_STR:
	case LT_TEXT:
		if (f->s == NULL) {
			tput(t, "?", 1);
			return;
		}
		k = log_escape(d, size, f->s, strlen(f->s));
		break;
	case LT_BYTES:
		k = log_escape(d, size, f->s, f->n);
		break;
	case LT_ARGV:
		k = log_argv(d, LOG_ARGVMAX, f->argv);
		break;
	case LT_DESC:
		tput(t, f->s, strlen(f->s));
		return;
	default:	/* LT_NULL, LT_SKIP */
		tput(t, "?", 1);
		return;
	}
	tcut(t, k);
}

/* The field of key s[0..len), or NULL. */
static const struct log_field *
lookup(const struct log_field *f, const char *s, size_t len)
{
	for (; f->type != LT_END; f++)
		if (strncmp(f->key, s, len) == 0 && f->key[len] == '\0')
			return f;
	return NULL;
}

/* tmpl, each "{key}" in it the field of that key. */
static void
render(struct tline *t, const char *tmpl, const struct log_field *f)
{
	const struct log_field	*v;
	const char		*p, *e;

	for (p = tmpl; *p != '\0'; p = e) {
		if (*p == '{' && (e = strchr(p, '}')) != NULL &&
		    (v = lookup(f, p + 1, e - p - 1)) != NULL) {
			tfield(t, v);
			e++;
			continue;
		}
		e = p + 1 + strcspn(p + 1, "{");
		tput(t, p, e - p);
	}
}

/*
 * An event: the text line from the template, or the JSON object from
 * the fields; an event named NULL is a plain message.
 */
void
log_ev(enum log_level lv, const char *event, const char *tmpl,
    const struct log_field *f)
{
	struct tline	 t;
	size_t		 stamp;

	if (json && event != NULL) {
		json_line(lv, event, f);
		return;
	}
	if (json) {
		t.n = 0;
		t.lim = LOG_LINEMAX - 1;
		render(&t, tmpl, f);
		t.b[t.n] = '\0';
		json_message(lv, t.b);
		return;
	}
	t.n = stamp = text_stamp(t.b, LOG_LINEMAX);
	t.lim = LOG_LINEMAX - 2;
	render(&t, tmpl, f);
	t.b[t.n++] = '\n';
	emit(t.b, stamp, t.b, t.n);
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
	render(&t, tmpl, f);
	t.b[t.n] = '\0';
	return t.b;
}
