#include <atf-c.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/util.h"
#include "sockd/parse.h"

#define S(s)		s, sizeof(s) - 1

/*
 * want: the commands as [arg][arg]... joined by "/", after <UID[:GID]>
 * if the line names a target, or for REQ_ERROR the reason.  Most lines
 * are what the original Go client (encoding/csv, space separated) wrote.
 */
static const struct {
	const char	*in;
	size_t		 len;
	int		 eof;
	enum req_status	 st;
	const char	*want;
} cases[] = {
	{ S("-r sleep 20\n"), 0, REQ_DONE, "[sleep][20]" },
	{ S("-r echo \"a b\" \"say \"\"hi\"\"\"\n"), 0, REQ_DONE,
	    "[echo][a b][say \"hi\"]" },
	{ S("-r echo \"a\nb\"\n"), 0, REQ_DONE, "[echo][a\nb]" },
	{ S("-r echo \"\nb\"\n"), 0, REQ_DONE, "[echo][\nb]" },
	{ S("-r echo \"a\r\nb\"\n"), 0, REQ_DONE, "[echo][a\r\nb]" },
	{ S("-r echo \\-r\n"), 0, REQ_DONE, "[echo][-r]" },
	{ S("-r echo \"\\-r\" \\-rx -rx\n"), 0, REQ_DONE,
	    "[echo][-r][\\-rx][-rx]" },
	{ S("-r echo x\r\n"), 0, REQ_DONE, "[echo][x]" },
	{ S("-r echo \"x\r\"\r\n"), 0, REQ_DONE, "[echo][x\r]" },
	{ S("-r a -r b c -r d\n"), 0, REQ_DONE, "[a]/[b][c]/[d]" },
	{ S("-r a\n-r b\n"), 0, REQ_DONE, "[a]" },
	{ S("-r a\n\0\x01\"junk"), 0, REQ_DONE, "[a]" },
	{ S("-r a"), 1, REQ_DONE, "[a]" },
	{ S("-r \"a b\""), 1, REQ_DONE, "[a b]" },
	{ S("-r echo  x\n"), 0, REQ_DONE, "[echo][x]" },
	{ S(" \t-r\techo \t x \t\n"), 0, REQ_DONE, "[echo][x]" },
	{ S("-r echo \"\\.\" \" lead\"\n"), 0, REQ_DONE,
	    "[echo][\\.][ lead]" },
	{ S("-r echo $HOME ${X} \\$\n"), 0, REQ_DONE,
	    "[echo][$HOME][${X}][\\$]" },
	{ S("-r \"-r\" x\n"), 0, REQ_ERROR, "empty command" },
	{ S("-r \"\x01\x7f\t\"\n"), 0, REQ_DONE, "[\x01\x7f\t]" },
	{ S("-r a"), 0, REQ_MORE, NULL },
	{ S(""), 0, REQ_MORE, NULL },
	{ S("-r a\r"), 0, REQ_MORE, NULL },
	{ S("-r \"abc\n"), 0, REQ_MORE, NULL },
	{ S("-r \"a\"\""), 0, REQ_MORE, NULL },
	{ S(""), 1, REQ_ERROR, "no -r" },
	{ S("\n"), 0, REQ_ERROR, "no -r" },
	{ S("sleep 20\n"), 0, REQ_ERROR, "no -r" },
	{ S("\\-r a\n"), 0, REQ_ERROR, "no -r" },
	{ S("-R a\n"), 0, REQ_ERROR, "no -r" },
	{ S("-r\n"), 0, REQ_ERROR, "empty command" },
	{ S("-r -r x\n"), 0, REQ_ERROR, "empty command" },
	{ S("-r x -r\n"), 0, REQ_ERROR, "empty command" },
	{ S("-r \"\"\n"), 0, REQ_ERROR, "empty argument" },
	{ S("-r a \"\" b\n"), 0, REQ_ERROR, "empty argument" },
	{ S("-r a\0\n"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\0"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("\0"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\x01"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\x7f"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\x1b[2J\n"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\rb\n"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\r\r\n"), 0, REQ_ERROR, "control byte outside quotes" },
	{ S("-r a\r"), 1, REQ_ERROR, "control byte outside quotes" },
	{ S("-r \"a\0\"\n"), 0, REQ_ERROR, "NUL inside quotes" },
	{ S("-r \"a\0"), 0, REQ_ERROR, "NUL inside quotes" },
	{ S("-r a\"b\n"), 0, REQ_ERROR, "stray quote" },
	{ S("-r a\"b c\n\"\n"), 0, REQ_ERROR, "stray quote" },
	{ S("-r a\""), 0, REQ_ERROR, "stray quote" },
	{ S("-r \"a\"b\n"), 0, REQ_ERROR, "stray quote" },
	{ S("-r \"abc\n"), 1, REQ_ERROR, "unbalanced quote" },
	{ S("-r \"a\"\"\n"), 1, REQ_ERROR, "unbalanced quote" },
	{ S("-u 101 -r id\n"), 0, REQ_DONE, "<101>[id]" },
	{ S("-u 101:33 -r a -r b c\n"), 0, REQ_DONE, "<101:33>[a]/[b][c]" },
	{ S("-u 0 -r id\n"), 0, REQ_DONE, "<0>[id]" },
	{ S("-u 0:0 -r id\n"), 0, REQ_DONE, "<0:0>[id]" },
	{ S("-u 4294967294:4294967294 -r id\n"), 0, REQ_DONE,
	    "<4294967294:4294967294>[id]" },
	{ S("\"-u\" 5 -r id\n"), 0, REQ_DONE, "<5>[id]" },
	{ S("-u 5 -r id"), 1, REQ_DONE, "<5>[id]" },
	{ S("\t-u\t5\t-r\tid\r\n"), 0, REQ_DONE, "<5>[id]" },
	{ S("-r id -u 5\n"), 0, REQ_DONE, "[id][-u][5]" },
	{ S("-r id -r -u 5\n"), 0, REQ_DONE, "[id]/[-u][5]" },
	{ S("-u 5 -r id"), 0, REQ_MORE, NULL },
	{ S("-u 4294967295 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u 1:4294967295 -r id\n"), 0, REQ_ERROR,
	    "bad -u: want UID[:GID]" },
	{ S("-u 4294967296 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u 10000000000 -r id\n"), 0, REQ_ERROR,
	    "bad -u: want UID[:GID]" },
	{ S("-u 01 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u 1:00 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u +1 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u -1 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u \" 1\" -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u 1: -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u :1 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u 1:2:3 -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u nginx -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u -r id\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u\n"), 0, REQ_ERROR, "bad -u: want UID[:GID]" },
	{ S("-u 5\n"), 0, REQ_ERROR, "no -r" },
	{ S("-u 5 -u 6 -r id\n"), 0, REQ_ERROR, "-u said twice" },
	{ S("-wait -u 5 -wait -r id\n"), 0, REQ_ERROR, "-wait said twice" },
	{ S("-time-limit 1s -time-limit 2s -r id\n"), 0, REQ_ERROR,
	    "-time-limit said twice" },
	{ S("-time-limit 0 -r id\n"), 0, REQ_ERROR,
	    "bad -time-limit: want a duration (30s, 500ms)" },
	{ S("-time-limit -r id\n"), 0, REQ_ERROR,
	    "bad -time-limit: want a duration (30s, 500ms)" },
	{ S("-time-limit 1193h -r id\n"), 0, REQ_DONE, "[id]" },
	{ S("-time-limit 1194h -r id\n"), 0, REQ_ERROR,
	    "bad -time-limit: want a duration (30s, 500ms)" },
	{ S("-time-limit 30s -wait -u 5 -r id\n"), 0, REQ_DONE, "<5>+wait[id]" },
	{ S("-u 5 \"\" -r id\n"), 0, REQ_ERROR, "no -r" },
	{ S("-u 5 id\n"), 0, REQ_ERROR, "no -r" },
	{ S("-U 5 -r id\n"), 0, REQ_ERROR, "no -r" },
	{ S("-u 5 -r\n"), 0, REQ_ERROR, "empty command" },
	{ S("-wait -r sh\n"), 0, REQ_DONE, "+wait[sh]" },
	{ S("-wait -t -r sh -i\n"), 0, REQ_DONE, "+wait+t[sh][-i]" },
	{ S("-u 5 -wait -t -r sh\n"), 0, REQ_DONE, "<5>+wait+t[sh]" },
	{ S("-wait -r -t\n"), 0, REQ_DONE, "+wait[-t]" },
	{ S("-t -r sh\n"), 0, REQ_ERROR, "-t is for -wait" },
	{ S("-t -wait -r sh\n"), 0, REQ_DONE, "+wait+t[sh]" },
	{ S("-wait -t -t -r sh\n"), 0, REQ_ERROR, "-t said twice" },
	{ S("-wait -t -r a -r b\n"), 0, REQ_ERROR,
	    "-wait takes one command" },
	/* -reason TEXT, after -u and -wait, before the commands. */
	{ S("-reason \"ticket 42\" -r id\n"), 0, REQ_DONE, "{ticket 42}[id]" },
	{ S("-u 5 -reason \\-r -r id\n"), 0, REQ_DONE, "<5>{-r}[id]" },
	{ S("-reason -r id\n"), 0, REQ_ERROR, "no -r" },
	{ S("-reason \"\" -r id\n"), 0, REQ_ERROR,
	    "bad -reason: want 1 to 200 bytes" },
	{ S("-reason\n"), 0, REQ_ERROR, "bad -reason: want 1 to 200 bytes" },
	{ S("-r id -reason x\n"), 0, REQ_DONE, "[id][-reason][x]" },
};

