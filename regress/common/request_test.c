/*
 * The request encoder: the exact line for each argv, its limits, and
 * that sockd's parser reads every line back as the argv it came from.
 */
#include <sys/types.h>

#include <atf-c.h>
#include <string.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/proto.h"
#include "common/request.h"
#include "common/util.h"
#include "sockd/parse.h"

#define NCMD		3
#define NARG		6

/* Commands, each NULL-terminated, and the line they make. */
static struct {
	int		 ncmd;
	char		*cmd[NCMD][NARG];
	const char	*line;
} table[] = {
	{ 1, { { "sleep", "20" } }, "-r sleep 20\n" },
	{ 1, { { "true" } }, "-r true\n" },
	{ 1, { { "echo", "a b" } }, "-r echo \"a b\"\n" },
	{ 1, { { "echo", "a\tb" } }, "-r echo \"a\tb\"\n" },
	{ 1, { { "echo", " lead", "trail " } },
	    "-r echo \" lead\" \"trail \"\n" },
	{ 1, { { "echo", "say \"hi\"" } }, "-r echo \"say \"\"hi\"\"\"\n" },
	{ 1, { { "echo", "\"" } }, "-r echo \"\"\"\"\n" },
	{ 1, { { "echo", "a\"b" } }, "-r echo \"a\"\"b\"\n" },
	{ 1, { { "echo", "a\nb" } }, "-r echo \"a\nb\"\n" },
	{ 1, { { "echo", "a\r\nb" } }, "-r echo \"a\r\nb\"\n" },
	{ 1, { { "echo", "x\r" } }, "-r echo \"x\r\"\n" },
	{ 1, { { "echo", "\x01\x1f\x7f" } }, "-r echo \"\x01\x1f\x7f\"\n" },
	{ 1, { { "printf", "\x1b[2J" } }, "-r printf \"\x1b[2J\"\n" },
	{ 1, { { "echo", "-r" } }, "-r echo \\-r\n" },
	{ 1, { { "-r", "-r" } }, "-r \\-r \\-r\n" },
	{ 1, { { "echo", "-rx", "x-r", "--r" } }, "-r echo -rx x-r --r\n" },
	{ 1, { { "echo", "$HOME", "${X}", "\\$", "\\." } },
	    "-r echo $HOME ${X} \\$ \\.\n" },
	{ 1, { { "echo", "caf\xc3\xa9", "\xff" } },
	    "-r echo caf\xc3\xa9 \xff\n" },
	{ 2, { { "a", "b" }, { "c" } }, "-r a b -r c\n" },
	{ 3, { { "a" }, { "b", "-r", "c" }, { "d", "e f" } },
	    "-r a -r b \\-r c -r d \"e f\"\n" },
};

/* A target and a command, and the line they make. */
static const struct {
	struct spawn_as	 as;
	char		*cmd[NARG];
	const char	*line;
} targets[] = {
	{ { SPAWN_AS, 0, 0, 0 }, { "id" }, "-u 0 -r id\n" },
	{ { SPAWN_AS | SPAWN_AS_GID, 101, 33, 0 }, { "nginx", "-s", "reload" },
	    "-u 101:33 -r nginx -s reload\n" },
	{ { SPAWN_AS, PROTO_ID_MAX, 0, 0 }, { "a", "-u", "5" },
	    "-u 4294967294 -r a -u 5\n" },
	{ { SPAWN_AS | SPAWN_AS_GID, 0, PROTO_ID_MAX, 0 }, { "id" },
	    "-u 0:4294967294 -r id\n" },
	/* Without their flags, the numbers are not sent. */
	{ { 0, 7, 7, 0 }, { "id" }, "-r id\n" },
	{ { SPAWN_AS, 7, 7, 0 }, { "id" }, "-u 7 -r id\n" },
	/* A time limit in milliseconds, after the other options. */
	{ { SPAWN_WAIT, 0, 0, 1500 }, { "id" },
	    "-wait -time-limit 1500ms -r id\n" },
	{ { SPAWN_AS, 7, 0, UINT32_MAX }, { "id" },
	    "-u 7 -time-limit 4294967295ms -r id\n" },
	{ { SPAWN_WAIT, 0, 0, 0 }, { "sh" }, "-wait -r sh\n" },
	{ { SPAWN_WAIT | SPAWN_TTY, 0, 0, 0 }, { "sh", "-i" },
	    "-wait -t -r sh -i\n" },
	{ { SPAWN_AS | SPAWN_WAIT | SPAWN_TTY, 1000, 0, 0 }, { "sh" },
	    "-u 1000 -wait -t -r sh\n" },
	{ { SPAWN_WAIT | SPAWN_TTY, 0, 0, 2000 }, { "sh" },
	    "-wait -t -time-limit 2000ms -r sh\n" },
};

