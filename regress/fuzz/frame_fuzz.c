/*
 * libFuzzer target for the frame decoders: on arbitrary bytes they must
 * not crash (SPAWN, SIGNAL, STATUS, CONTROL, and the replies SPAWNED,
 * REFUSED, END, RECORD and DONE),
 * and whatever they accept must be in range and re-encode to
 * the very same bytes, so no two frames mean the same thing (a SPAWN's
 * target included).  A RECORD renders as one line of text or JSON: no
 * control byte but its newline at the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "sockd/render.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ASSERT(e)	do { if (!(e)) abort(); } while (0)

static void
check_spawn(const uint8_t *data, size_t size)
{
	static struct spawn_msg	 m;
	unsigned char		 p[PROTO_FRAME_MAX];
	const char		*end = m.buf + sizeof(m.buf);
	enum proto_err		 e;
	size_t			 n;
	int			 k;

	if (proto_decode_spawn(data, size, &m) != PROTO_OK)
		return;
	ASSERT((m.as.flags & ~SPAWN_FLAGS) == 0);
	ASSERT(m.as.flags & SPAWN_AS ? m.as.uid <= PROTO_ID_MAX :
	    (m.as.flags & ~(SPAWN_WAIT | SPAWN_TTY)) == 0 && m.as.uid == 0);
	ASSERT(!(m.as.flags & SPAWN_TTY) || m.as.flags & SPAWN_WAIT);
	ASSERT(!(m.as.flags & SPAWN_WAIT) || (m.count == 1 && m.seq == 0));
	ASSERT(m.as.flags & SPAWN_AS_GID ? m.as.gid <= PROTO_ID_MAX :
	    m.as.gid == 0);
	ASSERT(m.argc >= 1 && m.argc <= PROTO_ARGC_MAX);
	ASSERT(m.argv[m.argc] == NULL);
	for (k = 0; k < m.argc; k++) {
		ASSERT(m.argv[k] >= m.buf && m.argv[k] < end);
		ASSERT(memchr(m.argv[k], '\0', end - m.argv[k]) != NULL);
		ASSERT(m.argv[k][0] != '\0');
	}
	ASSERT(strlen(m.reason) <= PROTO_REASON_MAX);
	e = proto_encode_spawn(p, sizeof(p), m.id, m.seq, m.count, &m.as,
	    m.reason, m.argv, &n);
	ASSERT(e == PROTO_OK && n == size && memcmp(p, data, size) == 0);
}

static void
check_reply(const uint8_t *data, size_t size)
{
	struct reply_msg	 r;
	unsigned char		 p[PROTO_REPLY_LEN];
	ssize_t			 n;

	if (proto_decode_reply(data, size, &r) != PROTO_OK)
		return;
	if (r.type == MSG_SPAWNED) {
		ASSERT(r.pid > 0);
		n = proto_encode_spawned(p, sizeof(p), r.id, r.pid);
	} else if (r.type == MSG_END) {
		ASSERT(r.code == END_EXIT ? r.error >= 0 && r.error <= 255 :
		    r.code == END_LIMIT ? r.error == 0 :
		    r.code == END_SIGNAL && r.error >= 1 &&
		    r.error <= PROTO_SIG_MAX);
		n = proto_encode_end(p, sizeof(p), r.id, r.code, r.error);
	} else {
		ASSERT(r.type == MSG_REFUSED);
		ASSERT(r.code == REFUSE_DENIED ?
		    r.error >= 1 && r.error <= PROTO_LINE_MAX :
		    r.error >= 0 && r.error <= 4095);
		n = proto_encode_refused(p, sizeof(p), r.id, r.code, r.error);
	}
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

static void
check_signal(const uint8_t *data, size_t size)
{
	struct signal_msg	 m;
	unsigned char		 p[PROTO_REPLY_LEN];
	ssize_t			 n;

	if (proto_decode_signal(data, size, &m) != PROTO_OK)
		return;
	ASSERT(m.sig == SIGNAL_GONE || proto_signal_ok(m.sig));
	n = proto_encode_signal(p, sizeof(p), m.id, m.sig);
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

static void
check_status(const uint8_t *data, size_t size)
{
	struct status_msg	 m;
	unsigned char		 p[PROTO_STATUS_LEN];
	ssize_t			 n;

	if (proto_decode_status(data, size, &m) != PROTO_OK)
		return;
	ASSERT(m.max >= 1 && m.max <= PROTO_PAGE_MAX);
	ASSERT(m.part == STATUS_CMDS || m.part == STATUS_SUBS);
	n = proto_encode_status(p, sizeof(p), m.id, m.max, m.part, m.after);
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

static void
check_control(const uint8_t *data, size_t size)
{
	struct control_msg	 m;
	unsigned char		 p[PROTO_CONTROL_LEN];
	ssize_t			 n;

	if (proto_decode_control(data, size, &m) != PROTO_OK)
		return;
	ASSERT(m.target >= 1);
	ASSERT(m.op == CTL_KILL ? m.sig == 0 : proto_ctl_signal_ok(m.sig));
	ASSERT(m.op != CTL_SIGNAL_PID || m.target <= INT32_MAX);
	n = proto_encode_control(p, sizeof(p), m.id, m.op, m.sig, m.target);
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

static void
check_done(const uint8_t *data, size_t size)
{
	struct done_msg		 d;
	unsigned char		 p[PROTO_DONE_LEN];
	ssize_t			 n;

	if (proto_decode_done(data, size, &d) != PROTO_OK)
		return;
	ASSERT(d.code <= REFUSE_MAX && d.count <= PROTO_PAGE_MAX);
	ASSERT(d.code == 0 || (!d.more && d.count == 0));
	n = proto_encode_done(p, sizeof(p), &d);
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

/* One line, whatever the argv: a client's terminal gets nothing else. */
static void
check_line(const char *s, size_t n)
{
	size_t	 i;

	ASSERT(n > 1 && n < RENDER_MAX && s[n - 1] == '\n');
	for (i = 0; i < n - 1; i++)
		ASSERT((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

static void
check_render(const struct record_msg *r)
{
	static char	 line[RENDER_MAX];
	size_t		 n;

	check_line(line, render_record(line, sizeof(line), r, 0));
	n = render_record(line, sizeof(line), r, 1);
	check_line(line, n);
	ASSERT(line[0] == '{' && line[n - 2] == '}');
}

static void
check_record(const uint8_t *data, size_t size)
{
	static struct record_msg r;
	unsigned char		 p[PROTO_RECORD_MAX];
	const char		*end = r.buf + sizeof(r.buf);
	size_t			 n;
	int			 k;

	if (proto_decode_record(data, size, &r) != PROTO_OK)
		return;
	ASSERT(r.pid > 0 && r.left_ms <= r.limit_ms);
	ASSERT(r.kind == REC_SUBMISSION ? r.subid >= 1 : r.subid == 0);
	ASSERT(r.argc >= 1 && r.argc <= PROTO_ARGC_MAX);
	ASSERT(r.argv[r.argc] == NULL);
	for (k = 0; k < r.argc; k++) {
		ASSERT(r.argv[k] >= r.buf && r.argv[k] < end);
		ASSERT(memchr(r.argv[k], '\0', end - r.argv[k]) != NULL);
	}
	ASSERT(proto_encode_record(p, sizeof(p), &r, r.argv, &n) ==
	    PROTO_OK);
	ASSERT(n == size && memcmp(p, data, size) == 0);
	check_render(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_spawn(data, size);
	check_reply(data, size);
	check_signal(data, size);
	check_status(data, size);
	check_control(data, size);
	check_done(data, size);
	check_record(data, size);
	return 0;
}