static const char *
visible(const char *s, size_t len)
{
	static char	 buf[4 * 80 + 1];

	strvisx(buf, s, len < 80 ? len : 80, VIS_CSTYLE | VIS_DQ);
	return buf;
}

/* The commands as [arg][arg]/[arg]; NULL if a vector is not closed. */
static const char *
render(const struct request *r)
{
	static char	 out[2048];
	size_t		 n = 0;
	int		 i, k;

	out[0] = '\0';
	if (r->as.flags & SPAWN_AS_GID)
		n += snprintf(out, sizeof(out), "<%u:%u>", r->as.uid,
		    r->as.gid);
	else if (r->as.flags & SPAWN_AS)
		n += snprintf(out, sizeof(out), "<%u>", r->as.uid);
	if (r->as.flags & SPAWN_WAIT)
		n += snprintf(out + n, sizeof(out) - n, "+wait");
	if (r->as.flags & SPAWN_TTY)
		n += snprintf(out + n, sizeof(out) - n, "+t");
	if (r->reason != NULL)
		n += snprintf(out + n, sizeof(out) - n, "{%s}", r->reason);
	for (i = 0; i < r->ncmd; i++) {
		if (r->cmd[i][r->argc[i]] != NULL)
			return NULL;
		for (k = 0; k < r->argc[i]; k++)
			n += snprintf(out + n, sizeof(out) - n, "[%s]",
			    r->cmd[i][k]);
		if (i + 1 < r->ncmd)
			n += snprintf(out + n, sizeof(out) - n, "/");
	}
	return out;
}

