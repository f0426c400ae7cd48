/*
 * An independent reader of what common/json.c writes, for its tests and
 * its fuzzer: JSON string content (RFC 8259) in well-formed UTF-8 (RFC
 * 3629), decoded back to bytes, and arrays of such strings.  It decodes
 * code points and checks their ranges, where json.c checks byte ranges.
 */
#ifndef DINIT_JSON_VALID_H
#define DINIT_JSON_VALID_H

#include <stddef.h>
#include <string.h>

/* The code point of the UTF-8 sequence at s, its length in *len; -1. */
static long
jv_utf8(const unsigned char *s, size_t n, size_t *len)
{
	static const long	 min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	long			 cp;
	size_t			 k, i;

	if (s[0] < 0x80)
		k = 1, cp = s[0];
	else if ((s[0] & 0xe0) == 0xc0)
		k = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		k = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		k = 4, cp = s[0] & 0x07;
	else
		return -1;
	if (k > n)
		return -1;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = k;
	return cp;
}

static size_t
jv_put(unsigned char *out, long cp)
{
	if (cp < 0x80) {
		out[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = 0xc0 | cp >> 6;
		out[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = 0xe0 | cp >> 12;
		out[1] = 0x80 | (cp >> 6 & 0x3f);
		out[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	out[0] = 0xf0 | cp >> 18;
	out[1] = 0x80 | (cp >> 12 & 0x3f);
	out[2] = 0x80 | (cp >> 6 & 0x3f);
	out[3] = 0x80 | (cp & 0x3f);
	return 4;
}

static int
jv_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the string content at s[0..n) up to an unescaped quote or n
 * into out (NULL: only check; else 4 bytes for each byte of s), its
 * length in *outlen.  Returns the bytes of s read, or -1 if they are not
 * valid content: a raw control character, a bad escape, ill-formed
 * UTF-8, a \u escape of a surrogate.
 */
static long
jv_string(const char *str, size_t n, unsigned char *out, size_t *outlen)
{
	static const char	 esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
	const unsigned char	*s = (const unsigned char *)str;
	const char		*e;
	unsigned char		 tmp[4];
	size_t			 i = 0, o = 0, k;
	long			 cp;
	int			 j, h;

	while (i < n && s[i] != '"') {
		if (s[i] < 0x20)
			return -1;
		if (s[i] != '\\') {
			if ((cp = jv_utf8(s + i, n - i, &k)) == -1)
				return -1;
			i += k;
		} else if (i + 1 < n && s[i + 1] == 'u') {
			if (i + 6 > n)
				return -1;
			for (cp = 0, j = 2; j < 6; j++) {
				if ((h = jv_hex(s[i + j])) == -1)
					return -1;
				cp = cp << 4 | h;
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				return -1;
			i += 6;
		} else if (i + 1 < n && s[i + 1] != '\0' &&
		    (e = strchr(esc, s[i + 1])) != NULL) {
			cp = (unsigned char)val[e - esc];
			i += 2;
		} else
			return -1;
		o += jv_put(out != NULL ? out + o : tmp, cp);
	}
	*outlen = o;
	return i;
}

/* A whole array of strings, ["a","b"], and nothing after: 1, or 0. */
static int
jv_array(const char *s, size_t n)
{
	size_t	 i = 0, len;
	long	 k;

	if (n < 2 || s[i++] != '[')
		return 0;
	if (s[i] == ']')
		return i + 1 == n;
	for (;;) {
		if (i >= n || s[i++] != '"')
			return 0;
		if ((k = jv_string(s + i, n - i, NULL, &len)) == -1 ||
		    (size_t)k >= n - i)
			return 0;
		i += k + 1;
		if (i < n && s[i] == ']')
			return i + 1 == n;
		if (i >= n || s[i++] != ',')
			return 0;
	}
}

#endif
