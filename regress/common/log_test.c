#include <atf-c.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/log.h"
#include "common/logtext.h"
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
	/* A byte of 0x80 or more: one octal escape, whatever the libc. */
	{ { "a\x80", "\xff\xfe" }, "[a\\200 \\377\\376]" },
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

/*
 * Every byte before every byte, as vis(3) escapes them in the C locale
 * of glibc, byte by byte, with the flags the log had used.
 */
ATF_TC_WITHOUT_HEAD(escape_is_vis);
ATF_TC_BODY(escape_is_vis, tc)
{
	const int	 flags = VIS_CSTYLE | VIS_TAB | VIS_NL | VIS_OCTAL;
	char		 src[2], out[16], want[16], *e;
	int		 c, next;

	for (c = 0; c < 256; c++)
		for (next = 0; next < 256; next++) {
			src[0] = c;
			src[1] = next;
			e = vis(want, c, flags, next);
			vis(e, next, flags, '\0');
			log_escape(out, sizeof(out), src, 2);
			ATF_CHECK_MSG(strcmp(out, want) == 0,
			    "%#x %#x: got \"%s\", want \"%s\"", c, next,
			    out, want);
		}
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

/* Every type of field, as the text shows it. */
ATF_TC_WITHOUT_HEAD(template_every_type);
ATF_TC_BODY(template_every_type, tc)
{
	char *const	 argv[] = { "x]", "(y", NULL };

	ATF_CHECK_STREQ(log_text("{i} {neg} {null} {skip} {s} {nil} {b} {t} "
	    "{argv} {desc}", LOG_FIELDS(LF_INT("i", 42),
	    LF_INT("neg", -7), LF_INTNULL("null", 5, 0),
	    LF_INTIF("skip", 1, 0), LF_STR("s", "a\nb [c] (d)\\"),
	    LF_STR("nil", NULL), LF_BYTES("b", "x\0y\n", 4),
	    LF_TEXT("t", "uid 0"), LF_ARGV("argv", argv),
	    LF_DESC("desc", "[kept\\n]", "[kept\\n]"))),
	    "42 -7 ? ? a\\nb [c] (d)\\\\ ? x\\0y\\n uid 0 "
	    "[x\\135 \\050y] [kept\\n]");
}

/* An argv in a template is log_argv()'s text, byte for byte. */
ATF_TC_WITHOUT_HEAD(template_argv_as_log_argv);
ATF_TC_BODY(template_argv_as_log_argv, tc)
{
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ATF_CHECK_STREQ_MSG(log_text("{a}",
		    LOG_FIELDS(LF_ARGV("a", cases[i].argv))), cases[i].out,
		    "case %zu", i);
}

/* A key no field has, or no key at all, stays as written. */
ATF_TC_WITHOUT_HEAD(template_missing_field);
ATF_TC_BODY(template_missing_field, tc)
{
	const struct log_field	*f = LOG_FIELDS(LF_INT("x", 1));

	ATF_CHECK_STREQ(log_text("a {nope} b", f), "a {nope} b");
	ATF_CHECK_STREQ(log_text("{} {x}{x} {x", f), "{} 11 {x");
	ATF_CHECK_STREQ(log_text("{{x}} x}", f), "{1} x}");
	ATF_CHECK_STREQ(log_text("", f), "");
}

/* A string longer than a line: cut, marked, where the line ends. */
ATF_TC_WITHOUT_HEAD(template_cut_string);
ATF_TC_BODY(template_cut_string, tc)
{
	static char	 s[3000];
	const char	*out;
	size_t		 n;

	memset(s, '\n', sizeof(s) - 1);
	out = log_text("{s}!", LOG_FIELDS(LF_STR("s", s)));
	n = strlen(out);
	ATF_CHECK_EQ(n, LOG_LINEMAX - 1);
	ATF_CHECK(strcmp(out + n - 3, "...") == 0);
	ATF_CHECK(strncmp(out, "\\n\\n\\n", 6) == 0);
	ATF_CHECK(strchr(out, '\n') == NULL && strchr(out, '!') == NULL);
}

/* A text-only string or an argv is cut as an argv: what follows fits. */
ATF_TC_WITHOUT_HEAD(template_cut_text_keeps_the_rest);
ATF_TC_BODY(template_cut_text_keeps_the_rest, tc)
{
	static char	 s[3000];
	char *const	 argv[] = { s, NULL };
	const char	*out;
	size_t		 n;

	memset(s, 'a', sizeof(s) - 1);
	out = log_text("{t}: end", LOG_FIELDS(LF_TEXT("t", s)));
	n = strlen(out);
	ATF_CHECK_EQ(n, LOG_ARGVMAX - 1 + 5);
	ATF_CHECK_STREQ(out + LOG_ARGVMAX - 4, "...: end");
	out = log_text("{a} (status 0)", LOG_FIELDS(LF_ARGV("a", argv)));
	n = strlen(out);
	ATF_CHECK_EQ(n, LOG_ARGVMAX - 1 + 11);
	ATF_CHECK_STREQ(out + n - 15, "...] (status 0)");
}

/*
 * What log_ev() writes on fd 2 for the event, less the text's stamp
 * "YYYY/MM/DD HH:MM:SS dinit: " or the JSON's "{"time":"...Z",".
 */
static char *
logged(enum log_level lv, const char *event, const char *tmpl,
    const struct log_field *f)
{
	static char	 buf[2 * LOG_LINEMAX];
	char		*p;
	ssize_t		 n;
	int		 pfd[2], saved;

	ATF_REQUIRE(pipe(pfd) == 0);
	ATF_REQUIRE((saved = dup(STDERR_FILENO)) != -1);
	ATF_REQUIRE(dup2(pfd[1], STDERR_FILENO) == STDERR_FILENO);
	log_ev(lv, event, tmpl, f);
	ATF_REQUIRE(dup2(saved, STDERR_FILENO) == STDERR_FILENO);
	close(saved);
	close(pfd[1]);
	n = read(pfd[0], buf, sizeof(buf) - 1);
	close(pfd[0]);
	ATF_REQUIRE(n > 0);
	buf[n] = '\0';
	if (buf[0] == '{') {
		ATF_REQUIRE((p = strstr(buf, "Z\",")) != NULL);
		return p + 3;
	}
	ATF_REQUIRE(n > 27 && strncmp(buf + 19, " dinit: ", 8) == 0);
	return buf + 27;
}

/* The text names what it names; the rest is the JSON's alone. */
ATF_TC_WITHOUT_HEAD(event_text_line);
ATF_TC_BODY(event_text_line, tc)
{
	char *const	 argv[] = { "/bin/echo", "a\nb", NULL };

	ATF_CHECK_STREQ(logged(LL_INFO, "submission",
	    "pid {pid} started: {argv} (submitted by {by})",
	    LOG_FIELDS(LF_STR("outcome", "started"), LF_INT("pid", 12),
	    LF_ARGV("argv", argv), LF_TEXT("by", "uid 0 gid 0 pid ?"),
	    LF_ID(7))),
	    "pid 12 started: [/bin/echo a\\nb] (submitted by uid 0 gid 0 "
	    "pid ?)\n");
}

/* A line longer than LOG_LINEMAX is cut where it ends, unmarked. */
ATF_TC_WITHOUT_HEAD(event_text_line_cut);
ATF_TC_BODY(event_text_line_cut, tc)
{
	static char	 s[1500];
	char		*out;
	size_t		 n;

	memset(s, '\t', sizeof(s) - 1);
	out = logged(LL_INFO, NULL, "path {s}", LOG_FIELDS(LF_STR("s", s)));
	n = strlen(out);
	ATF_CHECK_EQ(n + 27, LOG_LINEMAX - 1);
	ATF_CHECK(strncmp(out, "path \\t\\t", 9) == 0);
	ATF_CHECK_STREQ(out + n - 3, "\\t\n");
}

/* JSON: every field but the text's own; submission_id by LF_ID(). */
ATF_TC_WITHOUT_HEAD(event_json_object);
ATF_TC_BODY(event_json_object, tc)
{
	char *const	 argv[] = { "/bin/echo", "a\nb", NULL };

	log_json(1);
	ATF_CHECK_STREQ(logged(LL_WARN, "submission",
	    "refused {argv} (submitted by {by}): {reason}",
	    LOG_FIELDS(LF_STR("outcome", "refused"),
	    LF_STR("reason", "limit"), LF_INTNULL("peer_pid", 0, 0),
	    LF_INTIF("as_uid", 5, 0), LF_ARGV("argv", argv),
	    LF_TEXT("by", "uid 0"), LF_ID(7))),
	    "\"level\":\"warn\",\"event\":\"submission\","
	    "\"outcome\":\"refused\",\"reason\":\"limit\",\"peer_pid\":null,"
	    "\"argv\":[\"/bin/echo\",\"a\\nb\"],\"submission_id\":7}\n");
	log_json(0);
}

/* A plain message in JSON: the text, escaped for the text, as msg. */
ATF_TC_WITHOUT_HEAD(event_json_message);
ATF_TC_BODY(event_json_message, tc)
{
	log_json(1);
	ATF_CHECK_STREQ(logged(LL_INFO, NULL, "policy: {n} rules from {path}",
	    LOG_FIELDS(LF_INT("n", 2), LF_STR("path", "/a\"\n"))),
	    "\"level\":\"info\",\"event\":\"message\","
	    "\"msg\":\"policy: 2 rules from /a\\\"\\\\n\"}\n");
	log_json(0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, argv_table);
	ATF_TP_ADD_TC(tp, escape_keeps_brackets);
	ATF_TP_ADD_TC(tp, escape_is_vis);
	ATF_TP_ADD_TC(tp, argv_every_byte);
	ATF_TP_ADD_TC(tp, argv_cut_everywhere);
	ATF_TP_ADD_TC(tp, template_every_type);
	ATF_TP_ADD_TC(tp, template_argv_as_log_argv);
	ATF_TP_ADD_TC(tp, template_missing_field);
	ATF_TP_ADD_TC(tp, template_cut_string);
	ATF_TP_ADD_TC(tp, template_cut_text_keeps_the_rest);
	ATF_TP_ADD_TC(tp, event_text_line);
	ATF_TP_ADD_TC(tp, event_text_line_cut);
	ATF_TP_ADD_TC(tp, event_json_object);
	ATF_TP_ADD_TC(tp, event_json_message);
	return atf_no_error();
}