static void
check(const char *in, size_t len, int eof, enum req_status st,
    const char *want)
{
	static struct request	 r;
	const char		*why, *got;
	enum req_status		 s;

	s = request_parse(&r, in, len, eof);
	why = r.why;
	ATF_CHECK_EQ_MSG(s, st, "\"%s\"%s: status %d, want %d (%s)",
	    visible(in, len), eof ? " eof" : "", s, st, why ? why : "");
	if (s != st)
		return;
	if (st == REQ_ERROR)
		ATF_CHECK_MSG(strcmp(why, want) == 0 && r.ncmd == 0,
		    "\"%s\": \"%s\", want \"%s\"", visible(in, len), why,
		    want);
	if (st != REQ_DONE)
		return;
	got = render(&r);
	ATF_CHECK_MSG(got != NULL && strcmp(got, want) == 0,
	    "\"%s\": %s, want %s", visible(in, len), got ? got : "(open)",
	    want);
}

ATF_TC_WITHOUT_HEAD(parse_table);
ATF_TC_BODY(parse_table, tc)
{
	size_t	 i;

	for (i = 0; i < nitems(cases); i++)
		check(cases[i].in, cases[i].len, cases[i].eof, cases[i].st,
		    cases[i].want);
}

/* Every prefix of a good line wants more; the whole line is done. */
ATF_TC_WITHOUT_HEAD(parse_prefixes);
ATF_TC_BODY(parse_prefixes, tc)
{
	static const char	 line[] = "-r echo \"a b\" \"x\"\"\ny\" z\r\n";
	size_t			 n;

	for (n = 0; n < sizeof(line) - 1; n++)
		check(line, n, 0, REQ_MORE, NULL);
	check(line, n, 0, REQ_DONE, "[echo][a b][x\"\ny][z]");
	check(line, n, 1, REQ_DONE, "[echo][a b][x\"\ny][z]");
}

