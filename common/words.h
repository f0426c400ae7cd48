/*
 * Word splitting, shared by -start/-stop (init) and the request parser
 * (sockd).  Words are separated by blanks (space, tab); a word in double
 * quotes may hold blanks and newlines, and "" inside quotes is one ".
 * This is what Go's encoding/csv writes with a space as separator.
 */
#ifndef DINIT_WORDS_H
#define DINIT_WORDS_H

#include <stddef.h>

#define WORDS_MAX	128

/* The character classes of the grammar, for the splitter and its users. */
#define WORD_BLANK(c)	((c) == ' ' || (c) == '\t')
#define WORD_CTRL(c)	((unsigned char)(c) < 0x20 || (c) == 0x7f)

struct words {
	int		 n;
	char		*w[WORDS_MAX + 1];	/* w[n] == NULL */
};

/*
 * Split src[0..len) into words copied NUL-separated into buf (at least
 * len + 1 bytes needed, so buf of len + 1 always suffices).  NULL, or
 * why not (unbalanced quote, control byte outside quotes, stray quote,
 * too many words).
 */
const char	*words_split(const char *, size_t, char *, size_t,
		    struct words *);

#endif
