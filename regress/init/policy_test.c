/*
 * The rules parser, on a table of good and bad files (each bad one
 * refused with its line number and why), and the matching, on a table of
 * submissions against one policy.
 */
#include <sys/types.h>

#include <atf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/proto.h"
#include "common/util.h"
#include "init/policy/policy.h"

#define S(s)		s, sizeof(s) - 1

/*
 * want: the rules as "LINE:ACTION [keepenv] [notty] [redact=MASK] [reason]
 * [see|signal] u=WHO|g=WHO [as=UID:GID|as=NAME]
 * [cmd=C [args=[A][B]...]]" joined by " / ", or for a bad file
 * "LINE: why".
 */
static const struct {
	const char	*in;
	size_t		 len;
	const char	*want;
} files[] = {
	{ S(""), "" },
	{ S("# only a comment\n\n   \t\n#\n"), "" },
	{ S("permit 1000\n"), "1:permit u=1000" },
	{ S("permit 1000"), "1:permit u=1000" },
	{ S("deny :2000\n"), "1:deny g=2000" },
	{ S("permit keepenv alice\n"), "1:permit keepenv u=alice" },
	{ S("permit notty alice\n"), "1:permit notty u=alice" },
	{ S("permit keepenv notty 1 as 2\n"),
	    "1:permit keepenv notty u=1 as=2:2" },
	/* Options in any order; redact's positions as a mask of argv. */
	{ S("permit redact 2 reason keepenv 0 cmd a args b c\n"),
	    "1:permit keepenv redact=4 reason u=0 cmd=a args=[b][c]" },
	{ S("permit reason redact 1,3-4,62- 0\n"),
	    "1:permit redact=c00000000000001a reason u=0" },
	{ S("deny redact 1- 0\n"), "1:deny redact=fffffffffffffffe u=0" },
	{ S("permit redact 0 1\n"), "1: want positions 1 to 63 (argv[0] is "
	    "never hidden): N, N-M or N-, comma-separated" },
	{ S("permit redact 64 1\n"), "1: want positions 1 to 63 (argv[0] is "
	    "never hidden): N, N-M or N-, comma-separated" },
	{ S("permit redact 3-2 1\n"), "1: want N-M with M at least N, to 63" },
	{ S("permit redact 2, 1\n"), "1: want positions 1 to 63 (argv[0] is "
	    "never hidden): N, N-M or N-, comma-separated" },
	{ S("permit redact 2x 1\n"), "1: want positions: N, N-M or N-, "
	    "comma-separated" },
	{ S("permit redact\n"), "1: redact needs positions" },
	{ S("permit redact 1 redact 2 0\n"), "1: redact said twice" },
	{ S("permit reason\n"), "1: want a user or :group" },
	{ S("permit see :ops\n"), "1:permit see g=ops" },
	{ S("permit signal :3300 as 1000 cmd sleep\n"),
	    "1:permit signal g=3300 as=1000:1000 cmd=sleep" },
	{ S("deny see 1001 cmd sleep args 98\n"),
	    "1:deny see u=1001 cmd=sleep args=[98]" },
	{ S("deny signal :ops\n"), "1:deny signal g=ops" },
	{ S("permit :wheel\n"), "1:permit g=wheel" },
	{ S("permit 0\n"), "1:permit u=0" },
	{ S("permit 4294967294\n"), "1:permit u=4294967294" },
	{ S("permit 1000 as 101\n"), "1:permit u=1000 as=101:101" },
	{ S("permit 1000 as 101:33\n"), "1:permit u=1000 as=101:33" },
	{ S("permit 1000 as 0:0\n"), "1:permit u=1000 as=0:0" },
	{ S("permit sidecar as nginx cmd /usr/sbin/nginx args -s reload\n"),
	    "1:permit u=sidecar as=nginx cmd=/usr/sbin/nginx "
	    "args=[-s][reload]" },
	{ S("permit :ops cmd /bin/ps args\n"),
	    "1:permit g=ops cmd=/bin/ps args=" },
	{ S("permit 0 cmd /bin/cat\n"), "1:permit u=0 cmd=/bin/cat" },
	{ S("\n\n# x\npermit 1\ndeny 2 # trailing comment\n"),
	    "4:permit u=1 / 5:deny u=2" },
	{ S("  permit\t1  \t\n"), "1:permit u=1" },
	{ S("permit 1 cmd \"/bin/my prog\" args \"a b\" \"say \"\"hi\"\"\"\n"),
	    "1:permit u=1 cmd=/bin/my prog args=[a b][say \"hi\"]" },
	{ S("permit 1 cmd /bin/echo args \"#not\" a#b\n"),
	    "1:permit u=1 cmd=/bin/echo args=[#not][a#b]" },
	{ S("permit 1 # \"a comment, \"unbalanced\n"), "1:permit u=1" },
	{ S("permit 1 cmd as\n"), "1:permit u=1 cmd=as" },
	{ S("permit 1 cmd /x args as cmd args permit\n"),
	    "1:permit u=1 cmd=/x args=[as][cmd][args][permit]" },
	{ S("permit 1 cmd \"\x01\"\n"), "1:permit u=1 cmd=\x01" },
	{ S("permit 1#2\n"), "1:permit u=1#2" },
	{ S("\"permit\" \"1\"\n"), "1:permit u=1" },
	{ S("allow 1\n"), "1: want permit or deny" },
	{ S("\n\npermit\n"), "3: want a user or :group" },
	{ S("permit as 1\n"), "1: want a user or :group" },
	{ S("permit keepenv\n"), "1: want a user or :group" },
	{ S("deny keepenv 1\n"), "1: keepenv means nothing in a deny rule" },
	{ S("permit keepenv keepenv 1\n"), "1: keepenv said twice" },
	{ S("permit limit\n"), "1: limit needs a list: time=30s,nproc=64" },
	{ S("permit limit 1\n"), "1: want key=value" },
	{ S("permit limit time=1s\n"), "1: want a user or :group" },
	{ S("permit limit time=1s limit nproc=2 1\n"), "1: limit said twice" },
	{ S("deny limit time=1s 1\n"), "1: limit means nothing in a deny rule" },
	{ S("permit limit time=0 1\n"), "1: time must be more than 0" },
	{ S("permit limit time=1s,time=2s 1\n"), "1: a limit said twice" },
	{ S("permit limit time=1s, 1\n"), "1: empty limit" },
	{ S("permit limit ,time=1s 1\n"), "1: empty limit" },
	{ S("permit limit time=1x 1\n"),
	    "1: bad duration: want 30s, 500ms, 1m30s" },
	{ S("permit limit nofile=1T 1\n"),
	    "1: bad number: want digits with K, M or G at most" },
	{ S("permit limit nofile=01 1\n"),
	    "1: bad number: want digits with K, M or G at most" },
	{ S("permit limit nofile=K 1\n"),
	    "1: bad number: want digits with K, M or G at most" },
	{ S("permit limit nofile=99999999999999999999 1\n"),
	    "1: bad number: want digits with K, M or G at most" },
	{ S("permit limit teardown=maybe 1\n"), "1: teardown: want yes or no" },
	{ S("permit limit mem=1G 1\n"), "1: unknown limit: want time, "
	    "kill-after, teardown, nofile, nproc, as, fsize, core, cpu or "
	    "stack" },
	{ S("deny notty 1\n"), "1: notty means nothing in a deny rule" },
	{ S("permit see signal 1\n"), "1: see or signal said twice" },
	{ S("permit see see 1\n"), "1: see or signal said twice" },
	{ S("permit keepenv see 1\n"),
	    "1: see and signal rules run nothing: no keepenv, limit, notty, "
	    "redact or reason" },
	{ S("permit signal limit time=1s 1\n"),
	    "1: see and signal rules run nothing: no keepenv, limit, notty, "
	    "redact or reason" },
	{ S("permit reason see 1\n"),
	    "1: see and signal rules run nothing: no keepenv, limit, notty, "
	    "redact or reason" },
	{ S("permit see\n"), "1: want a user or :group" },
	{ S("permit notty notty 1\n"), "1: notty said twice" },
	{ S("permit notty\n"), "1: want a user or :group" },
	{ S("permit 1 notty\n"), "1: want as or cmd after the identity" },
	{ S("permit 1 as\n"), "1: as needs a target" },
	{ S("permit 1 as cmd /x\n"), "1: as needs a target" },
	{ S("permit 1 as 1:x\n"),
	    "1: bad target: want a user name, UID or UID:GID" },
	{ S("permit 1 as a:b\n"),
	    "1: bad target: want a user name, UID or UID:GID" },
	{ S("permit 1 as 1:\n"),
	    "1: bad target: want a user name, UID or UID:GID" },
	{ S("permit 1 as 01\n"),
	    "1: bad number: at most 4294967294, no leading zero" },
	{ S("permit 1 as 4294967295\n"),
	    "1: bad number: at most 4294967294, no leading zero" },
	{ S("permit 1 cmd\n"), "1: cmd needs a command" },
	{ S("permit 1 cmd /x -l\n"), "1: arguments need args before them" },
	{ S("permit 1 foo\n"), "1: want as or cmd after the identity" },
	{ S("permit 1 keepenv\n"), "1: want as or cmd after the identity" },
	{ S("permit 1 \"# quoted\"\n"),
	    "1: want as or cmd after the identity" },
	{ S("permit 1 as 2 foo\n"), "1: want cmd after the target" },
	{ S("permit 1 as 2 as 3\n"), "1: want cmd after the target" },
	{ S("permit \"\"\n"), "1: empty word" },
	{ S("permit 1 cmd /x args a \"\"\n"), "1: empty word" },
	{ S("permit :\n"), "1: bad identity: want USER, UID, :GROUP or :GID" },
	{ S("permit a:b\n"),
	    "1: bad identity: want USER, UID, :GROUP or :GID" },
	{ S("permit ::1\n"),
	    "1: bad identity: want USER, UID, :GROUP or :GID" },
	{ S("permit 007\n"),
	    "1: bad number: at most 4294967294, no leading zero" },
	{ S("permit :4294967295\n"),
	    "1: bad number: at most 4294967294, no leading zero" },
	{ S("permit 1 \"unbalanced\n"), "1: unbalanced quote" },
	{ S("permit 1\r\n"), "1: control byte outside quotes" },
	{ S("permit a\"b\n"), "1: stray quote" },
	{ S("permit 1\0\n"), "1: control byte outside quotes" },
	{ S("permit 1 cmd \"a\0\"\n"), "1: NUL inside quotes" },
	{ S("deny 1\n\n  # c\npermit 2 3\n"),
	    "4: want as or cmd after the identity" },
	{ S("permit 1\npermit 2\nbad\npermit 3\n"), "3: want permit or deny" },
};

