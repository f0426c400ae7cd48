/*
 * libFuzzer target for the audit trail's line reader (common/auditline.c),
 * which -verify-audit runs on a file anyone may have written: on any
 * bytes it reads nothing outside them, and a line it takes is made again,
 * byte for byte, from what it returned: the bytes before ,"seq":, the
 * seq, the run and the mac, as common/audit.c writes them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/audit.h"
#include "common/auditline.h"
#include "common/hmac.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ASSERT(e)	do { if (!(e)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 again[4096];
	const char		*s = (const char *)data;
	struct audit_line	 l;
	int			 n;

	if (size > 2048 || auditline_parse(s, size, &l) != NULL)
		return 0;
	ASSERT(l.seq > 0 && l.at < size && l.body < size);
	ASSERT(l.run > s && l.run + AUDIT_RUNLEN < s + size);
	/* The bytes before may hold a NUL: copied, not printed. */
	memcpy(again, s, l.at);
	n = l.at + snprintf(again + l.at, sizeof(again) - l.at,
	    ",\"seq\":%llu,\"run\":\"%.*s\"", l.seq, AUDIT_RUNLEN, l.run);
	ASSERT((size_t)n == l.body);
	if (l.mac != NULL) {
		ASSERT(l.mac > l.run && l.mac + HMAC_HEXLEN < s + size);
		n += snprintf(again + n, sizeof(again) - n, ",\"mac\":\"%.*s\"",
		    HMAC_HEXLEN, l.mac);
	}
	again[n++] = '}';
	ASSERT((size_t)n == size && memcmp(again, s, size) == 0);
	return 0;
}
