#include <atf-c.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/duration.h"
#include "common/util.h"
#include "init/core/cpus.h"
#include "init/keeper/sockd_user.h"
#include "opts.h"

static const struct {
	const char	*in;
	int64_t		 ms;		/* -1: refused */
} durations[] = {
	{ "10", 10000 }, { "10s", 10000 }, { "1.5s", 1500 },
	{ "500ms", 500 }, { "1", 1000 }, { "0", 0 }, { "1.5", 1500 },
	{ "1m30s", 90000 }, { "2h", 7200000 }, { "1500us", 2 },
	{ "1500000ns", 2 }, { ".5s", 500 }, { "0s", 0 },
	{ "", -1 }, { "s", -1 }, { "-1", -1 }, { "-1s", -1 },
	{ "10x", -1 }, { "1m30", -1 }, { "ten", -1 }, { "1e3", -1 },
	{ " 10", -1 }, { "10 ", -1 }, { "10ss", -1 }, { ".", -1 },
	{ "100000000h", -1 }, { "+5s", -1 }, { "5.s", 5000 },
};

ATF_TC_WITHOUT_HEAD(duration_table);
ATF_TC_BODY(duration_table, tc)
{
	size_t	 i;
	int64_t	 ms;
	int	 r;

	for (i = 0; i < nitems(durations); i++) {
		ms = -1;
		r = parse_duration(durations[i].in, &ms);
		if (durations[i].ms == -1)
			ATF_CHECK_MSG(r == -1, "\"%s\" accepted as %lld ms",
			    durations[i].in, (long long)ms);
		else
			ATF_CHECK_MSG(r == 0 && ms == durations[i].ms,
			    "\"%s\": r %d, %lld ms, want %lld", durations[i].in,
			    r, (long long)ms, (long long)durations[i].ms);
	}
}

/*
 * Parse a NULL-terminated argument list: 0, or -1 with opts_parse's
 * message in err.
 */
static int
parse(struct config *c, char *err, const char *first, ...)
{
	char		*argv[64];
	const char	*a, *why;
	va_list		 ap;
	int		 argc = 0;

	argv[argc++] = strdup("dinit");
	va_start(ap, first);
	for (a = first; a != NULL; a = va_arg(ap, const char *))
		argv[argc++] = strdup(a);
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	if ((why = opts_parse(c, argc, argv)) == NULL)
		return 0;
	strlcpy(err, why, 256);
	return -1;
}