/* A rule as the table writes it. */
static size_t
render_rule(char *out, size_t size, const struct policy_rule *r)
{
	size_t	 n;
	int	 i;

	n = snprintf(out, size, "%d:%s%s%s", r->line,
	    r->action == POLICY_PERMIT ? "permit" : "deny",
	    r->keepenv ? " keepenv" : "", r->notty ? " notty" : "");
	if (r->redact != 0)
		n += snprintf(out + n, size - n, " redact=%llx",
		    (unsigned long long)r->redact);
	n += snprintf(out + n, size - n, "%s%s %c=", r->reason ? " reason" : "",
	    r->control == POLICY_SEE ? " see" :
	    r->control == POLICY_SIGNAL ? " signal" : "",
	    r->group ? 'g' : 'u');
	n += r->who.name != NULL ? snprintf(out + n, size - n, "%s",
	    r->who.name) : snprintf(out + n, size - n, "%u", r->who.id);
	if (r->as && r->target.name != NULL)
		n += snprintf(out + n, size - n, " as=%s", r->target.name);
	else if (r->as)
		n += snprintf(out + n, size - n, " as=%u:%u", r->target.id,
		    (unsigned)r->target_gid);
	if (r->cmd != NULL)
		n += snprintf(out + n, size - n, " cmd=%s", r->cmd);
	if (r->nargs >= 0)
		n += snprintf(out + n, size - n, " args=");
	for (i = 0; i < r->nargs; i++)
		n += snprintf(out + n, size - n, "[%s]", r->args[i]);
	return n;
}