static const char *
visible(const char *s, size_t len)
{
	static char	 buf[4 * 128 + 1];

	strvisx(buf, s, len < 128 ? len : 128, VIS_CSTYLE | VIS_DQ);
	return buf;
}

/* request_encode's length, or -1 with *why: what the cases compare. */
static ssize_t
encode(char *line, size_t size, const struct spawn_as *as,
    char **const cmd[], int ncmd, const char **why)
{
	size_t	 len;

	if ((*why = request_encode(line, size, as, NULL, cmd, ncmd, &len)) !=
	    NULL)
		return -1;
	return len;
}

/* request_encode refused, saying want. */
static void
check_refused(const char *what, ssize_t n, const char *why, const char *want)
{
	ATF_CHECK_MSG(n == -1 && why != NULL && strcmp(why, want) == 0,
	    "%s: got %zd \"%s\", want -1 \"%s\"", what, n,
	    n == -1 && why != NULL ? why : "", want);
}

static void
commands(size_t i, char **cmd[NCMD])
{
	int	 k;

	for (k = 0; k < NCMD; k++)
		cmd[k] = table[i].cmd[k];
}

ATF_TC_WITHOUT_HEAD(encode_table);
ATF_TC_BODY(encode_table, tc)
{
	char		 line[REQ_LINE_MAX];
	char		**cmd[NCMD];
	const char	*why;
	ssize_t		 n;
	size_t		 i, want;

	for (i = 0; i < nitems(table); i++) {
		commands(i, cmd);
		n = encode(line, sizeof(line), NULL, cmd,
		    table[i].ncmd, &why);
		want = strlen(table[i].line);
		ATF_CHECK_MSG(n == (ssize_t)want &&
		    memcmp(line, table[i].line, want) == 0,
		    "row %zu: got %zd \"%s\"", i, n,
		    n == -1 ? why : visible(line, n));
		ATF_CHECK_MSG(n == -1 || why == NULL, "row %zu: errstr set", i);
	}
}

/* sockd's parser gives back exactly the commands encoded. */
ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	static struct request	 r;
	char			 line[REQ_LINE_MAX];
	char			**cmd[NCMD];
	const char		*why;
	enum req_status		 st;
	ssize_t			 n;
	size_t			 i;
	int			 c, k;

	for (i = 0; i < nitems(table); i++) {
		commands(i, cmd);
		n = encode(line, sizeof(line), NULL, cmd,
		    table[i].ncmd, &why);
		ATF_REQUIRE_MSG(n > 0, "row %zu: %s", i, why);
		st = request_parse(&r, line, n, 0);
		ATF_CHECK_MSG(st == REQ_DONE, "row %zu \"%s\": status %d, %s",
		    i, visible(line, n), st, r.why ? r.why : "");
		if (st != REQ_DONE)
			continue;
		ATF_CHECK_EQ_MSG(r.ncmd, table[i].ncmd, "row %zu", i);
		ATF_CHECK_EQ_MSG(r.as.flags, 0, "row %zu: a target", i);
		for (c = 0; c < r.ncmd && c < table[i].ncmd; c++) {
			for (k = 0; cmd[c][k] != NULL &&
			    r.cmd[c][k] != NULL; k++)
				ATF_CHECK_MSG(strcmp(r.cmd[c][k],
				    cmd[c][k]) == 0, "row %zu: [%d][%d] "
				    "\"%s\", want \"%s\"", i, c, k,
				    r.cmd[c][k], cmd[c][k]);
			ATF_CHECK_MSG(cmd[c][k] == NULL && r.cmd[c][k] == NULL,
			    "row %zu: command %d: %d words, want %d", i, c,
			    r.argc[c], k);
		}
	}
}

