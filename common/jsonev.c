/*
 * An event's JSON object, its members cut to fit one line.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/json.h"
#include "common/jsonev.h"
#include "common/log.h"

/* RFC 3339 UTC with microseconds: its length. */
size_t
jsonev_stamp(char *buf, size_t size)
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
		r = jput(j, f->js, strlen(f->js));
		break;
	default:	/* LT_NULL */
		r = jput(j, "null", 4);
		break;
	}
	if (r == -1)
		j->n = mark;
}

/*
 * {"time":"2006-01-02T15:04:05.000000Z","level":...,"event":...: time in
 * UTC, RFC 3339 with microseconds.
 */
void
jsonev_begin(struct jline *j, const char *stamp, enum log_level lv,
    const char *event)
{
	static const char *const levels[] = {
		[LL_INFO] = "info",
		[LL_WARN] = "warn",
		[LL_FATAL] = "fatal",
	};

	/* Short: it fits. */
	j->n = snprintf(j->b, sizeof(j->b), "{\"time\":\"%s\",\"level\":\"%s\","
	    "\"event\":", stamp, levels[lv]);
	jstr(j, event, strlen(event));
}

void
jsonev_fields(struct jline *j, const struct log_field *f)
{
	for (; f->type != LT_END; f++)
		jfield(j, f);
}