static const char *
render(const struct policy *pol)
{
	static char	 out[4096];
	size_t		 n = 0;
	int		 i;

	out[0] = '\0';
	for (i = 0; i < pol->nrules && n < sizeof(out) / 2; i++) {
		if (i > 0)
			n += snprintf(out + n, sizeof(out) - n, " / ");
		n += render_rule(out + n, sizeof(out) - n, &pol->rule[i]);
	}
	return out;
}

static const char *
visible(const char *s, size_t len)
{
	static char	 buf[4 * 100 + 1];

	strvisx(buf, s, len < 100 ? len : 100, VIS_CSTYLE | VIS_DQ);
	return buf;
}

/* Parse src; the rules rendered, or "LINE: why". */
static const char *
parse(struct policy *pol, const char *src, size_t len)
{
	static char		 out[256];
	const char		*why;

	if ((why = policy_parse(pol, src, len)) == NULL)
		return render(pol);
	snprintf(out, sizeof(out), "%d: %s", pol->line, why);
	ATF_CHECK_MSG(pol->nrules == 0, "rules left after an error");
	return out;
}

ATF_TC_WITHOUT_HEAD(parse_table);
ATF_TC_BODY(parse_table, tc)
{
	static struct policy	 pol;
	const char		*got;
	size_t			 i;

	for (i = 0; i < nitems(files); i++) {
		got = parse(&pol, files[i].in, files[i].len);
		ATF_CHECK_MSG(strcmp(got, files[i].want) == 0,
		    "\"%s\": got \"%s\", want \"%s\"",
		    visible(files[i].in, files[i].len), got, files[i].want);
	}
}

