#include <atf-c.h>
#include <stdio.h>
#include <string.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/log.h"
#include "common/util.h"

#define FAKE	"(submitted by uid 0 gid 0 pid 1)"

static const struct {
	char		*argv[5];	/* NULL-terminated */
	const char	*out;
} cases[] = {
	/* As the original logged them, and as the tests pin them. */
	{ { "/bin/echo", "hi", "there" }, "[/bin/echo hi there]" },
	{ { "sh", "-c", "sleep 1; echo a:b" }, "[sh -c sleep 1; echo a:b]" },
	{ { "a\nb", "\t\\" }, "[a\\nb \\t\\\\]" },
	{ { "" }, "[]" },
	/* The delimiters, in octal. */
	{ { "x] " FAKE " [" },
	    "[x\\135 \\050submitted by uid 0 gid 0 pid 1\\051 \\133]" },
	{ { "[", "]", "(", ")" }, "[\\133 \\135 \\050 \\051]" },
	{ { "\\]" }, "[\\\\\\135]" },
	{ { "\\135" }, "[\\\\135]" },
	{ { "\033[2J" }, "[\\033\\1332J]" },
	{ { "x] (status 0)" }, "[x\\135 \\050status 0\\051]" },
};

ATF_TC_WITHOUT_HEAD(argv_table);
ATF_TC_BODY(argv_table, tc)
{
	char	 out[256];
	size_t	 i, n;

	for (i = 0; i < nitems(cases); i++) {
		n = log_argv(out, sizeof(out), cases[i].argv);
		ATF_CHECK_MSG(n == strlen(cases[i].out) &&
		    strcmp(out, cases[i].out) == 0,
		    "case %zu: got \"%s\", want \"%s\"", i, out, cases[i].out);
	}
}

/* log_escape() leaves them: its callers' lines have other delimiters. */
ATF_TC_WITHOUT_HEAD(escape_keeps_brackets);
ATF_TC_BODY(escape_keeps_brackets, tc)
{
	char	 out[64];

	log_escape(out, sizeof(out), "x] (y) [z]: \\\n", 14);
	ATF_CHECK_STREQ(out, "x] (y) [z]: \\\\\\n");
}

/* Nothing of a word but its escapes: no delimiter, no newline. */
static int
clean(const char *s, size_t n)
{
	return strcspn(s, "[]()\n") >= n;
}

/*
 * Every byte, before every byte: the word is logged with no delimiter
 * or newline of its own, and decodes back to itself.
 */
ATF_TC_WITHOUT_HEAD(argv_every_byte);
ATF_TC_BODY(argv_every_byte, tc)
{
	char	 word[3], out[32], back[32];
	char	*argv[] = { word, NULL };
	size_t	 n;
	int	 c, next;

	for (c = 1; c < 256; c++)
		for (next = 0; next < 256; next++) {
			word[0] = c;
			word[1] = next;
			word[2] = '\0';
			n = log_argv(out, sizeof(out), argv);
			ATF_REQUIRE(n >= 2 && out[0] == '[' &&
			    out[n - 1] == ']');
			ATF_CHECK_MSG(clean(out + 1, n - 2),
			    "%#x %#x: %s", c, next, out);
			out[n - 1] = '\0';
			ATF_CHECK_MSG(strunvis(back, out + 1) ==
			    (int)strlen(word) && strcmp(back, word) == 0,
			    "%#x %#x: %s does not decode", c, next, out);
		}
}

/* Cut at every size: still one "[...]" with nothing raw inside. */
ATF_TC_WITHOUT_HEAD(argv_cut_everywhere);
ATF_TC_BODY(argv_cut_everywhere, tc)
{
	char *const	 argv[] = { "/bin/true", "x] " FAKE " [",
			    "]]]]((((", "\n\\]", NULL };
	char		 whole[256], out[256];
	size_t		 size, n, wn;

	wn = log_argv(whole, sizeof(whole), argv);
	for (size = 0; size <= wn + 1; size++) {
		memset(out, 'X', sizeof(out));
		n = log_argv(out, size, argv);
		if (size < 3) {
			ATF_CHECK_EQ(n, 0);
			continue;
		}
		ATF_CHECK_MSG(n < size && out[n] == '\0' && out[0] == '[' &&
		    out[n - 1] == ']' && clean(out + 1, n - 2),
		    "size %zu: %s", size, out);
	}
	ATF_CHECK_STREQ(out, whole);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, argv_table);
	ATF_TP_ADD_TC(tp, escape_keeps_brackets);
	ATF_TP_ADD_TC(tp, argv_every_byte);
	ATF_TP_ADD_TC(tp, argv_cut_everywhere);
	return atf_no_error();
}
