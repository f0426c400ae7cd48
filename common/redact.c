/*
 * The positions a log hides, as a mask of argv's indexes, and the argv
 * as the log shows it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "common/redact.h"

/* A position, 1..PROTO_ARGC_MAX - 1, at *s; -1 if none is there. */
static int
position(const char **s)
{
	int	 n = 0;

	if (**s < '1' || **s > '9')
		return -1;
	while (**s >= '0' && **s <= '9') {
		n = n * 10 + *(*s)++ - '0';
		if (n >= PROTO_ARGC_MAX)
			return -1;
	}
	return n;
}

/* LIST into *mask; NULL, or why not.  Pure. */
const char *
redact_parse(const char *s, uint64_t *mask)
{
	int	 lo, hi, i;

	*mask = 0;
	do {
		if ((lo = position(&s)) == -1)
			return "want positions 1 to 63 (argv[0] is never "
			    "hidden): N, N-M or N-, comma-separated";
		hi = lo;
		if (*s == '-') {
			s++;
			hi = *s == ',' || *s == '\0' ? PROTO_ARGC_MAX - 1 :
			    position(&s);
			if (hi < lo)
				return "want N-M with M at least N, to 63";
		}
		for (i = lo; i <= hi; i++)
			*mask |= UINT64_C(1) << i;
	} while (*s++ == ',');
	return s[-1] == '\0' ? NULL : "want positions: N, N-M or N-, "
	    "comma-separated";
}

/* argv as the log shows it, in shown (room for argv and its NULL). */
void
redact_argv(char *const argv[], uint64_t mask, char *shown[])
{
	static char	 word[] = REDACT_WORD;
	int		 i;

	for (i = 0; argv[i] != NULL; i++)
		shown[i] = i < 64 && (mask >> i & 1) ? word : argv[i];
	shown[i] = NULL;
}