/* "-r " then n - 3 bytes of one word, a newline at n - 1 if asked. */
static size_t
long_line(char *buf, size_t n, int newline)
{
	memset(buf, 'x', n);
	memcpy(buf, "-r ", 3);
	if (newline)
		buf[n - 1] = '\n';
	return n;
}

ATF_TC_WITHOUT_HEAD(parse_line_length);
ATF_TC_BODY(parse_line_length, tc)
{
	char	 buf[2 * REQ_LINE_MAX];
	char	 w[REQ_LINE_MAX];

	memset(w, 'x', sizeof(w));
	w[0] = '[';
	w[REQ_LINE_MAX - 3] = ']';
	w[REQ_LINE_MAX - 2] = '\0';
	check(buf, long_line(buf, REQ_LINE_MAX, 1), 0, REQ_DONE, w);
	check(buf, long_line(buf, REQ_LINE_MAX + 1, 1), 0, REQ_ERROR,
	    "line too long");
	check(buf, long_line(buf, REQ_LINE_MAX - 1, 0), 1, REQ_DONE, w);
	check(buf, long_line(buf, REQ_LINE_MAX - 1, 0), 0, REQ_MORE, NULL);
	check(buf, long_line(buf, REQ_LINE_MAX, 0), 0, REQ_ERROR,
	    "line too long");
	check(buf, long_line(buf, REQ_LINE_MAX, 0), 1, REQ_ERROR,
	    "line too long");
	check(buf, long_line(buf, sizeof(buf), 0), 1, REQ_ERROR,
	    "line too long");
	long_line(buf, REQ_LINE_MAX, 1);
	memcpy(buf + REQ_LINE_MAX - 2, "\r\n", 2);
	w[REQ_LINE_MAX - 4] = ']';
	w[REQ_LINE_MAX - 3] = '\0';
	check(buf, REQ_LINE_MAX, 0, REQ_DONE, w);
	/* What follows the newline does not count. */
	long_line(buf, sizeof(buf), 0);
	buf[10] = '\n';
	check(buf, sizeof(buf), 0, REQ_DONE, "[xxxxxxx]");
}

/* n commands of argc words each: "-r a b c -r a b c ...\n". */
static size_t
commands(char *buf, size_t size, int n, int argc)
{
	size_t	 len = 0;
	int	 i, k;

	for (i = 0; i < n; i++) {
		len += snprintf(buf + len, size - len, "-r");
		for (k = 0; k < argc; k++)
			len += snprintf(buf + len, size - len, " %c",
			    'a' + k % 26);
		len += snprintf(buf + len, size - len, i + 1 < n ? " " : "\n");
	}
	return len;
}

ATF_TC_WITHOUT_HEAD(parse_limits);
ATF_TC_BODY(parse_limits, tc)
{
	static const struct {
		int		 ncmd;
		int		 argc;
		const char	*err;
	} lim[] = {
		{ 1, PROTO_ARGC_MAX, NULL },
		{ 1, PROTO_ARGC_MAX + 1, "too many arguments" },
		{ REQ_CMD_MAX, 1, NULL },
		{ REQ_CMD_MAX + 1, 1, "too many commands" },
		{ 2, WORDS_MAX / 2 - 1, NULL },
		{ 3, WORDS_MAX / 3, "too many words" },
	};
	static struct request	 r;
	char			 buf[REQ_LINE_MAX];
	const char		*why;
	enum req_status		 s;
	size_t			 i, len;

	for (i = 0; i < nitems(lim); i++) {
		len = commands(buf, sizeof(buf), lim[i].ncmd,
		    lim[i].argc);
		s = request_parse(&r, buf, len, 0);
		why = r.why;
		if (lim[i].err != NULL) {
			ATF_CHECK_EQ_MSG(s, REQ_ERROR, "case %zu", i);
			ATF_CHECK_STREQ_MSG(why, lim[i].err, "case %zu", i);
			continue;
		}
		ATF_CHECK_EQ_MSG(s, REQ_DONE, "case %zu: %s", i, why);
		ATF_CHECK_EQ_MSG(r.ncmd, lim[i].ncmd, "case %zu", i);
		ATF_CHECK_EQ_MSG(r.argc[r.ncmd - 1], lim[i].argc,
		    "case %zu", i);
		ATF_CHECK_MSG(render(&r) != NULL, "case %zu: open vector", i);
	}
}

