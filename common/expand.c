#include <ctype.h>
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "common/expand.h"

struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL)
			err(1, "expand");
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Length of the variable name at s, 0 if there is none. */
static size_t
namelen(const char *s)
{
	size_t	 n = 0;

	if (!isalpha((unsigned char)s[0]) && s[0] != '_')
		return 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

static void
add_var(struct buf *b, const char *name, size_t n)
{
	char		*key;
	const char	*val;

	if ((key = strndup(name, n)) == NULL)
		err(1, "expand");
	if ((val = getenv(key)) != NULL)
		buf_add(b, val, strlen(val));
	free(key);
}

char *
expand(const char *src)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = src;
	size_t		 n;

	buf_add(&b, "", 0);
	while (*p != '\0') {
		if (p[0] == '\\' && p[1] == '$') {
			buf_add(&b, "$", 1);
			p += 2;
		} else if (p[0] == '$' && (n = namelen(p + 1)) > 0) {
			add_var(&b, p + 1, n);
			p += 1 + n;
		} else if (p[0] == '$' && p[1] == '{' &&
		    (n = namelen(p + 2)) > 0 && p[2 + n] == '}') {
			add_var(&b, p + 2, n);
			p += 3 + n;
		} else {
			buf_add(&b, p, 1);
			p++;
		}
	}
	return b.s;
}
