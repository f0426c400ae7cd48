/*
 * Word splitting as encoding/csv writes with a space as separator: the
 * splitter is a four-state machine fed one byte at a time, writing each
 * word NUL-terminated into the caller's buffer.
 */
#include <stddef.h>

#include "common/words.h"

enum state {
	S_BLANK,		/* between words */
	S_WORD,			/* in an unquoted word */
	S_QUOTED,		/* inside quotes */
	S_QUOTE_END,		/* a quote inside quotes: "" or the closing one */
};

struct split {
	enum state	 st;
	char		*out;
	struct words	*w;
};

static void
word_end(struct split *s)
{
	*s->out++ = '\0';
	s->st = S_BLANK;
}

static const char *
word_start(struct split *s, unsigned char c)
{
	if (WORD_BLANK(c))
		return NULL;
	if (WORD_CTRL(c))
		return "control byte outside quotes";
	if (s->w->n == WORDS_MAX)
		return "too many words";
	s->w->w[s->w->n++] = s->out;
	if (c == '"')
		s->st = S_QUOTED;
	else {
		*s->out++ = c;
		s->st = S_WORD;
	}
	return NULL;
}

/* One byte; NULL, or why the input is refused. */
static const char *
step(struct split *s, unsigned char c)
{
	switch (s->st) {
	case S_WORD:
		if (WORD_BLANK(c))
			word_end(s);
		else if (c == '"')
			return "stray quote";
		else if (WORD_CTRL(c))
			return "control byte outside quotes";
		else
			*s->out++ = c;
		return NULL;
	case S_QUOTED:
		if (c == '\0')
			return "NUL inside quotes";
		if (c == '"')
			s->st = S_QUOTE_END;
		else
			*s->out++ = c;
		return NULL;
	case S_QUOTE_END:
		if (c == '"') {
			*s->out++ = c;
			s->st = S_QUOTED;
		} else if (WORD_BLANK(c))
			word_end(s);
		else
			return "stray quote";
		return NULL;
	default:
		return word_start(s, c);
	}
}

const char *
words_split(const char *src, size_t len, char *buf, size_t bufsz,
    struct words *w)
{
	struct split	 s = { S_BLANK, buf, w };
	const char	*why = NULL;
	size_t		 i;

	w->n = 0;
	w->w[0] = NULL;
	/* Each NUL stands for the blank or quote after a word; one more. */
	if (len >= bufsz)
		why = "too long";
	for (i = 0; i < len && why == NULL; i++)
		why = step(&s, (unsigned char)src[i]);
	if (why == NULL && s.st == S_QUOTED)
		why = "unbalanced quote";
	if (why != NULL) {
		w->n = 0;
		w->w[0] = NULL;
		return why;
	}
	if (s.st != S_BLANK)
		word_end(&s);
	w->w[w->n] = NULL;
	return NULL;
}
