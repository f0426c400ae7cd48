/*
 * libFuzzer target for the log's JSON escaper (common/json.c): on any
 * bytes and any buffer size its output is valid JSON string content in
 * well-formed UTF-8 (read back by an independent decoder), within the
 * size; well-formed input decodes back to itself; a cut output is a
 * prefix of the whole one, marked "..."; and an argv of the same bytes
 * is a whole array of strings at any size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "regress/common/json_valid.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ASSERT(e)	do { if (!(e)) abort(); } while (0)
#define IN_MAX		1200
#define ARGC_MAX	64

static int
well_formed(const uint8_t *s, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i += k)
		if (jv_utf8(s + i, n - i, &k) == -1)
			return 0;
	return 1;
}

static void
check_string(const char *in, size_t n, size_t size)
{
	static char		 whole[6 * IN_MAX + 1], out[6 * IN_MAX + 1];
	static unsigned char	 back[4 * 6 * IN_MAX];
	size_t			 wn, on, blen;

	wn = json_escape(whole, sizeof(whole), in, n);
	ASSERT(wn < sizeof(whole) && whole[wn] == '\0');
	ASSERT(jv_string(whole, wn, back, &blen) == (long)wn);
	if (well_formed((const uint8_t *)in, n))
		ASSERT(blen == n && memcmp(back, in, n) == 0);

	on = json_escape(out, size, in, n);
	ASSERT(on < size && out[on] == '\0');
	ASSERT(jv_string(out, on, NULL, &blen) == (long)on);
	if (wn < size) {
		ASSERT(on == wn && memcmp(out, whole, wn) == 0);
		return;
	}
	if (on >= 3 && memcmp(out + on - 3, "...", 3) == 0)
		on -= 3;
	else
		ASSERT(size < 4);	/* no room for the mark */
	ASSERT(memcmp(out, whole, on) == 0);
}

static void
check_argv(const char *in, size_t n, size_t size)
{
	static char	 buf[IN_MAX + 1], out[6 * IN_MAX + 4 * ARGC_MAX];
	static char	 whole[sizeof(out)];
	char		*argv[ARGC_MAX + 1];
	size_t		 on;
	int		 argc = 0;
	char		*p, *end;

	memcpy(buf, in, n);
	buf[n] = '\0';
	for (p = buf, end = buf + n; argc < ARGC_MAX; p += strlen(p) + 1) {
		argv[argc++] = p;
		if (p + strlen(p) >= end)
			break;
	}
	argv[argc] = NULL;
	on = json_argv(out, size, argv);
	if (size < 3) {
		ASSERT(on == 0);
		return;
	}
	ASSERT(on < size && out[on] == '\0' && jv_array(out, on));
	/* A cut always shows, from 8 bytes on. */
	json_argv(whole, sizeof(whole), argv);
	ASSERT(size < 8 || strcmp(out, whole) == 0 ||
	    (on > 5 && strcmp(out + on - 5, "...\"]") == 0));
}

/* The first two bytes: the output buffer's size; the rest, the input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	 dstsz;

	if (size < 2 || size - 2 > IN_MAX)
		return 0;
	dstsz = (data[0] | data[1] << 8) % (6 * IN_MAX + 1);
	check_string((const char *)data + 2, size - 2, dstsz + 1);
	check_argv((const char *)data + 2, size - 2, dstsz);
	return 0;
}