/* A request struct is reused: nothing of a refused one is left. */
ATF_TC_WITHOUT_HEAD(parse_reuse);
ATF_TC_BODY(parse_reuse, tc)
{
	static struct request	 r;

	ATF_REQUIRE_EQ(request_parse(&r, S("-r a -r b\n"), 0),
	    REQ_DONE);
	ATF_CHECK_EQ(r.ncmd, 2);
	ATF_CHECK_EQ(request_parse(&r, S("-r a -r\n"), 0), REQ_ERROR);
	ATF_CHECK_EQ(r.ncmd, 0);
	ATF_REQUIRE_EQ(request_parse(&r, S("-u 5:6 -r a\n"), 0),
	    REQ_DONE);
	ATF_CHECK_STREQ(render(&r), "<5:6>[a]");
	ATF_CHECK_EQ(request_parse(&r, S("-u 5:6 -r\n"), 0), REQ_ERROR);
	ATF_CHECK_EQ(r.as.flags, 0);
	ATF_CHECK_EQ(r.as.uid, 0);
	ATF_CHECK_EQ(request_parse(&r, S("-r a"), 0), REQ_MORE);
	ATF_CHECK_EQ(r.ncmd, 0);
	ATF_REQUIRE_EQ(request_parse(&r, S("-r c\n"), 0), REQ_DONE);
	ATF_CHECK_STREQ(render(&r), "[c]");
}

/* How much of the bytes the line took: what follows is the client's. */
ATF_TC_WITHOUT_HEAD(parse_used);
ATF_TC_BODY(parse_used, tc)
{
	static struct request	 r;

	ATF_REQUIRE_EQ(request_parse(&r, S("-r a\nsignal INT\n"), 0),
	    REQ_DONE);
	ATF_CHECK_EQ(r.used, 5);
	ATF_REQUIRE_EQ(request_parse(&r, S("-r a\r\nsignal INT\n"), 0),
	    REQ_DONE);
	ATF_CHECK_EQ(r.used, 6);
	/* A quoted newline is the line's own. */
	ATF_REQUIRE_EQ(request_parse(&r, S("-r \"a\nb\"\nx"), 0),
	    REQ_DONE);
	ATF_CHECK_EQ(r.used, 9);
	ATF_REQUIRE_EQ(request_parse(&r, S("-r a"), 1), REQ_DONE);
	ATF_CHECK_EQ(r.used, 4);
}

