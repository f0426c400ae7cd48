#include <atf-c.h>
#include <stdio.h>
#include <string.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/util.h"
#include "common/words.h"

#define S(s)	s, sizeof(s) - 1

static const struct {
	const char	*in;
	size_t		 len;
	const char	*err;		/* NULL: want these words */
	const char	*want[6];
} cases[] = {
	{ S(""), NULL, { NULL } },
	{ S(" \t "), NULL, { NULL } },
	{ S("a"), NULL, { "a" } },
	{ S("sleep 20"), NULL, { "sleep", "20" } },
	{ S(" \t a \t\tb \t"), NULL, { "a", "b" } },
	{ S("a  b"), NULL, { "a", "b" } },
	{ S("\"a b\""), NULL, { "a b" } },
	{ S("echo \"a b\" \"say \"\"hi\"\"\""), NULL,
	    { "echo", "a b", "say \"hi\"" } },
	{ S("\"\""), NULL, { "" } },
	{ S("a \"\" b"), NULL, { "a", "", "b" } },
	{ S("\"\"\"\""), NULL, { "\"" } },
	{ S("\"\"\"\"\"\""), NULL, { "\"\"" } },
	{ S("\"a\nb\""), NULL, { "a\nb" } },
	{ S("\"a\r\nb\""), NULL, { "a\r\nb" } },
	{ S("\"\ta\""), NULL, { "\ta" } },
	{ S("\"\x01\x1f\x7f\""), NULL, { "\x01\x1f\x7f" } },
	{ S("\" lead\""), NULL, { " lead" } },
	{ S("\"\\.\""), NULL, { "\\." } },
	{ S("\"a\"\t\"b\""), NULL, { "a", "b" } },
	{ S("\\-r -r"), NULL, { "\\-r", "-r" } },
	{ S("$HOME ${X} \\$"), NULL, { "$HOME", "${X}", "\\$" } },
	{ S("caf\xc3\xa9 \xff"), NULL, { "caf\xc3\xa9", "\xff" } },
	{ S("a\0b"), "control byte outside quotes", { NULL } },
	{ S("\0"), "control byte outside quotes", { NULL } },
	{ S("a \0"), "control byte outside quotes", { NULL } },
	{ S("a\x01"), "control byte outside quotes", { NULL } },
	{ S("\x1f"), "control byte outside quotes", { NULL } },
	{ S("a\x7f"), "control byte outside quotes", { NULL } },
	{ S("a\n"), "control byte outside quotes", { NULL } },
	{ S("a\r"), "control byte outside quotes", { NULL } },
	{ S("\"a\"\n"), "stray quote", { NULL } },
	{ S("\"a\0b\""), "NUL inside quotes", { NULL } },
	{ S("a\"b"), "stray quote", { NULL } },
	{ S("a\""), "stray quote", { NULL } },
	{ S("\"a\"b"), "stray quote", { NULL } },
	{ S("\"a\"\"b\"c"), "stray quote", { NULL } },
	{ S("\""), "unbalanced quote", { NULL } },
	{ S("\"abc"), "unbalanced quote", { NULL } },
	{ S("\"a\"\""), "unbalanced quote", { NULL } },
	{ S("a \"b c"), "unbalanced quote", { NULL } },
};

static const char *
visible(const char *s, size_t len)
{
	static char	 buf[4 * 64 + 1];

	strvisx(buf, s, len < 64 ? len : 64, VIS_CSTYLE | VIS_DQ);
	return buf;
}

static void
check_words(size_t i, const struct words *w)
{
	int	 k;

	for (k = 0; k < w->n && cases[i].want[k] != NULL; k++)
		ATF_CHECK_MSG(strcmp(w->w[k], cases[i].want[k]) == 0,
		    "case %zu: word %d is \"%s\", want \"%s\"", i, k,
		    visible(w->w[k], strlen(w->w[k])), cases[i].want[k]);
	ATF_CHECK_MSG(k == w->n && cases[i].want[k] == NULL,
	    "case %zu: %d words, want %d", i, w->n, k);
	ATF_CHECK_MSG(w->w[w->n] == NULL, "case %zu: w[n] not NULL", i);
}

ATF_TC_WITHOUT_HEAD(split_table);
ATF_TC_BODY(split_table, tc)
{
	struct words	 w;
	char		 buf[64];
	const char	*why;
	size_t		 i;

	for (i = 0; i < nitems(cases); i++) {
		why = words_split(cases[i].in, cases[i].len, buf,
		    cases[i].len + 1, &w);
		if (cases[i].err == NULL) {
			ATF_CHECK_MSG(why == NULL, "case %zu \"%s\": %s", i,
			    visible(cases[i].in, cases[i].len), why);
			if (why == NULL)
				check_words(i, &w);
			continue;
		}
		ATF_CHECK_MSG(why != NULL && strcmp(why, cases[i].err) == 0,
		    "case %zu \"%s\": got \"%s\", want \"%s\"", i,
		    visible(cases[i].in, cases[i].len),
		    why ? why : "(null)", cases[i].err);
		ATF_CHECK_EQ(w.n, 0);
	}
}

/* n words of one letter each, separated by one blank. */
static size_t
letters(char *s, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		s[2 * i] = 'a' + i % 26;
		s[2 * i + 1] = ' ';
	}
	return n > 0 ? 2 * n - 1 : 0;
}

ATF_TC_WITHOUT_HEAD(split_too_many_words);
ATF_TC_BODY(split_too_many_words, tc)
{
	char		 in[2 * (WORDS_MAX + 1)], buf[sizeof(in) + 1];
	struct words	 w;
	size_t		 len;

	len = letters(in, WORDS_MAX);
	ATF_REQUIRE(words_split(in, len, buf, len + 1, &w) == NULL);
	ATF_CHECK_EQ(w.n, WORDS_MAX);
	ATF_CHECK(w.w[WORDS_MAX] == NULL);
	ATF_CHECK_STREQ(w.w[WORDS_MAX - 1], "x");

	len = letters(in, WORDS_MAX + 1);
	ATF_CHECK_STREQ(words_split(in, len, buf, len + 1, &w),
	    "too many words");
}

/* len + 1 bytes always suffice; len do not. */
ATF_TC_WITHOUT_HEAD(split_buffer_size);
ATF_TC_BODY(split_buffer_size, tc)
{
	static const char *const ins[] = {
		"abcdef", "a b c", "\"\"", "\"a\"\"b\"", "x \"\"",
	};
	struct words	 w;
	char		 buf[16];
	size_t		 i, len;

	for (i = 0; i < nitems(ins); i++) {
		len = strlen(ins[i]);
		memset(buf, 'Z', sizeof(buf));
		ATF_CHECK_MSG(words_split(ins[i], len, buf, len + 1, &w) ==
		    NULL, "%s", ins[i]);
		ATF_CHECK_EQ_MSG(buf[len + 1], 'Z', "%s: wrote past", ins[i]);
		ATF_CHECK_MSG(words_split(ins[i], len, buf, len, &w) != NULL,
		    "%s", ins[i]);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, split_table);
	ATF_TP_ADD_TC(tp, split_too_many_words);
	ATF_TP_ADD_TC(tp, split_buffer_size);
	return atf_no_error();
}
