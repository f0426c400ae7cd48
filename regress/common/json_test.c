#include <atf-c.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"
#include "regress/common/json_valid.h"

#define FFFD	"\xef\xbf\xbd"

static const struct {
	const char	*in;
	size_t		 len;
	const char	*out;
} cases[] = {
#define C(in, out)	{ in, sizeof(in) - 1, out }
	C("plain words", "plain words"),
	C("", ""),
	C("a\"b", "a\\\"b"),
	C("a\\b", "a\\\\b"),
	C("\\\"", "\\\\\\\""),
	C("/", "/"),
	C("\n\r\t", "\\n\\r\\t"),
	C("\x01\x08\x0c\x1b\x1f", "\\u0001\\u0008\\u000c\\u001b\\u001f"),
	C("a\0b", "a\\u0000b"),
	C("\x7f", "\\u007f"),
	C("\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9"),		/* été */
	C("\xc2\x80\xc2\x9b\xc2\x9f", "\\u0080\\u009b\\u009f"),	/* C1 */
	C("\xc2\xa0", "\xc2\xa0"),
	C("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029"),
	C("\xe2\x82\xac", "\xe2\x82\xac"),			/* euro */
	C("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"),		/* U+1F600 */
	C("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"),		/* U+10FFFF */
	C("\xff", FFFD),
	C("\xfe\xff", FFFD FFFD),
	C("\x80", FFFD),					/* lone tail */
	C("a\xc3", "a" FFFD),					/* cut short */
	C("\xc3(", FFFD "("),
	C("\xc3\xc3\xa9", FFFD "\xc3\xa9"),
	C("\xc0\xaf", FFFD FFFD),				/* overlong / */
	C("\xc1\xbf", FFFD FFFD),
	C("\xe0\x80\xaf", FFFD FFFD FFFD),
	C("\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD),
	C("\xed\xa0\x80", FFFD FFFD FFFD),			/* surrogate */
	C("\xed\x9f\xbf", "\xed\x9f\xbf"),			/* U+D7FF */
	C("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD),		/* > U+10FFFF */
	C("\xf5\x80\x80\x80", FFFD FFFD FFFD FFFD),
	C("\xe2\x82", FFFD FFFD),
#undef C
};

ATF_TC_WITHOUT_HEAD(escape_table);
ATF_TC_BODY(escape_table, tc)
{
	char	 out[256];
	size_t	 i, n;

	for (i = 0; i < nitems(cases); i++) {
		n = json_escape(out, sizeof(out), cases[i].in, cases[i].len);
		ATF_CHECK_MSG(n == strlen(cases[i].out) &&
		    strcmp(out, cases[i].out) == 0,
		    "case %zu: got \"%s\", want \"%s\"", i, out, cases[i].out);
	}
}

/* Every escape decodes back to its character; U+FFFD stands for bytes. */
ATF_TC_WITHOUT_HEAD(escape_decodes);
ATF_TC_BODY(escape_decodes, tc)
{
	unsigned char	 back[1024];
	char		 out[256];
	size_t		 i, n, blen;
	long		 k;

	for (i = 0; i < nitems(cases); i++) {
		n = json_escape(out, sizeof(out), cases[i].in, cases[i].len);
		k = jv_string(out, n, back, &blen);
		ATF_CHECK_MSG(k == (long)n, "case %zu: \"%s\" is not valid "
		    "string content", i, out);
		if (strstr(cases[i].out, FFFD) == NULL)
			ATF_CHECK_MSG(blen == cases[i].len &&
			    memcmp(back, cases[i].in, blen) == 0,
			    "case %zu does not decode to its input", i);
	}
}

/* All sorts at once: quotes, escapes, controls, UTF-8 good and bad. */
static char	 hostile[] = "say \"hi\"\\\n\x01\x7f\xc3\xa9\xff"
    "\xc2\x9b[31m\xe2\x80\xa8\xf0\x9f\x98\x80\xed\xa0\x80\xc3";

/*
 * Cut at every size: always valid content, within the size, ending in
 * "..." where that fits, and a prefix of the whole escape.
 */
ATF_TC_WITHOUT_HEAD(escape_cut_everywhere);
ATF_TC_BODY(escape_cut_everywhere, tc)
{
	char	 whole[512], out[512];
	size_t	 size, n, wn, blen;

	wn = json_escape(whole, sizeof(whole), hostile, sizeof(hostile) - 1);
	ATF_REQUIRE(wn < sizeof(whole) - 1);
	for (size = 1; size <= wn + 1; size++) {
		memset(out, 'X', sizeof(out));
		n = json_escape(out, size, hostile, sizeof(hostile) - 1);
		ATF_CHECK_MSG(n < size && out[n] == '\0',
		    "size %zu: length %zu", size, n);
		ATF_CHECK_MSG(jv_string(out, n, NULL, &blen) == (long)n,
		    "size %zu: invalid \"%s\"", size, out);
		if (size == wn + 1) {
			ATF_CHECK_STREQ(out, whole);
			continue;
		}
		if (size >= 4)		/* room for "..." */
			ATF_CHECK_MSG(n >= 3 &&
			    strcmp(out + n - 3, "...") == 0,
			    "size %zu: \"%s\" is not marked", size, out);
		if (n >= 3 && strcmp(out + n - 3, "...") == 0)
			n -= 3;
		ATF_CHECK_MSG(memcmp(out, whole, n) == 0,
		    "size %zu: \"%s\" not a prefix", size, out);
	}
	ATF_CHECK_EQ(json_escape(out, 0, "abc", 3), 0);
	ATF_CHECK_EQ(json_escape(out, 8, "abcdefg", 7), 7);
	ATF_CHECK_STREQ(out, "abcdefg");
	ATF_CHECK_EQ(json_escape(out, 8, "abcdefgh", 8), 7);
	ATF_CHECK_STREQ(out, "abcd...");
	ATF_CHECK_EQ(json_escape(out, 8, "\"\"\"\"", 4), 7);
	ATF_CHECK_STREQ(out, "\\\"\\\"...");
}

ATF_TC_WITHOUT_HEAD(argv_array);
ATF_TC_BODY(argv_array, tc)
{
	char *const	 none[] = { NULL };
	char *const	 argv[] = { "sh", "-c", "echo \"$1\"\\", "\n\xff", NULL };
	char		 out[256];

	ATF_CHECK_EQ(json_argv(out, sizeof(out), none), 2);
	ATF_CHECK_STREQ(out, "[]");
	json_argv(out, sizeof(out), argv);
	ATF_CHECK_STREQ(out,
	    "[\"sh\",\"-c\",\"echo \\\"$1\\\"\\\\\",\"\\n" FFFD "\"]");
}

/* Cut at every size, it is still a whole array, within the size. */
ATF_TC_WITHOUT_HEAD(argv_cut_everywhere);
ATF_TC_BODY(argv_cut_everywhere, tc)
{
	char *const	 argv[] = { "printf", hostile, "", "\"", hostile,
			    "tail", NULL };
	char		 whole[1024], out[1024];
	size_t		 size, n, wn;

	wn = json_argv(whole, sizeof(whole), argv);
	ATF_REQUIRE(jv_array(whole, wn));
	for (size = 0; size <= wn + 1; size++) {
		memset(out, 'X', sizeof(out));
		n = json_argv(out, size, argv);
		if (size < 3) {
			ATF_CHECK_EQ(n, 0);
			continue;
		}
		ATF_CHECK_MSG(n < size && out[n] == '\0',
		    "size %zu: length %zu", size, n);
		ATF_CHECK_MSG(jv_array(out, n), "size %zu: not an array: %s",
		    size, out);
		/* Whatever is left out is said, from 8 bytes on. */
		ATF_CHECK_MSG(size < 8 || strcmp(out, whole) == 0 ||
		    (n > 5 && strcmp(out + n - 5, "...\"]") == 0),
		    "size %zu: a cut not marked: %s", size, out);
	}
	ATF_CHECK_STREQ(out, whole);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, escape_table);
	ATF_TP_ADD_TC(tp, escape_decodes);
	ATF_TP_ADD_TC(tp, escape_cut_everywhere);
	ATF_TP_ADD_TC(tp, argv_array);
	ATF_TP_ADD_TC(tp, argv_cut_everywhere);
	return atf_no_error();
}