/* The control lines: what each asks, and what is refused. */
ATF_TC_WITHOUT_HEAD(parse_control);
ATF_TC_BODY(parse_control, tc)
{
	static const struct {
		const char	*in;
		size_t		 len;
		enum req_status	 st;
		enum req_verb	 verb;
		int		 json, pid, sig;
		uint64_t	 target;
		const char	*why;
	} c[] = {
		{ S("-status\n"), REQ_DONE, VERB_STATUS, 0, 0, 0, 0, NULL },
		{ S("-status -json\r\n"), REQ_DONE, VERB_STATUS, 1, 0, 0, 0,
		    NULL },
		{ S("-signal 3 TERM\n"), REQ_DONE, VERB_SIGNAL, 0, 0, SIGTERM,
		    3, NULL },
		{ S("-signal 3 sigstop\n"), REQ_DONE, VERB_SIGNAL, 0, 0,
		    SIGSTOP, 3, NULL },
		{ S("-signal 9007199254740991 1\n"), REQ_DONE, VERB_SIGNAL, 0,
		    0, SIGHUP, REQ_ID_MAX, NULL },
		{ S("-signal pid:2147483647 HUP\n"), REQ_DONE, VERB_SIGNAL, 0,
		    1, SIGHUP, INT32_MAX, NULL },
		{ S("-kill 12\n"), REQ_DONE, VERB_KILL, 0, 0, 0, 12, NULL },
		{ S("-status -json x\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    "want -status [-json]" },
		{ S("-status -r a\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    "want -status [-json]" },
		{ S("-signal 3\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    "want -signal ID SIG" },
		{ S("-signal 3 KILL\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    REQ_BAD_SIGNAL },
		{ S("-signal 3 9\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    REQ_BAD_SIGNAL },
		{ S("-signal 3 SEGV\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    REQ_BAD_SIGNAL },
		{ S("-signal 03 TERM\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    REQ_BAD_ID },
		{ S("-signal 0 TERM\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    REQ_BAD_ID },
		{ S("-signal 9007199254740992 TERM\n"), REQ_ERROR, 0, 0, 0, 0,
		    0, REQ_BAD_ID },
		{ S("-signal pid:2147483648 TERM\n"), REQ_ERROR, 0, 0, 0, 0,
		    0, REQ_BAD_ID },
		{ S("-signal -3 TERM\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    REQ_BAD_ID },
		{ S("-kill pid:3\n"), REQ_ERROR, 0, 0, 0, 0, 0, REQ_BAD_ID },
		{ S("-kill\n"), REQ_ERROR, 0, 0, 0, 0, 0, "want -kill ID" },
		{ S("-kill 1 2\n"), REQ_ERROR, 0, 0, 0, 0, 0,
		    "want -kill ID" },
		/* Only the first word makes a verb. */
		{ S("-u 0 -status\n"), REQ_ERROR, 0, 0, 0, 0, 0, "no -r" },
		{ S("-r -status\n"), REQ_DONE, VERB_SPAWN, 0, 0, 0, 0, NULL },
	};
	static struct request	 r;
	size_t			 i;

	for (i = 0; i < nitems(c); i++) {
		ATF_CHECK_EQ_MSG(request_parse(&r, c[i].in, c[i].len, 0),
		    c[i].st, "%s", c[i].in);
		ATF_CHECK_EQ_MSG(r.ctl.verb, c[i].verb, "%s", c[i].in);
		ATF_CHECK_EQ_MSG(r.ctl.json, c[i].json, "%s", c[i].in);
		ATF_CHECK_EQ_MSG(r.ctl.pid, c[i].pid, "%s", c[i].in);
		ATF_CHECK_EQ_MSG(r.ctl.sig, c[i].sig, "%s", c[i].in);
		ATF_CHECK_MSG(r.ctl.target == c[i].target, "%s", c[i].in);
		if (c[i].why != NULL)
			ATF_CHECK_STREQ_MSG(r.why, c[i].why, "%s", c[i].in);
	}
}

/* The client's encoder writes what the parser reads back the same. */
ATF_TC_WITHOUT_HEAD(control_encode);
ATF_TC_BODY(control_encode, tc)
{
	static const struct control_req c[] = {
		{ VERB_STATUS, 0, 0, 0, 0 },
		{ VERB_STATUS, 1, 0, 0, 0 },
		{ VERB_SIGNAL, 0, 0, 5, SIGUSR1 },
		{ VERB_SIGNAL, 0, 1, INT32_MAX, SIGALRM },
		{ VERB_KILL, 0, 0, REQ_ID_MAX, 0 },
	};
	static struct request	 r;
	struct control_req	 bad = { VERB_KILL, 0, 1, 3, 0 };
	char			 line[REQ_LINE_MAX];
	size_t			 i, n;

	for (i = 0; i < nitems(c); i++) {
		ATF_REQUIRE(request_control(line, sizeof(line), &c[i], &n) ==
		    NULL);
		ATF_REQUIRE_EQ(request_parse(&r, line, n, 0), REQ_DONE);
		ATF_CHECK(memcmp(&r.ctl, &c[i], sizeof(c[i])) == 0);
	}
	ATF_CHECK_STREQ(request_control(line, sizeof(line), &bad, &n),
	    REQ_BAD_ID);
	bad.pid = 0;
	bad.verb = VERB_SIGNAL;
	bad.sig = SIGKILL;
	ATF_CHECK_STREQ(request_control(line, sizeof(line), &bad, &n),
	    REQ_BAD_SIGNAL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, parse_control);
	ATF_TP_ADD_TC(tp, control_encode);
	ATF_TP_ADD_TC(tp, parse_table);
	ATF_TP_ADD_TC(tp, parse_prefixes);
	ATF_TP_ADD_TC(tp, parse_line_length);
	ATF_TP_ADD_TC(tp, parse_limits);
	ATF_TP_ADD_TC(tp, parse_reuse);
	ATF_TP_ADD_TC(tp, parse_used);
	return atf_no_error();
}
