/*
 * libFuzzer target for the frame decoders: on arbitrary bytes they must
 * not crash (SPAWN, SIGNAL, and the replies SPAWNED, REFUSED and END),
 * and whatever they accept must be in range and re-encode to
 * the very same bytes, so no two frames mean the same thing (a SPAWN's
 * target included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"

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
	ASSERT(proto_signal_ok(m.sig));
	n = proto_encode_signal(p, sizeof(p), m.id, m.sig);
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_spawn(data, size);
	check_reply(data, size);
	check_signal(data, size);
	return 0;
}
