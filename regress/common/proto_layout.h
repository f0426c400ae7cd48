/*
 * The frame layout of common/proto.h, restated so that the proto test
 * programs check it and the adversary sockd can forge frames field by
 * field.  No atf here: a test double includes it too.
 */
#ifndef PROTO_LAYOUT_H
#define PROTO_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum {
	OFF_TYPE = 0, OFF_LEN = 4, OFF_ID = 8, OFF_VERSION = 12,
	OFF_ARGC = 16, OFF_ARGVLEN = 18, OFF_SEQ = 20, OFF_COUNT = 21,
	OFF_FLAGS = 22, OFF_UID = 24, OFF_GID = 28, OFF_TIME = 32,
	OFF_ARGV = 36,
	OFF_PID = 16, OFF_CODE = 16, OFF_ERRNO = 20,
};

/* A field of width 1, 2 or 4, at off, set to v. */
static inline void
put(unsigned char *p, size_t off, int width, uint32_t v)
{
	uint16_t	 v16 = v;

	if (width == 1)
		p[off] = v;
	else if (width == 2)
		memcpy(p + off, &v16, sizeof(v16));
	else
		memcpy(p + off, &v, sizeof(v));
}

#endif