/* Each target's line, and sockd's parser gives the target back. */
ATF_TC_WITHOUT_HEAD(target_table);
ATF_TC_BODY(target_table, tc)
{
	static struct request	 r;
	char			 line[REQ_LINE_MAX];
	char			*argv[NARG];
	char			**cmd[] = { argv };
	const char		*why;
	unsigned		 f;
	ssize_t			 n;
	size_t			 i;

	for (i = 0; i < nitems(targets); i++) {
		memcpy(argv, targets[i].cmd, sizeof(argv));
		n = encode(line, sizeof(line), &targets[i].as, cmd, 1,
		    &why);
		ATF_CHECK_MSG(n == (ssize_t)strlen(targets[i].line) &&
		    memcmp(line, targets[i].line, n) == 0, "row %zu: got %zd "
		    "\"%s\"", i, n, n == -1 ? why : visible(line, n));
		if (n == -1)
			continue;
		ATF_REQUIRE_EQ_MSG(request_parse(&r, line, n, 0), REQ_DONE,
		    "row %zu: %s", i, r.why);
		f = targets[i].as.flags;
		ATF_CHECK_MSG(r.as.flags == f &&
		    r.as.uid == (f & SPAWN_AS ? targets[i].as.uid : 0) &&
		    r.as.gid == (f & SPAWN_AS_GID ? targets[i].as.gid : 0) &&
		    r.as.time_ms == targets[i].as.time_ms,
		    "row %zu: parsed as %u %u %u %u", i, r.as.flags, r.as.uid,
		    r.as.gid, r.as.time_ms);
		ATF_CHECK_STREQ_MSG(r.cmd[0][0], argv[0], "row %zu", i);
	}
}

/* A terminal is for an attached command only. */
ATF_TC_WITHOUT_HEAD(tty_needs_wait);
ATF_TC_BODY(tty_needs_wait, tc)
{
	struct spawn_as	 as = { SPAWN_TTY, 0, 0, 0 };
	char		*argv[] = { "sh", NULL };
	char		**cmd[] = { argv };
	char		 line[REQ_LINE_MAX];
	const char	*why;
	ssize_t		 n;

	n = encode(line, sizeof(line), &as, cmd, 1, &why);
	check_refused("-t alone", n, why, "-t is for -wait");
}

ATF_TC_WITHOUT_HEAD(empty_argument);
ATF_TC_BODY(empty_argument, tc)
{
	char		*a[] = { "echo", "", "x", NULL };
	char		*b[] = { "true", NULL };
	char		*name[] = { "", NULL };
	char		**cmd[2];
	char		 line[REQ_LINE_MAX];
	const char	*why;
	ssize_t		 n;

	cmd[0] = a;
	n = encode(line, sizeof(line), NULL, cmd, 1, &why);
	check_refused("an argument", n, why,
	    "empty arguments cannot be submitted");
	cmd[0] = b;
	cmd[1] = name;
	n = encode(line, sizeof(line), NULL, cmd, 2, &why);
	check_refused("a command name", n, why,
	    "empty arguments cannot be submitted");
}

/* The parser reads \-r as -r: the line has no way to say \-r itself. */
ATF_TC_WITHOUT_HEAD(backslash_r_refused);
ATF_TC_BODY(backslash_r_refused, tc)
{
	char		*a[] = { "echo", "\\-r", NULL };
	char		*b[] = { "\\-r", NULL };
	char		**cmd[] = { a, b };
	char		 line[REQ_LINE_MAX];
	const char	*why;
	ssize_t		 n;

	n = encode(line, sizeof(line), NULL, cmd, 1, &why);
	check_refused("an argument", n, why, "\\-r cannot be submitted");
	n = encode(line, sizeof(line), NULL, cmd + 1, 1, &why);
	check_refused("a command name", n, why, "\\-r cannot be submitted");
}

/* "-r " and one word of len bytes, then the newline: len + 4 bytes. */
static void
one_word(char *word, size_t len)
{
	memset(word, 'w', len);
	word[len] = '\0';
}