/* n lines of rule, then one more: "LINE: why" of the first bad one. */
static size_t
lines(char *buf, size_t size, int n, const char *rule, const char *last)
{
	size_t	 len = 0;
	int	 i;

	for (i = 0; i < n; i++)
		len += snprintf(buf + len, size - len, "%s\n", rule);
	len += snprintf(buf + len, size - len, "%s", last);
	return len;
}

ATF_TC_WITHOUT_HEAD(parse_limits);
ATF_TC_BODY(parse_limits, tc)
{
	static struct policy	 pol;
	static char		 buf[2 * POLICY_SIZE_MAX];
	char			 line[1024];
	size_t			 len;
	int			 i;

	len = lines(buf, sizeof(buf), POLICY_RULES_MAX, "deny 1", "");
	parse(&pol, buf, len);
	ATF_CHECK_EQ(pol.nrules, POLICY_RULES_MAX);
	render_rule(line, sizeof(line), &pol.rule[POLICY_RULES_MAX - 1]);
	ATF_CHECK_STREQ(line, "1024:deny u=1");
	len = lines(buf, sizeof(buf), POLICY_RULES_MAX, "deny 1", "deny 2");
	ATF_CHECK_STREQ(parse(&pol, buf, len), "1025: too many rules");
	/* The largest file, and one byte more. */
	memset(buf, ' ', POLICY_SIZE_MAX);
	memcpy(buf, "permit 1", 8);
	ATF_CHECK_STREQ(parse(&pol, buf, POLICY_SIZE_MAX), "1:permit u=1");
	ATF_CHECK_STREQ(parse(&pol, buf, POLICY_SIZE_MAX + 1),
	    "0: larger than 32768 bytes");
	/* The most arguments a command can have, and one more. */
	len = snprintf(line, sizeof(line), "permit 1 cmd x args");
	for (i = 0; i < PROTO_ARGC_MAX - 1; i++)
		len += snprintf(line + len, sizeof(line) - len, " a");
	ATF_CHECK_EQ(parse(&pol, line, len)[0], '1');
	ATF_CHECK_EQ(pol.rule[0].nargs, PROTO_ARGC_MAX - 1);
	len += snprintf(line + len, sizeof(line) - len, " a");
	ATF_CHECK_STREQ(parse(&pol, line, len), "1: too many arguments");
}

/*
 * A file of the largest size, all rules: every word comes out whole, the
 * last rule's too, though the words fill the parser's buffer.
 */
