/*
 * libFuzzer target for the frame decoders: on arbitrary bytes they must
 * not crash, and whatever they accept must be in range and re-encode to
 * the very same bytes, so no two frames mean the same thing.
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
	ssize_t			 n;
	int			 k;

	if (proto_decode_spawn(data, size, &m) != PROTO_OK)
		return;
	ASSERT(m.argc >= 1 && m.argc <= PROTO_ARGC_MAX);
	ASSERT(m.argv[m.argc] == NULL);
	for (k = 0; k < m.argc; k++) {
		ASSERT(m.argv[k] >= m.buf && m.argv[k] < end);
		ASSERT(memchr(m.argv[k], '\0', end - m.argv[k]) != NULL);
		ASSERT(m.argv[k][0] != '\0');
	}
	n = proto_encode_spawn(p, sizeof(p), m.id, m.seq, m.count, m.argv,
	    &e);
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
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
	} else {
		ASSERT(r.type == MSG_REFUSED);
		n = proto_encode_refused(p, sizeof(p), r.id, r.code, r.error);
	}
	ASSERT(n > 0 && (size_t)n == size && memcmp(p, data, size) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_spawn(data, size);
	check_reply(data, size);
	return 0;
}