ATF_TC_WITHOUT_HEAD(line_max);
ATF_TC_BODY(line_max, tc)
{
	static struct request	 r;
	char			 word[REQ_LINE_MAX], line[2 * REQ_LINE_MAX];
	char			*argv[] = { word, NULL }, **cmd[] = { argv };
	const char		*why;
	ssize_t			 n;

	one_word(word, REQ_LINE_MAX - 4);
	n = encode(line, sizeof(line), NULL, cmd, 1, &why);
	ATF_REQUIRE_EQ_MSG(n, REQ_LINE_MAX, "%s", n == -1 ? why : "");
	ATF_CHECK_EQ(line[REQ_LINE_MAX - 1], '\n');
	ATF_CHECK_EQ(request_parse(&r, line, n, 0), REQ_DONE);

	one_word(word, REQ_LINE_MAX - 3);
	n = encode(line, sizeof(line), NULL, cmd, 1, &why);
	check_refused("513 bytes", n, why, "request longer than 512 bytes");

	/* Quotes count too. */
	one_word(word, REQ_LINE_MAX - 6);
	word[0] = ' ';
	n = encode(line, sizeof(line), NULL, cmd, 1, &why);
	ATF_CHECK_EQ_MSG(n, REQ_LINE_MAX, "%s", n == -1 ? why : "");
	one_word(word, REQ_LINE_MAX - 5);
	word[0] = ' ';
	n = encode(line, sizeof(line), NULL, cmd, 1, &why);
	check_refused("513 bytes quoted", n, why,
	    "request longer than 512 bytes");
}

/* The target counts against the line's length; a uid must be one. */
ATF_TC_WITHOUT_HEAD(target_limits);
ATF_TC_BODY(target_limits, tc)
{
	static const struct spawn_as	 as = { SPAWN_AS | SPAWN_AS_GID,
					    PROTO_ID_MAX, PROTO_ID_MAX, 0 };
	static const struct spawn_as	 bad = { SPAWN_AS, PROTO_ID_MAX + 1,
					    0, 0 };
	static struct request		 r;
	char				 word[REQ_LINE_MAX];
	char				 line[2 * REQ_LINE_MAX];
	char				*argv[] = { word, NULL };
	char				**cmd[] = { argv };
	const char			*why;
	ssize_t				 n;

	/* "-u 4294967294:4294967294 " is 25 bytes. */
	one_word(word, REQ_LINE_MAX - 4 - 25);
	n = encode(line, sizeof(line), &as, cmd, 1, &why);
	ATF_REQUIRE_EQ_MSG(n, REQ_LINE_MAX, "%s", n == -1 ? why : "");
	ATF_CHECK_EQ(request_parse(&r, line, n, 0), REQ_DONE);
	ATF_CHECK_EQ(r.as.uid, PROTO_ID_MAX);
	one_word(word, REQ_LINE_MAX - 3 - 25);
	n = encode(line, sizeof(line), &as, cmd, 1, &why);
	check_refused("513 bytes with -u", n, why,
	    "request longer than 512 bytes");
	one_word(word, 2);
	n = encode(line, sizeof(line), &bad, cmd, 1, &why);
	check_refused("uid 4294967295", n, why, "uid or gid out of range");
}

/* A buffer of the line's length will do; one byte less will not. */
ATF_TC_WITHOUT_HEAD(small_buffer);
ATF_TC_BODY(small_buffer, tc)
{
	char		 line[64];
	char		**cmd[NCMD];
	const char	*why;
	size_t		 i, len, size;
	ssize_t		 n, want;

	for (i = 0; i < nitems(table); i++) {
		commands(i, cmd);
		len = strlen(table[i].line);
		ATF_REQUIRE(len < sizeof(line));
		for (size = 0; size <= len; size++) {
			memset(line, 'Z', sizeof(line));
			n = encode(line, size, NULL, cmd,
			    table[i].ncmd, &why);
			want = size < len ? -1 : (ssize_t)len;
			if (n != want || line[size] != 'Z') {
				atf_tc_fail_nonfatal("row %zu, %zu bytes: "
				    "got %zd, want %zd%s", i, size, n, want,
				    line[size] != 'Z' ? ", wrote past" : "");
				break;
			}
		}
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, encode_table);
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, target_table);
	ATF_TP_ADD_TC(tp, tty_needs_wait);
	ATF_TP_ADD_TC(tp, empty_argument);
	ATF_TP_ADD_TC(tp, backslash_r_refused);
	ATF_TP_ADD_TC(tp, line_max);
	ATF_TP_ADD_TC(tp, target_limits);
	ATF_TP_ADD_TC(tp, small_buffer);
	return atf_no_error();
}
