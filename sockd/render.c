/*
 * Rendering a RECORD.  The text has fixed columns, "-" where there is
 * nothing (the id of a command, a time limit not set); the JSON has a
 * member for each field, null where there is nothing, the time started
 * in RFC 3339 UTC with milliseconds.
 */
#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "common/json.h"
#include "common/log.h"
#include "common/proto.h"
#include "sockd/render.h"

#define TEXT_FMT	"%-6s %7s %-10s %6s %6s %7s %6s %6s %-20s %7s %7s %s\n"

static const char *
kind_name(int kind)
{
	switch (kind) {
	case REC_COMMAND:
		return "command";
	case REC_HOOK:
		return "hook";
	default:
		return "submission";
	}
}

size_t
render_header(char *buf, size_t size)
{
	int	 n;

	n = snprintf(buf, size, TEXT_FMT, "ID", "PID", "KIND", "UID", "GID",
	    "FROM", "AS_UID", "AS_GID", "STARTED", "LIMIT", "LEFT", "ARGV");
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* "2026-12-07T23:59:03Z", with ".123" before the Z if ms. */
static void
rfc3339(char *buf, size_t size, uint64_t started_ms, int ms)
{
	struct tm	 tm;
	time_t		 t = (time_t)(started_ms / 1000);

	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, size, "?");
		return;
	}
	if (ms)
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (unsigned)(started_ms % 1000));
	else
		snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
}

/* A number, or "-" (text) or "null" (JSON) where known is false. */
static void
num(char *buf, size_t size, unsigned long long v, int known, int json)
{
	if (known)
		snprintf(buf, size, "%llu", v);
	else
		snprintf(buf, size, "%s", json ? "null" : "-");
}

/* Milliseconds as seconds with one decimal, "-" for none. */
static void
secs(char *buf, size_t size, uint32_t ms, int known)
{
	if (known)
		snprintf(buf, size, "%u.%us", ms / 1000, ms % 1000 / 100);
	else
		snprintf(buf, size, "-");
}

static int
text(char *buf, size_t size, const struct record_msg *r)
{
	char	 id[24], pid[16], peer[16], started[80], limit[16], left[16];
	char	 uid[16], gid[16], asu[16], asg[16];

	num(id, sizeof(id), r->subid, r->subid != 0, 0);
	num(pid, sizeof(pid), r->pid, 1, 0);
	num(peer, sizeof(peer), r->peer_pid, r->peer_pid > 0, 0);
	num(uid, sizeof(uid), r->uid, 1, 0);
	num(gid, sizeof(gid), r->gid, 1, 0);
	num(asu, sizeof(asu), r->as_uid, 1, 0);
	num(asg, sizeof(asg), r->as_gid, 1, 0);
	rfc3339(started, sizeof(started), r->started_ms, 0);
	secs(limit, sizeof(limit), r->limit_ms, r->limit_ms != 0);
	secs(left, sizeof(left), r->left_ms, r->limit_ms != 0);
	return snprintf(buf, size, TEXT_FMT, id, pid, kind_name(r->kind), uid,
	    gid, peer, asu, asg, started, limit, left, log_text("{argv}{cut}",
	    LOG_FIELDS(LF_ARGV("argv", r->argv),
	    LF_TEXT("cut", r->flags & REC_CUT ? "..." : ""))));
}

static int
json(char *buf, size_t size, const struct record_msg *r)
{
	char	 id[24], peer[16], started[80], limit[16], left[16];
	char	 argv[RENDER_MAX - 512];

	num(id, sizeof(id), r->subid, r->subid != 0, 1);
	num(peer, sizeof(peer), r->peer_pid, r->peer_pid > 0, 1);
	num(limit, sizeof(limit), r->limit_ms, r->limit_ms != 0, 1);
	num(left, sizeof(left), r->left_ms, r->limit_ms != 0, 1);
	rfc3339(started, sizeof(started), r->started_ms, 1);
	json_argv(argv, sizeof(argv), r->argv);
	return snprintf(buf, size, "{\"id\":%s,\"pid\":%d,\"kind\":\"%s\","
	    "\"uid\":%u,\"gid\":%u,\"peer_pid\":%s,\"as_uid\":%u,"
	    "\"as_gid\":%u,\"started\":\"%s\",\"time_limit_ms\":%s,"
	    "\"left_ms\":%s,\"argv\":%s,\"argv_cut\":%s}\n", id, (int)r->pid,
	    kind_name(r->kind), (unsigned)r->uid, (unsigned)r->gid, peer,
	    (unsigned)r->as_uid, (unsigned)r->as_gid, started, limit, left,
	    argv, r->flags & REC_CUT ? "true" : "false");
}

size_t
render_record(char *buf, size_t size, const struct record_msg *r, int js)
{
	int	 n;

	if (size == 0)
		return 0;
	n = js ? json(buf, size, r) : text(buf, size, r);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}
