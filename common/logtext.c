/*
 * The text log's own forms, pure: a string escaped so that no byte of it
 * can end or forge a line, an argv as the original logged it, and an
 * event's template rendered from its fields.  common/log.c writes them.
 */
#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/logtext.h"

/*
 * The brackets around an argv in the text log and the parentheses after
 * it, "[argv] (submitted by ...)", "[argv] (status N)": inside a word
 * they are written in octal, never as "\]", so that the first "]" after
 * the "[" is the one that closes the argv, and no word holds
 * "(submitted by".  Blanks and colons come before the "]" or after it
 * in words of ours; they stay as they were.
 */
#define ARGV_DELIMS	"[]()"

/*
 * One byte into one[4], as vis(3) writes it with VIS_CSTYLE | VIS_TAB |
 * VIS_NL | VIS_OCTAL in the C locale, byte by byte: a printable byte or
 * a blank as it is, a backslash doubled, the C escapes (\n \t \r \b \a
 * \v \f, and \0, or \000 before an octal digit), anything else and any
 * of delims in octal.  vis(3) itself goes through the locale's wide
 * characters, which musl's C locale maps a byte of 0x80 or more to two
 * of, so the static build logged such a byte as two escapes and a raw
 * byte; this has no locale.
 */
static size_t
escape1(char *one, int c, int next, const char *delims)
{
	static const char	 ctl[] = "\\\n\t\r\b\a\v\f", name[] = "\\ntrbavf";
	const char		*p;

	if (c == '\0' || strchr(delims, c) == NULL) {
		if (c == ' ' || (c > ' ' && c < 0x7f && c != '\\')) {
			one[0] = c;
			return 1;
		}
		one[0] = '\\';
		if (c != '\0' && (p = strchr(ctl, c)) != NULL) {
			one[1] = name[p - ctl];
			return 2;
		}
		if (c == '\0' && (next < '0' || next > '7')) {
			one[1] = '0';
			return 2;
		}
	}
	one[0] = '\\';
	one[1] = '0' + ((c >> 6) & 3);
	one[2] = '0' + ((c >> 3) & 7);
	one[3] = '0' + (c & 7);
	return 4;
}

/*
 * Escape src[0..len) into dst so that no byte of it can end or forge a
 * log line, nor be one of delims.  What does not fit is cut, never
 * overflowed, and the cut is marked with "...".  Returns the length
 * written.
 */
static size_t
escape(char *dst, size_t dstsz, const char *src, size_t len,
    const char *delims)
{
	char	 one[4];
	size_t	 i, n = 0, k;

	if (dstsz == 0)
		return 0;
	for (i = 0; i < len; i++) {
		k = escape1(one, (unsigned char)src[i],
		    i + 1 < len ? (unsigned char)src[i + 1] : '\0', delims);
		if (n + k >= dstsz) {
			n = dstsz > 4 ? dstsz - 4 : 0;
			n += strlcpy(dst + n, "...", dstsz - n);
			return n < dstsz ? n : dstsz - 1;
		}
		memcpy(dst + n, one, k);
		n += k;
	}
	dst[n] = '\0';
	return n;
}

size_t
log_escape(char *dst, size_t dstsz, const char *src, size_t len)
{
	return escape(dst, dstsz, src, len, "");
}

/*
 * "[arg0 arg1 ...]", each word escaped, as the original logged argv,
 * but for the brackets and parentheses inside a word.
 */
size_t
log_argv(char *dst, size_t dstsz, char *const argv[])
{
	size_t	 n = 0;
	int	 i;

	if (dstsz < 3) {
		if (dstsz > 0)
			dst[0] = '\0';
		return 0;
	}
	dst[n++] = '[';
	for (i = 0; argv[i] != NULL && n < dstsz - 2; i++) {
		if (i > 0)
			dst[n++] = ' ';
		n += escape(dst + n, dstsz - n - 1, argv[i], strlen(argv[i]),
		    ARGV_DELIMS);
	}
	if (n > dstsz - 2)
		n = dstsz - 2;
	dst[n++] = ']';
	dst[n] = '\0';
	return n;
}

static void
tcut(struct tline *t, size_t k)
{
	t->n = t->n + k < t->lim ? t->n + k : t->lim;
}

static void
tput(struct tline *t, const char *s, size_t len)
{
	size_t	 k = len < t->lim - t->n ? len : t->lim - t->n;

	memcpy(t->b + t->n, s, k);
	t->n += k;
}

/* The field's text, cut, marked, at its own size, then at the line's. */
static void
tfield(struct tline *t, const struct log_field *f)
{
	char	*d = t->b + t->n;
	size_t	 k, size = f->type == LT_TEXT ? LOG_ARGVMAX : LOG_LINEMAX;

	switch (f->type) {
	case LT_INT:
		k = snprintf(d, size, "%lld", f->i);
		break;
	case LT_STR:
	case LT_TEXT:
		if (f->s == NULL) {
			tput(t, "?", 1);
			return;
		}
		k = log_escape(d, size, f->s, strlen(f->s));
		break;
	case LT_BYTES:
		k = log_escape(d, size, f->s, f->n);
		break;
	case LT_ARGV:
		k = log_argv(d, LOG_ARGVMAX, f->argv);
		break;
	case LT_DESC:
		tput(t, f->s, strlen(f->s));
		return;
	default:	/* LT_NULL, LT_SKIP */
		tput(t, "?", 1);
		return;
	}
	tcut(t, k);
}

/* The field of key s[0..len), or NULL. */
static const struct log_field *
lookup(const struct log_field *f, const char *s, size_t len)
{
	for (; f->type != LT_END; f++)
		if (strncmp(f->key, s, len) == 0 && f->key[len] == '\0')
			return f;
	return NULL;
}

/* tmpl into t, each "{key}" in it the field of that key. */
void
text_render(struct tline *t, const char *tmpl, const struct log_field *f)
{
	const struct log_field	*v;
	const char		*p, *e;

	for (p = tmpl; *p != '\0'; p = e) {
		if (*p == '{' && (e = strchr(p, '}')) != NULL &&
		    (v = lookup(f, p + 1, e - p - 1)) != NULL) {
			tfield(t, v);
			e++;
			continue;
		}
		e = p + 1 + strcspn(p + 1, "{");
		tput(t, p, e - p);
	}
}
