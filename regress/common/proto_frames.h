/*
 * For the proto test programs: frames made by hand, and the checks run
 * on them (each prefix, each field patched, each version bit).
 */
#ifndef PROTO_FRAMES_H
#define PROTO_FRAMES_H

#include <atf-c.h>
#include <stdint.h>
#include <string.h>

#include "common/proto.h"
#include "common/util.h"
#include "regress/common/proto_layout.h"

/* A field of width 1, 2 or 4 set to a value, and what decoding then says. */
struct patch {
	size_t		 off;
	int		 width;
	uint32_t	 val;
	enum proto_err	 want;
};

static inline void
header(unsigned char *p, uint32_t type, size_t len)
{
	put(p, OFF_TYPE, 4, type);
	put(p, OFF_LEN, 4, len);
	put(p, OFF_ID, 4, 7);
	put(p, OFF_VERSION, 4, PROTO_VERSION);
}

/* Frames by hand, to check the encoders' bytes and to forge. */
static inline size_t
spawn_frame(unsigned char *p, int argc, const char *argv, size_t argvlen)
{
	size_t	 len = OFF_ARGV + argvlen;

	header(p, MSG_SPAWN, len);
	put(p, OFF_ARGC, 2, argc);
	put(p, OFF_ARGVLEN, 2, argvlen);
	put(p, OFF_SEQ, 1, 0);
	put(p, OFF_COUNT, 1, 1);
	put(p, OFF_FLAGS, 2, 0);
	put(p, OFF_UID, 4, 0);
	put(p, OFF_GID, 4, 0);
	memcpy(p + OFF_ARGV, argv, argvlen);
	return len;
}

/* The same with a reason after argv: n bytes of r. */
static inline size_t
spawn_frame_why(unsigned char *p, int argc, const char *argv, size_t argvlen,
    const char *r, size_t n)
{
	size_t	 len = spawn_frame(p, argc, argv, argvlen);

	memcpy(p + len, r, n);
	put(p, OFF_LEN, 4, len + n);
	return len + n;
}

/* The same with a target: flags, uid and gid as given. */
static inline size_t
spawn_frame_as(unsigned char *p, int argc, const char *argv, size_t argvlen,
    uint32_t flags, uint32_t uid, uint32_t gid)
{
	size_t	 len = spawn_frame(p, argc, argv, argvlen);

	put(p, OFF_FLAGS, 2, flags);
	put(p, OFF_UID, 4, uid);
	put(p, OFF_GID, 4, gid);
	return len;
}

static inline size_t
reply_frame(unsigned char *p, uint32_t type, uint32_t a, uint32_t b)
{
	header(p, type, PROTO_REPLY_LEN);
	put(p, OFF_PID, 4, a);
	put(p, OFF_ERRNO, 4, b);
	return PROTO_REPLY_LEN;
}

#define DECODE_SIGNAL	2

static inline enum proto_err
decode(const unsigned char *p, size_t n, int spawn)
{
	struct spawn_msg	 m;
	struct reply_msg	 r;
	struct signal_msg	 sg;

	/* spawn: 1 for a SPAWN, DECODE_SIGNAL for a SIGNAL, 0 a reply. */
	if (spawn == DECODE_SIGNAL)
		return proto_decode_signal(p, n, &sg);
	return spawn ? proto_decode_spawn(p, n, &m) :
	    proto_decode_reply(p, n, &r);
}

/* Each prefix is refused, whether its len field is left or made to fit. */
static inline void
check_truncations(const unsigned char *frame, size_t len, int spawn)
{
	unsigned char	 p[PROTO_FRAME_MAX + 1];
	size_t		 n;

	for (n = 0; n < len; n++) {
		memcpy(p, frame, len);
		ATF_CHECK_EQ_MSG(decode(p, n, spawn),
		    n < PROTO_HDRLEN ? PROTO_ESHORT : PROTO_ELEN, "n %zu", n);
		if (n < PROTO_HDRLEN)
			continue;
		put(p, OFF_LEN, 4, n);
		ATF_CHECK_MSG(decode(p, n, spawn) != PROTO_OK,
		    "n %zu with len %zu accepted", n, n);
	}
	memcpy(p, frame, len);
	p[len] = 0;
	ATF_CHECK_EQ(decode(p, len + 1, spawn), PROTO_ELEN);
	put(p, OFF_LEN, 4, len + 1);
	ATF_CHECK(decode(p, len + 1, spawn) != PROTO_OK);
	ATF_CHECK_EQ(decode(frame, len, spawn), PROTO_OK);
}

static inline void
check_patches(const unsigned char *frame, size_t len,
    const struct patch *pt, size_t npt, int spawn)
{
	unsigned char	 p[PROTO_FRAME_MAX];
	size_t		 i;

	for (i = 0; i < npt; i++) {
		memcpy(p, frame, len);
		put(p, pt[i].off, pt[i].width, pt[i].val);
		ATF_CHECK_EQ_MSG(decode(p, len, spawn), pt[i].want,
		    "patch %zu: offset %zu = %u: got \"%s\"", i, pt[i].off,
		    pt[i].val, proto_strerror(decode(p, len, spawn)));
	}
}

/* Every version bit but the one of PROTO_VERSION is reserved. */
static inline void
check_version_bits(const unsigned char *frame, size_t len, int spawn)
{
	unsigned char	 p[PROTO_FRAME_MAX];
	int		 bit;

	for (bit = 0; bit < 32; bit++) {
		memcpy(p, frame, len);
		put(p, OFF_VERSION, 4, PROTO_VERSION ^ (1U << bit));
		ATF_CHECK_EQ_MSG(decode(p, len, spawn), PROTO_EVERSION,
		    "bit %d", bit);
		put(p, OFF_VERSION, 4, PROTO_VERSION | (1U << bit));
		ATF_CHECK_EQ_MSG(decode(p, len, spawn),
		    PROTO_VERSION & (1U << bit) ? PROTO_OK : PROTO_EVERSION,
		    "bit %d", bit);
	}
}

#endif