ATF_TC_WITHOUT_HEAD(parse_fills_buffer);
ATF_TC_BODY(parse_fills_buffer, tc)
{
	static struct policy	 pol;
	static char		 buf[POLICY_SIZE_MAX + 1];	/* and a NUL */
	char			 arg[44];
	const char		*why;
	size_t			 len;
	int			 n;

	/* 64 bytes a line: "permit 1 cmd x args " and 43 a's, newline. */
	memset(arg, 'a', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	for (len = 0; len < POLICY_SIZE_MAX; len += 64)
		snprintf(buf + len, 65, "permit 1 cmd x args %s\n", arg);
	ATF_REQUIRE_EQ(len, POLICY_SIZE_MAX);
	ATF_REQUIRE_MSG((why = policy_parse(&pol, buf, len)) == NULL,
	    "%d: %s", pol.line, why);
	ATF_REQUIRE_EQ(pol.nrules, POLICY_SIZE_MAX / 64);
	for (n = 0; n < pol.nrules; n++) {
		ATF_CHECK_STREQ(pol.rule[n].cmd, "x");
		ATF_CHECK_EQ(pol.rule[n].nargs, 1);
		ATF_CHECK_STREQ(pol.rule[n].args[0], arg);
		ATF_CHECK_EQ(pol.rule[n].line, n + 1);
	}
}

/* One policy, numbers only, and who gets what under it. */
static const char policy_src[] =
	"permit 1000 cmd /usr/bin/touch args /tmp/ran\n"	/* 1 */
	"permit :2000 cmd /usr/bin/id\n"			/* 2 */
	"permit 1000 as 101:33 cmd /usr/sbin/nginx args -s reload\n" /* 3 */
	"permit 1001\n"						/* 4 */
	"deny 1001 cmd /bin/rm\n"				/* 5 */
	"permit 1001 cmd /bin/rm args -f /tmp/x\n"		/* 6 */
	"permit 1002 as 0\n"					/* 7 */
	"permit 1003 cmd /bin/ps args\n";			/* 8 */

#define ARGV(...)	((char *const []){ __VA_ARGS__, NULL })
#define NONE		{ 0, 0, 0, 0 }
#define AS(u)		{ SPAWN_AS, u, 0, 0 }
#define ASG(u, g)	{ SPAWN_AS | SPAWN_AS_GID, u, g, 0 }

static const gid_t	 g3000_2000[] = { 3000, 2000 };

static const struct {
	uid_t		 uid;
	gid_t		 gid;
	int		 ngroups;
	const gid_t	*groups;
	struct spawn_as	 as;
	char *const	*argv;
	const char	*want;
} asks[] = {
	{ 1000, 1000, 0, NULL, NONE, ARGV("/usr/bin/touch", "/tmp/ran"),
	    "permitted by line 1" },
	{ 1000, 1000, 0, NULL, NONE, ARGV("/usr/bin/touch", "/tmp/other"),
	    "no rule matches" },
	{ 1000, 1000, 0, NULL, NONE, ARGV("/usr/bin/touch"),
	    "no rule matches" },
	{ 1000, 1000, 0, NULL, NONE, ARGV("/usr/bin/touch", "/tmp/ran", "x"),
	    "no rule matches" },
	{ 1000, 1000, 0, NULL, NONE, ARGV("touch", "/tmp/ran"),
	    "no rule matches" },
	{ 1000, 2000, 0, NULL, NONE, ARGV("/usr/bin/touch", "/tmp/ran"),
	    "permitted by line 1" },
	{ 1500, 2000, 0, NULL, NONE, ARGV("/usr/bin/id", "-u"),
	    "permitted by line 2" },
	{ 1500, 1500, 2, g3000_2000, NONE, ARGV("/usr/bin/id"),
	    "permitted by line 2" },
	{ 1500, 1500, 1, g3000_2000, NONE, ARGV("/usr/bin/id"),
	    "no rule matches" },
	{ 2000, 1500, 0, NULL, NONE, ARGV("/usr/bin/id"), "no rule matches" },
	{ 1000, 1000, 0, NULL, AS(101), ARGV("/usr/sbin/nginx", "-s",
	    "reload"), "permitted by line 3" },
	{ 1000, 1000, 0, NULL, ASG(101, 33), ARGV("/usr/sbin/nginx", "-s",
	    "reload"), "permitted by line 3" },
	{ 1000, 1000, 0, NULL, ASG(101, 34), ARGV("/usr/sbin/nginx", "-s",
	    "reload"), "no rule matches" },
	{ 1000, 1000, 0, NULL, AS(102), ARGV("/usr/sbin/nginx", "-s",
	    "reload"), "no rule matches" },
	{ 1000, 1000, 0, NULL, NONE, ARGV("/usr/sbin/nginx", "-s", "reload"),
	    "no rule matches" },
	{ 1000, 1000, 0, NULL, AS(101), ARGV("/usr/sbin/nginx", "-s",
	    "stop"), "no rule matches" },
	{ 1000, 1000, 0, NULL, AS(101), ARGV("/usr/bin/touch", "/tmp/ran"),
	    "no rule matches" },
	{ 1001, 1001, 0, NULL, NONE, ARGV("ls"), "permitted by line 4" },
	{ 1001, 1001, 0, NULL, NONE, ARGV("/bin/rm", "/x"),
	    "denied by line 5" },
	{ 1001, 1001, 0, NULL, NONE, ARGV("/bin/rm"), "denied by line 5" },
	{ 1001, 1001, 0, NULL, NONE, ARGV("/bin/rm", "-f", "/tmp/x"),
	    "permitted by line 6" },
	{ 1001, 1001, 0, NULL, AS(1001), ARGV("ls"), "no rule matches" },
	{ 1002, 1002, 0, NULL, AS(0), ARGV("sh"), "permitted by line 7" },
	{ 1002, 1002, 0, NULL, ASG(0, 0), ARGV("sh"), "permitted by line 7" },
	{ 1002, 1002, 0, NULL, ASG(0, 5), ARGV("sh"), "no rule matches" },
	{ 1002, 1002, 0, NULL, NONE, ARGV("sh"), "no rule matches" },
	{ 1003, 1003, 0, NULL, NONE, ARGV("/bin/ps"), "permitted by line 8" },
	{ 1003, 1003, 0, NULL, NONE, ARGV("/bin/ps", "aux"),
	    "no rule matches" },
	{ 0, 0, 0, NULL, NONE, ARGV("sh"), "no rule matches" },
};

ATF_TC_WITHOUT_HEAD(match_table);
ATF_TC_BODY(match_table, tc)
{
	static struct policy		 pol;
	const struct policy_rule	*r;
	struct policy_ask		 a;
	char				 got[64];
	size_t				 i;

	ATF_REQUIRE(policy_parse(&pol, S(policy_src)) == NULL);
	for (i = 0; i < nitems(asks); i++) {
		a.uid = asks[i].uid;
		a.gid = asks[i].gid;
		a.ngroups = asks[i].ngroups;
		a.groups = asks[i].groups;
		a.as = &asks[i].as;
		a.argv = asks[i].argv;
		r = policy_match(&pol, &a);
		policy_result(r, got, sizeof(got));
		ATF_CHECK_MSG(strcmp(got, asks[i].want) == 0,
		    "ask %zu: %s, want %s", i, got, asks[i].want);
	}
}

/* Control rules: who may see and signal others' submissions. */
static const char control_src[] =
	"permit see :3300\n"					/* 1 */
	"permit signal :3300 cmd sleep\n"			/* 2 */
	"deny see :3300 cmd sleep args 98\n"			/* 3 */
	"permit signal 1002 as 101\n"				/* 4 */
	"deny signal 1002 cmd /bin/db\n";			/* 5 */

static const gid_t	 g3300[] = { 3300 };

static const struct {
	uid_t			 uid;
	int			 ngroups;
	uint32_t		 as_uid;
	char *const		*argv;
	enum policy_control	 want;
	const char		*result;
} controls[] = {
	{ 1001, 1, 1000, ARGV("sleep", "97"), POLICY_SEE,
	    "permitted by line 2" },
	{ 1001, 1, 1000, ARGV("sleep", "97"), POLICY_SIGNAL,
	    "permitted by line 2" },
	{ 1001, 1, 1000, ARGV("sh"), POLICY_SEE, "permitted by line 1" },
	{ 1001, 1, 1000, ARGV("sh"), POLICY_SIGNAL, "no rule matches" },
	{ 1001, 1, 1000, ARGV("sleep", "98"), POLICY_SEE,
	    "denied by line 3" },
	{ 1001, 1, 1000, ARGV("sleep", "98"), POLICY_SIGNAL,
	    "denied by line 3" },
	{ 1001, 0, 1000, ARGV("sleep", "97"), POLICY_SEE, "no rule matches" },
	{ 1002, 0, 101, ARGV("/bin/web"), POLICY_SIGNAL,
	    "permitted by line 4" },
	{ 1002, 0, 101, ARGV("/bin/web"), POLICY_SEE, "permitted by line 4" },
	{ 1002, 0, 102, ARGV("/bin/web"), POLICY_SIGNAL, "no rule matches" },
	{ 1002, 0, 101, ARGV("/bin/db"), POLICY_SIGNAL, "denied by line 5" },
	/* deny signal says nothing of seeing. */
	{ 1002, 0, 101, ARGV("/bin/db"), POLICY_SEE, "permitted by line 4" },
};

ATF_TC_WITHOUT_HEAD(control_table);
ATF_TC_BODY(control_table, tc)
{
	static struct policy		 pol;
	const struct policy_rule	*r;
	struct policy_ask		 a;
	struct spawn_as			 as;
	char				 got[64];
	size_t				 i;

	ATF_REQUIRE(policy_parse(&pol, S(control_src)) == NULL);
	for (i = 0; i < nitems(controls); i++) {
		memset(&as, 0, sizeof(as));
		as.flags = SPAWN_AS | SPAWN_AS_GID;
		as.uid = as.gid = controls[i].as_uid;
		a.uid = a.gid = controls[i].uid;
		a.ngroups = controls[i].ngroups;
		a.groups = g3300;
		a.as = &as;
		a.argv = controls[i].argv;
		r = policy_control(&pol, &a, controls[i].want);
		policy_result(r, got, sizeof(got));
		ATF_CHECK_MSG(strcmp(got, controls[i].result) == 0,
		    "control %zu: %s, want %s", i, got, controls[i].result);
		/* A control rule lets no one run anything. */
		memset(&as, 0, sizeof(as));
		ATF_CHECK(policy_match(&pol, &a) == NULL);
	}
}

/* A numeric target's only group is its gid; a name's come at start. */
ATF_TC_WITHOUT_HEAD(numeric_target_groups);
ATF_TC_BODY(numeric_target_groups, tc)
{
	static struct policy	 pol;

	ATF_REQUIRE(policy_parse(&pol, S("permit 1 as 101:33\n"
	    "permit 1 as 102\npermit 1 as nginx\n")) == NULL);
	ATF_CHECK_EQ(pol.rule[0].ngroups, 1);
	ATF_CHECK_EQ(pol.rule[0].groups[0], 33);
	ATF_CHECK_EQ(pol.rule[1].ngroups, 1);
	ATF_CHECK_EQ(pol.rule[1].groups[0], 102);
	ATF_CHECK_EQ(pol.rule[2].ngroups, 0);
	ATF_CHECK(pol.rule[2].groups == NULL);
}

/* Names become numbers at start: root is in every password file. */
ATF_TC_WITHOUT_HEAD(resolve_names);
ATF_TC_BODY(resolve_names, tc)
{
	static struct policy	 pol;
	const char		*why;

	ATF_REQUIRE(policy_parse(&pol, S("permit root as root\n"
	    "deny :root\npermit 5 as root cmd x\n")) == NULL);
	ATF_REQUIRE_MSG((why = policy_resolve(&pol)) == NULL, "%s", why);
	ATF_CHECK_EQ(pol.rule[0].who.id, 0);
	ATF_CHECK_EQ(pol.rule[0].target.id, 0);
	ATF_CHECK_EQ(pol.rule[0].target_gid, 0);
	ATF_CHECK(pol.rule[0].ngroups >= 1);
	ATF_CHECK_EQ(pol.rule[1].who.id, 0);
	/* The second rule naming root shares the first one's groups. */
	ATF_CHECK(pol.rule[2].groups == pol.rule[0].groups);
	ATF_REQUIRE(policy_parse(&pol, S("permit 1\n\npermit "
	    "no-such-user-x\n")) == NULL);
	ATF_CHECK_STREQ(policy_resolve(&pol), "no such user");
	ATF_CHECK_EQ(pol.line, 3);
	ATF_REQUIRE(policy_parse(&pol, S("deny :no-such-group-x\n")) == NULL);
	ATF_CHECK_STREQ(policy_resolve(&pol), "no such group");
	ATF_REQUIRE(policy_parse(&pol, S("permit 1 as no-such-user-x\n")) ==
	    NULL);
	ATF_CHECK_STREQ(policy_resolve(&pol), "no such user");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, parse_table);
	ATF_TP_ADD_TC(tp, parse_limits);
	ATF_TP_ADD_TC(tp, parse_fills_buffer);
	ATF_TP_ADD_TC(tp, match_table);
	ATF_TP_ADD_TC(tp, control_table);
	ATF_TP_ADD_TC(tp, numeric_target_groups);
	ATF_TP_ADD_TC(tp, resolve_names);
	return atf_no_error();
}
