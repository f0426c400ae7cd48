#include <atf-c.h>
#include <stdlib.h>
#include <string.h>

#include "common/expand.h"
#include "common/util.h"

static const struct {
	const char	*in;
	const char	*out;
} cases[] = {
	{ "plain", "plain" },
	{ "", "" },
	{ "$FOO", "foo" },
	{ "${FOO}", "foo" },
	{ "a$FOO-b", "afoo-b" },
	{ "${FOO}bar", "foobar" },
	{ "$FOObar", "" },		/* the name runs on */
	{ "$UNSET_VAR_X", "" },
	{ "x${UNSET_VAR_X}y", "xy" },
	{ "\\$FOO", "$FOO" },
	{ "\\${FOO}", "${FOO}" },
	{ "$(date)", "$(date)" },	/* not a name: left alone */
	{ "$1", "$1" },
	{ "$", "$" },
	{ "a$", "a$" },
	{ "${", "${" },
	{ "${FOO", "${FOO" },
	{ "${}", "${}" },
	{ "${1x}", "${1x}" },
	{ "$$", "$$" },
	{ "\\x", "\\x" },
	{ "$SPACE", "a b" },
	{ "$_U", "under" },
	{ "$FOO$FOO", "foofoo" },
	{ "$LONG", "0123456789012345678901234567890123456789" },
};

ATF_TC_WITHOUT_HEAD(expand_table);
ATF_TC_BODY(expand_table, tc)
{
	size_t	 i;
	char	*s;

	setenv("FOO", "foo", 1);
	setenv("SPACE", "a b", 1);
	setenv("_U", "under", 1);
	setenv("LONG", "0123456789012345678901234567890123456789", 1);
	unsetenv("UNSET_VAR_X");
	unsetenv("FOObar");
	for (i = 0; i < nitems(cases); i++) {
		s = expand(cases[i].in);
		ATF_CHECK_MSG(strcmp(s, cases[i].out) == 0,
		    "expand(\"%s\") = \"%s\", want \"%s\"", cases[i].in, s,
		    cases[i].out);
		free(s);
	}
}

/* An expansion is done once: a value holding $ is not expanded again. */
ATF_TC_WITHOUT_HEAD(expand_once);
ATF_TC_BODY(expand_once, tc)
{
	char	*s;

	setenv("FOO", "foo", 1);
	setenv("INNER", "$FOO", 1);
	s = expand("$INNER");
	ATF_CHECK_STREQ(s, "$FOO");
	free(s);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, expand_table);
	ATF_TP_ADD_TC(tp, expand_once);
	return atf_no_error();
}
