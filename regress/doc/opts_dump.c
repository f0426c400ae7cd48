/*
 * opts_dump: opts_table as the command line knows it, one flag a line,
 * for regress/doc/facts.py to hold the documentation against:
 * name, variable, kind, default, lo, hi, why a value is refused, and
 * the flag it is another name of (the first with the same field).
 * "-" for nothing.
 */
#include <stdio.h>

#include "opts.h"

static const char *const kinds[] = {
	[OPT_BOOL] = "bool", [OPT_DURATION] = "duration",
	[OPT_NUMBER] = "number", [OPT_WORD] = "word",
	[OPT_CHOICE] = "choice", [OPT_ARGV] = "argv", [OPT_FUNC] = "func",
};

static const char *
alias_of(size_t i)
{
	size_t	 k;

	for (k = 0; k < i; k++)
		if (opts_table[k].off == opts_table[i].off)
			return opts_table[k].name;
	return "-";
}

int
main(void)
{
	const struct opt	*o;
	size_t			 i;

	for (i = 0; i < opts_count; i++) {
		o = &opts_table[i];
		printf("%s\t%s\t%s\t%s\t", o->name, o->env ? o->env : "-",
		    kinds[o->kind], o->def ? o->def : "-");
		if (o->lo != 0 || o->hi != 0)
			printf("%d\t%d\t", o->lo, o->hi);
		else
			printf("-\t-\t");
		printf("%s\t%s\n", o->want ? o->want : "-", alias_of(i));
	}
	return 0;
}