ATF_TC_WITHOUT_HEAD(flag_forms);
ATF_TC_BODY(flag_forms, tc)
{
	struct config	 c;
	char		 err[256];

	unsetenv("DINIT_TIMEOUT");
	ATF_REQUIRE(parse(&c, err, "-timeout", "3", "-r", "true", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, 3000);
	ATF_REQUIRE(parse(&c, err, "--timeout", "4s", "-r", "true", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, 4000);
	ATF_REQUIRE(parse(&c, err, "-timeout=250ms", "-r", "true", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, 250);
	ATF_REQUIRE(parse(&c, err, "--timeout=1.5", "-r", "true", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, 1500);
	ATF_REQUIRE(parse(&c, err, "-r", "true", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, DEFAULT_TIMEOUT);
	ATF_CHECK_EQ(c.primary_all, 0);
	ATF_REQUIRE(parse(&c, err, "-primary", "-r", "true", NULL) == 0);
	ATF_CHECK_EQ(c.primary_all, 1);
	ATF_REQUIRE(parse(&c, err, "--primary=false", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.primary_all, 0);
	ATF_REQUIRE(parse(&c, err, "-primary=T", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.primary_all, 1);
	ATF_REQUIRE(parse(&c, err, "-primary=0", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.primary_all, 0);
}

ATF_TC_WITHOUT_HEAD(flag_errors);
ATF_TC_BODY(flag_errors, tc)
{
	static const char *const bad[][4] = {
		{ "-timeout", "abc", "-timeout" },
		{ "-timeout", "-5", "-timeout" },
		{ "-primary=maybe", NULL, "-primary" },
		{ "-nosuch", NULL, "-nosuch" },
		{ "---timeout=1", NULL, "--timeout" },
		{ "-socket-mode", "999", "-socket-mode" },
		{ "-socket-mode", "0x1", "-socket-mode" },
		{ "-maxproc", "-1", "-maxproc" },
		{ "-maxproc", "nan", "-maxproc" },
		{ "-submit-env", "all", "-submit-env" },
		{ "-user", "no-such-user-here", "-user" },
		{ "-user", "1000:no-such-group-here", "-user" },
		{ "-socket-group", "no-such-group-here", "-socket-group" },
		{ "stray", NULL, "stray" },
	};
	struct config	 c;
	char		 err[256];
	size_t		 i;
	int		 r;

	for (i = 0; i < nitems(bad); i++) {
		if (bad[i][1] != NULL)
			r = parse(&c, err, bad[i][0], bad[i][1], "-r", "x", NULL);
		else
			r = parse(&c, err, bad[i][0], "-r", "x", NULL);
		ATF_CHECK_MSG(r == -1, "%s %s accepted", bad[i][0],
		    bad[i][1] ? bad[i][1] : "");
		ATF_CHECK_MSG(strstr(err, bad[i][2]) != NULL,
		    "error \"%s\" does not name %s", err, bad[i][2]);
	}
	ATF_CHECK(parse(&c, err, "-timeout", NULL) == -1);
	ATF_CHECK(strstr(err, "needs an argument") != NULL);
	ATF_CHECK(parse(&c, err, "-r", NULL) == -1);
	ATF_CHECK(parse(&c, err, "-r", "a", "-r", NULL) == -1);
	ATF_CHECK(parse(&c, err, "-r", "-r", "a", NULL) == -1);
	ATF_CHECK(parse(&c, err, "-start", "\"unbalanced", "-r", "x",
	    NULL) == -1);
	ATF_CHECK(strstr(err, "-start") != NULL);
}

ATF_TC_WITHOUT_HEAD(commands);
ATF_TC_BODY(commands, tc)
{
	struct config	 c;
	char		 err[256];

	setenv("WHO", "world", 1);
	ATF_REQUIRE(parse(&c, err, "-r", "echo", "hi", "$WHO", "\\-r",
	    "-r", "sleep", "${WHO}x", "\\$WHO", "$(x)", NULL) == 0);
	ATF_REQUIRE_EQ(c.ncmd, 2);
	ATF_CHECK_STREQ(c.cmd[0][0], "echo");
	ATF_CHECK_STREQ(c.cmd[0][1], "hi");
	ATF_CHECK_STREQ(c.cmd[0][2], "world");
	ATF_CHECK_STREQ(c.cmd[0][3], "-r");
	ATF_CHECK(c.cmd[0][4] == NULL);
	ATF_CHECK_STREQ(c.cmd[1][0], "sleep");
	ATF_CHECK_STREQ(c.cmd[1][1], "worldx");
	ATF_CHECK_STREQ(c.cmd[1][2], "$WHO");
	ATF_CHECK_STREQ(c.cmd[1][3], "$(x)");
	ATF_CHECK(c.cmd[1][4] == NULL);
	/* Flags after the first -r belong to the command. */
	ATF_REQUIRE(parse(&c, err, "-r", "ls", "-primary", NULL) == 0);
	ATF_CHECK_EQ(c.primary_all, 0);
	ATF_CHECK_STREQ(c.cmd[0][1], "-primary");
	ATF_REQUIRE(parse(&c, err, "--r", "ls", NULL) == 0);
	ATF_CHECK_EQ(c.ncmd, 1);
}

ATF_TC_WITHOUT_HEAD(hooks_and_env);
ATF_TC_BODY(hooks_and_env, tc)
{
	struct config	 c;
	char		 err[256];

	setenv("WHO", "world", 1);
	ATF_REQUIRE(parse(&c, err, "-start", "echo \"a b\" $WHO \"say \"\"hi\"\"\"",
	    "-stop", "", "-r", "x", NULL) == 0);
	ATF_REQUIRE(c.start != NULL);
	ATF_CHECK_STREQ(c.start[0], "echo");
	ATF_CHECK_STREQ(c.start[1], "a b");
	ATF_CHECK_STREQ(c.start[2], "world");
	ATF_CHECK_STREQ(c.start[3], "say \"hi\"");
	ATF_CHECK(c.start[4] == NULL);
	ATF_CHECK(c.stop == NULL);

	setenv("DINIT_TIMEOUT", "2", 1);
	setenv("DINIT_START", "true 1", 1);
	setenv("DINIT_STOP", "false", 1);
	setenv("DINIT_SOCKET", "none", 1);
	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, 2000);
	ATF_CHECK_STREQ(c.start[1], "1");
	ATF_CHECK_STREQ(c.stop[0], "false");
	ATF_CHECK(c.socket == NULL);
	/* A flag overrides its variable. */
	ATF_REQUIRE(parse(&c, err, "-timeout", "7", "-socket", "/s", "-r",
	    "x", NULL) == 0);
	ATF_CHECK_EQ(c.timeout_ms, 7000);
	ATF_CHECK_STREQ(c.socket, "/s");
	setenv("DINIT_TIMEOUT", "soon", 1);
	ATF_CHECK(parse(&c, err, "-r", "x", NULL) == -1);
	ATF_CHECK(strstr(err, "DINIT_TIMEOUT") != NULL);
	unsetenv("DINIT_TIMEOUT");
	unsetenv("DINIT_START");
	unsetenv("DINIT_STOP");
	unsetenv("DINIT_SOCKET");
}

ATF_TC_WITHOUT_HEAD(socket_and_user);
ATF_TC_BODY(socket_and_user, tc)
{
	struct config	 c;
	char		 err[256];

	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.user_uid, (uid_t)-1);
	sockd_user(&c);
	ATF_CHECK_EQ(c.user_uid, NOBODY_ID);	/* here, and without passwd */
	ATF_CHECK_EQ(c.user_gid, NOBODY_ID);
	ATF_CHECK_STREQ(c.socket, DEFAULT_SOCKET);
	ATF_CHECK_EQ(c.socket_mode, 0600);
	ATF_CHECK_EQ(c.submit_env_inherit, 0);
	ATF_REQUIRE(parse(&c, err, "-socket-mode", "0660", "-socket-group",
	    "123", "-user", "1000:1001", "-submit-env=inherit", "-r", "x",
	    NULL) == 0);
	ATF_CHECK_EQ(c.socket_mode, 0660);
	ATF_CHECK_EQ(c.socket_gid, 123);
	ATF_CHECK_EQ(c.user_uid, 1000);
	ATF_CHECK_EQ(c.user_gid, 1001);
	ATF_CHECK_EQ(c.submit_env_inherit, 1);
	ATF_REQUIRE(parse(&c, err, "-user", "4242", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.user_uid, 4242);
	ATF_CHECK_EQ(c.user_gid, 4242);
	ATF_REQUIRE(parse(&c, err, "-user", "root", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.user_uid, 0);
	ATF_CHECK_EQ(c.user_gid, 0);
	ATF_REQUIRE(parse(&c, err, "-socket", "none", "-r", "x", NULL) == 0);
	ATF_CHECK(c.socket == NULL);
	ATF_REQUIRE(parse(&c, err, "-maxproc", "0.5", "-r", "x", NULL) == 0);
	ATF_CHECK(c.maxproc == 0.5);
	ATF_REQUIRE(parse(&c, err, "-core-fraction=1", "-r", "x", NULL) == 0);
	ATF_CHECK(c.maxproc == 1);
}

/* Each of bad[n][0] with bad[n][1]: refused, the error naming the flag. */
static void
refused(const char *const bad[][2], size_t n)
{
	struct config	 c;
	char		 err[256];
	size_t		 i;

	for (i = 0; i < n; i++) {
		ATF_CHECK_MSG(parse(&c, err, bad[i][0], bad[i][1], "-r", "x",
		    NULL) == -1, "%s %s accepted", bad[i][0], bad[i][1]);
		ATF_CHECK_MSG(strstr(err, bad[i][0]) != NULL,
		    "error \"%s\" does not name %s", err, bad[i][0]);
	}
}

ATF_TC_WITHOUT_HEAD(pgroup_flag);
ATF_TC_BODY(pgroup_flag, tc)
{
	struct config	 c;
	char		 err[256];

	unsetenv("DINIT_PGROUP");
	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.pgroup, 0);
	ATF_REQUIRE(parse(&c, err, "-g", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.pgroup, 1);
	setenv("DINIT_PGROUP", "1", 1);
	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.pgroup, 1);
	ATF_REQUIRE(parse(&c, err, "-g=false", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.pgroup, 0);
	setenv("DINIT_PGROUP", "maybe", 1);
	ATF_CHECK(parse(&c, err, "-r", "x", NULL) == -1);
	ATF_CHECK(strstr(err, "DINIT_PGROUP") != NULL);
	unsetenv("DINIT_PGROUP");
	ATF_CHECK(parse(&c, err, "-g=maybe", "-r", "x", NULL) == -1);
}

/* A variable's bad boolean gets a boolean's reason, whatever came first. */
ATF_TC_WITHOUT_HEAD(env_bool_reason);
ATF_TC_BODY(env_bool_reason, tc)
{
	struct config	 c;
	char		 err[256];

	setenv("DINIT_TIMEOUT", "3", 1);
	setenv("DINIT_EXPAND", "maybe", 1);
	ATF_CHECK(parse(&c, err, "-r", "x", NULL) == -1);
	ATF_CHECK_STREQ(err,
	    "invalid value \"maybe\" for DINIT_EXPAND: want true or false");
	unsetenv("DINIT_TIMEOUT");
	unsetenv("DINIT_EXPAND");
	setenv("DINIT_PGROUP", "maybe", 1);
	ATF_CHECK(parse(&c, err, "-r", "x", NULL) == -1);
	ATF_CHECK_STREQ(err,
	    "invalid value \"maybe\" for DINIT_PGROUP: want true or false");
	unsetenv("DINIT_PGROUP");
}

ATF_TC_WITHOUT_HEAD(exit_zero_flag);
ATF_TC_BODY(exit_zero_flag, tc)
{
	static const char *const bad[][2] = {
		{ "-e", "256" }, { "-e", "-1" }, { "-e", "x" }, { "-e", "" },
	};
	struct config	 c;
	char		 err[256];
	int		 i;

	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	for (i = 0; i < STATUS_MAX; i++)
		ATF_CHECK_EQ(c.exit_zero[i], 0);
	ATF_REQUIRE(parse(&c, err, "-e", "143", "-e=3", "--e", "255", "-e",
	    "0", "-r", "x", NULL) == 0);
	for (i = 0; i < STATUS_MAX; i++)
		ATF_CHECK_EQ(c.exit_zero[i], i == 143 || i == 3 || i == 255 ||
		    i == 0);
	refused(bad, nitems(bad));
}

ATF_TC_WITHOUT_HEAD(rewrite_flag);
ATF_TC_BODY(rewrite_flag, tc)
{
	static const char *const bad[][2] = {
		{ "-rewrite", "TERM" }, { "-rewrite", "TERM:" },
		{ "-rewrite", ":TERM" }, { "-rewrite", "KILL:0" },
		{ "-rewrite", "CHLD:TERM" }, { "-rewrite", "TERM:99" },
		{ "-rewrite", "FOO:TERM" }, { "-rewrite", "SIGSIGTERM:0" },
		{ "-rewrite", "TERM:QUIT:HUP" }, { "-rewrite", "0:TERM" },
	};
	struct config	 c;
	char		 err[256];
	int		 i;

	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	for (i = 0; i < NSIG; i++)
		ATF_CHECK_EQ(c.rewrite[i], i);
	ATF_REQUIRE(parse(&c, err, "-rewrite", "TERM:QUIT", "-rewrite=2:15",
	    "-rewrite", "SIGHUP:0", "-rewrite", "WINCH:SIGUSR1", "-rewrite",
	    "USR1:34", "-rewrite", "sigusr2:hup", "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.rewrite[SIGTERM], SIGQUIT);
	ATF_CHECK_EQ(c.rewrite[SIGINT], SIGTERM);
	ATF_CHECK_EQ(c.rewrite[SIGHUP], 0);
	ATF_CHECK_EQ(c.rewrite[SIGWINCH], SIGUSR1);
	ATF_CHECK_EQ(c.rewrite[SIGUSR1], 34);
	ATF_CHECK_EQ(c.rewrite[SIGUSR2], SIGHUP);
	ATF_CHECK_EQ(c.rewrite[SIGQUIT], SIGQUIT);
	ATF_CHECK_EQ(c.rewrite[SIGKILL], SIGKILL);
	refused(bad, nitems(bad));
}

ATF_TC_WITHOUT_HEAD(stop_delay_flag);
ATF_TC_BODY(stop_delay_flag, tc)
{
	static const char *const bad[][2] = {
		{ "-stop-delay", "soon" }, { "-stop-delay", "-1s" },
	};
	struct config	 c;
	char		 err[256];

	unsetenv("DINIT_STOP_DELAY");
	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.stop_delay_ms, 0);
	ATF_REQUIRE(parse(&c, err, "-stop-delay", "1.5s", "-r", "x",
	    NULL) == 0);
	ATF_CHECK_EQ(c.stop_delay_ms, 1500);
	setenv("DINIT_STOP_DELAY", "5", 1);
	ATF_REQUIRE(parse(&c, err, "-r", "x", NULL) == 0);
	ATF_CHECK_EQ(c.stop_delay_ms, 5000);
	unsetenv("DINIT_STOP_DELAY");
	refused(bad, nitems(bad));
}

ATF_TC_WITHOUT_HEAD(expand_off);
ATF_TC_BODY(expand_off, tc)
{
	struct config	 c;
	char		 err[256];

	setenv("WHO", "world", 1);
	unsetenv("DINIT_EXPAND");
	ATF_REQUIRE(parse(&c, err, "-start", "echo $WHO", "-expand=false",
	    "-stop", "echo ${WHO}", "-r", "echo", "$WHO", "\\$WHO", "\\-r",
	    NULL) == 0);
	ATF_CHECK_EQ(c.expand, 0);
	ATF_CHECK_STREQ(c.start[1], "$WHO");
	ATF_CHECK_STREQ(c.stop[1], "${WHO}");
	ATF_CHECK_STREQ(c.cmd[0][1], "$WHO");
	ATF_CHECK_STREQ(c.cmd[0][2], "\\$WHO");
	ATF_CHECK_STREQ(c.cmd[0][3], "-r");
	setenv("DINIT_EXPAND", "0", 1);
	ATF_REQUIRE(parse(&c, err, "-r", "echo", "$WHO", NULL) == 0);
	ATF_CHECK_STREQ(c.cmd[0][1], "$WHO");
	ATF_REQUIRE(parse(&c, err, "-expand", "-r", "echo", "$WHO",
	    NULL) == 0);
	ATF_CHECK_STREQ(c.cmd[0][1], "world");
	unsetenv("DINIT_EXPAND");
	ATF_CHECK(parse(&c, err, "-expand=maybe", "-r", "x", NULL) == -1);
}

ATF_TC_WITHOUT_HEAD(cpu_max);
ATF_TC_BODY(cpu_max, tc)
{
	ATF_CHECK(cpumax_parse("max 100000\n") == 0);
	ATF_CHECK(cpumax_parse("150000 100000\n") == 1.5);
	ATF_CHECK(cpumax_parse("50000 100000") == 0.5);
	ATF_CHECK(cpumax_parse("200000 100000\n") == 2);
	ATF_CHECK(cpumax_parse("") == 0);
	ATF_CHECK(cpumax_parse("junk") == 0);
	ATF_CHECK(cpumax_parse("100000") == 0);
	ATF_CHECK(cpumax_parse("-5 100000") == 0);
	ATF_CHECK(cpumax_parse("5 0") == 0);
	ATF_CHECK(cpus_available() >= 1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, duration_table);
	ATF_TP_ADD_TC(tp, flag_forms);
	ATF_TP_ADD_TC(tp, flag_errors);
	ATF_TP_ADD_TC(tp, commands);
	ATF_TP_ADD_TC(tp, hooks_and_env);
	ATF_TP_ADD_TC(tp, socket_and_user);
	ATF_TP_ADD_TC(tp, pgroup_flag);
	ATF_TP_ADD_TC(tp, env_bool_reason);
	ATF_TP_ADD_TC(tp, exit_zero_flag);
	ATF_TP_ADD_TC(tp, rewrite_flag);
	ATF_TP_ADD_TC(tp, stop_delay_flag);
	ATF_TP_ADD_TC(tp, expand_off);
	ATF_TP_ADD_TC(tp, cpu_max);
	return atf_no_error();
}
