/*
 * JSON strings and arrays of them, for the log.  Pure: no allocation,
 * no I/O; fuzzed (regress/fuzz/json_fuzz.c).
 */
#include <string.h>

#include "common/json.h"

#define ELLIPSIS	"..."

/* The length of the well-formed UTF-8 sequence at s (RFC 3629), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;		/* a continuation, or overlong */
	if (s[0] < 0xe0)
		n = 2;
	else if (s[0] < 0xf0) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] < 0xf5) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* beyond U+10FFFF */
	} else
		return 0;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* \u00XX */
static size_t
u00(char *out, unsigned char c)
{
	static const char	 hex[] = "0123456789abcdef";

	memcpy(out, "\\u00", 4);
	out[4] = hex[c >> 4];
	out[5] = hex[c & 0xf];
	return 6;
}

#define CUT_MARKED	1	/* cut, and "..." says so */
#define CUT_BARE	2	/* cut, with no room to say so */

/*
 * The escaped form of the character at s into out (8 bytes at most);
 * *used is how many bytes of s it took.
 */
static size_t
unit(char *out, const unsigned char *s, size_t len, size_t *used)
{
	size_t	 n;

	*used = 1;
	switch (s[0]) {
	case '"':
	case '\\':
		out[0] = '\\';
		out[1] = s[0];
		return 2;
	case '\n':
		memcpy(out, "\\n", 2);
		return 2;
	case '\r':
		memcpy(out, "\\r", 2);
		return 2;
	case '\t':
		memcpy(out, "\\t", 2);
		return 2;
	}
	if (s[0] < 0x20 || s[0] == 0x7f)
		return u00(out, s[0]);
	if (s[0] < 0x80) {
		out[0] = s[0];
		return 1;
	}
	if ((n = utf8_seq(s, len)) == 0) {
		memcpy(out, "\xef\xbf\xbd", 3);		/* U+FFFD */
		return 3;
	}
	*used = n;
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return u00(out, s[1]);			/* C1 controls */
	if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] == 0xa8 || s[2] == 0xa9)) {
		memcpy(out, s[2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
		return 6;
	}
	memcpy(out, s, n);
	return n;
}

/*
 * Escape src[0..len) into dst, NUL-terminated.  What does not fit is
 * cut between two characters, never inside one or inside an escape,
 * and the cut is marked with "..." where that fits.  *cut says whether
 * it was: 0, CUT_MARKED or CUT_BARE (no room for the mark).
 */
static size_t
escape(char *dst, size_t dstsz, const char *src, size_t len, int *cut)
{
	const unsigned char	*s = (const unsigned char *)src;
	char			 one[8];
	size_t			 i = 0, n = 0, safe = 0, k, used;

	*cut = 0;
	if (dstsz == 0)
		return 0;
	while (i < len) {
		k = unit(one, s + i, len - i, &used);
		if (n + k >= dstsz) {
			*cut = CUT_BARE;
			if (safe + sizeof(ELLIPSIS) <= dstsz) {
				memcpy(dst + safe, ELLIPSIS,
				    sizeof(ELLIPSIS) - 1);
				n = safe + sizeof(ELLIPSIS) - 1;
				*cut = CUT_MARKED;
			}
			break;
		}
		memcpy(dst + n, one, k);
		n += k;
		i += used;
		if (n + sizeof(ELLIPSIS) <= dstsz)
			safe = n;
	}
	dst[n] = '\0';
	return n;
}

/* The content of a JSON string, without its quotes; its length. */
size_t
json_escape(char *dst, size_t dstsz, const char *src, size_t len)
{
	int	 cut;

	return escape(dst, dstsz, src, len, &cut);
}

/*
 * The array of argv in dst; keep: bytes left after each word for a last
 * word "..." should the next not fit.  0 in *whole if anything was cut.
 */
static size_t
array(char *dst, size_t dstsz, char *const argv[], size_t keep, int *whole)
{
	static const char	 more[] = "\"...\"";
	size_t			 n = 0;
	int			 i, cut = 0;

	*whole = 1;
	dst[n++] = '[';
	for (i = 0; argv[i] != NULL && !cut; i++) {
		/* A comma, two quotes, the bracket and the NUL. */
		if (n + (i > 0) + 4 + keep > dstsz) {
			*whole = 0;
			cut = CUT_BARE;
			break;
		}
		if (i > 0)
			dst[n++] = ',';
		dst[n++] = '"';
		n += escape(dst + n, dstsz - n - 2 - keep, argv[i],
		    strlen(argv[i]), &cut);
		dst[n++] = '"';
	}
	if (cut != 0)
		*whole = 0;
	if (cut == CUT_BARE && n + (i > 0) + sizeof(more) - 1 + 2 <= dstsz) {
		if (n > 1)
			dst[n++] = ',';
		memcpy(dst + n, more, sizeof(more) - 1);
		n += sizeof(more) - 1;
	}
	dst[n++] = ']';
	dst[n] = '\0';
	return n;
}

/*
 * ["arg0","arg1",...]: always a whole array where dstsz is 3 or more.
 * One too long for dstsz is made again with room kept after each word,
 * so that it ends with the word that was cut, marked "...", or with a
 * word "..." where the next had no room at all: a cut always shows, from
 * 8 bytes on.
 */
size_t
json_argv(char *dst, size_t dstsz, char *const argv[])
{
	size_t	 n;
	int	 whole;

	if (dstsz < 3) {
		if (dstsz > 0)
			dst[0] = '\0';
		return 0;
	}
	n = array(dst, dstsz, argv, 0, &whole);
	if (!whole)
		n = array(dst, dstsz, argv, 1 + 5, &whole);
	return n;
}
