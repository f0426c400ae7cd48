#include <sys/stat.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/expand.h"
#include "common/log.h"
#include "common/signame.h"
#include "common/words.h"
#include "init/opts.h"

#define MAX_TIMEOUT_MS	(INT64_C(1000) * 3600 * 24 * 365)

struct flag {
	const char	*name;
	int		 isbool;
	int		(*set)(struct config *, const char *, const char **);
};

static int	set_primary(struct config *, const char *, const char **);
static int	set_pgroup(struct config *, const char *, const char **);
static int	set_expand(struct config *, const char *, const char **);
static int	set_exit_zero(struct config *, const char *, const char **);
static int	set_rewrite(struct config *, const char *, const char **);
static int	set_stop_delay(struct config *, const char *, const char **);
static int	set_submit(struct config *, const char *, const char **);
static int	set_wait(struct config *, const char *, const char **);
static int	set_version(struct config *, const char *, const char **);
static int	set_help(struct config *, const char *, const char **);
static int	set_timeout(struct config *, const char *, const char **);
static int	set_start(struct config *, const char *, const char **);
static int	set_stop(struct config *, const char *, const char **);
static int	set_maxproc(struct config *, const char *, const char **);
static int	set_socket(struct config *, const char *, const char **);
static int	set_socket_mode(struct config *, const char *, const char **);
static int	set_socket_group(struct config *, const char *, const char **);
static int	set_user(struct config *, const char *, const char **);
static int	set_submit_env(struct config *, const char *, const char **);
static int	set_submit_max(struct config *, const char *, const char **);
static int	set_submit_rate(struct config *, const char *, const char **);
static int	set_runas(struct config *, const char *, const char **);
static int	set_policy(struct config *, const char *, const char **);
static int	set_check_policy(struct config *, const char *, const char **);
static int	set_as_user(struct config *, const char *, const char **);
static int	set_log_format(struct config *, const char *, const char **);

static const struct flag flags[] = {
	{ "primary",		1, set_primary },
	{ "g",			1, set_pgroup },
	{ "expand",		1, set_expand },
	{ "e",			0, set_exit_zero },
	{ "rewrite",		0, set_rewrite },
	{ "stop-delay",		0, set_stop_delay },
	{ "submit",		1, set_submit },
	{ "wait",		1, set_wait },
	{ "version",		1, set_version },
	{ "h",			1, set_help },
	{ "help",		1, set_help },
	{ "timeout",		0, set_timeout },
	{ "start",		0, set_start },
	{ "stop",		0, set_stop },
	{ "maxproc",		0, set_maxproc },
	{ "core-fraction",	0, set_maxproc },
	{ "socket",		0, set_socket },
	{ "socket-mode",	0, set_socket_mode },
	{ "socket-group",	0, set_socket_group },
	{ "user",		0, set_user },
	{ "submit-env",		0, set_submit_env },
	{ "submit-max",		0, set_submit_max },
	{ "submit-rate",	0, set_submit_rate },
	{ "u",			0, set_runas },
	{ "policy",		0, set_policy },
	{ "check-policy",	0, set_check_policy },
	{ "as-user",		0, set_as_user },
	{ "log-format",		0, set_log_format },
};

static const struct {
	const char	*name;
	const char	*flag;
} envs[] = {
	{ "DINIT_TIMEOUT",	"timeout" },
	{ "DINIT_STOP_DELAY",	"stop-delay" },
	{ "DINIT_PGROUP",	"g" },
	{ "DINIT_EXPAND",	"expand" },
	{ "DINIT_START",	"start" },
	{ "DINIT_STOP",		"stop" },
	{ "DINIT_SOCKET",	"socket" },
	{ "DINIT_POLICY",	"policy" },
	{ LOG_FORMAT_ENV,	"log-format" },
};

void
usage(int status)
{
	FILE	*fp = status == 0 ? stdout : stderr;

	fprintf(fp,
	    "usage: dinit [-g] [-primary] [-expand=false] [-timeout D]\n"
	    "             [-stop-delay D] [-e CODE] [-rewrite FROM:TO]\n"
	    "             [-start CMD] [-stop CMD] [-maxproc F]\n"
	    "             [-socket PATH] [-socket-mode M]\n"
	    "             [-socket-group G] [-user U[:G]] [-submit-env E]\n"
	    "             [-submit-max N] [-submit-rate N] [-policy FILE]\n"
	    "             [-log-format text|json]\n"
	    "             -r CMD [ARG ...] [-r CMD [ARG ...] ...]\n"
	    "       dinit -submit [-socket PATH] [-u USER[:GROUP]]\n"
	    "             -r CMD [ARG ...] ...\n"
	    "       dinit -submit -wait [-socket PATH] [-u USER[:GROUP]]\n"
	    "             -r CMD [ARG ...]\n"
	    "       dinit -check-policy FILE [-u USER[:GROUP]]\n"
	    "             [-as-user USER] [-r CMD [ARG ...] ...]\n"
	    "       dinit -version | -h\n");
	exit(status);
}

static int
parse_bool(const char *s, int *v)
{
	static const char *const yes[] = { "1", "t", "T", "true", "TRUE",
	    "True" };
	static const char *const no[] = { "0", "f", "F", "false", "FALSE",
	    "False" };
	size_t	 i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0)
			return *v = 1, 0;
		if (strcmp(s, no[i]) == 0)
			return *v = 0, 0;
	}
	return -1;
}

/* Milliseconds per unit of a Go duration. */
static double
unit_ms(const char *s, size_t n)
{
	static const struct {
		const char	*name;
		double		 ms;
	} units[] = {
		{ "ns", 1e-6 }, { "us", 1e-3 }, { "\xc2\xb5s", 1e-3 },
		{ "\xce\xbcs", 1e-3 }, { "ms", 1 }, { "s", 1e3 },
		{ "m", 60e3 }, { "h", 3600e3 },
	};
	size_t	 i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strlen(units[i].name) == n &&
		    memcmp(units[i].name, s, n) == 0)
			return units[i].ms;
	return -1;
}

/* DIGITS[.DIGITS] at s into *v; the end, or NULL if there is no digit. */
static const char *
decimal(const char *s, double *v)
{
	double	 scale = 1;
	int	 digits = 0;

	for (*v = 0; isdigit((unsigned char)*s) && digits < 32; s++, digits++)
		*v = *v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s) && digits < 32; s++, digits++)
			*v += (*s - '0') * (scale /= 10);
	return digits == 0 || isdigit((unsigned char)*s) ? NULL : s;
}

/*
 * A timeout: a plain number of seconds ("10", "1.5") as the original
 * documented, or a Go duration ("10s", "500ms", "1m30s").
 */
int
parse_duration(const char *s, int64_t *ms)
{
	const char	*p = s, *num, *unit;
	double		 total = 0, v, u;

	if (*s == '\0')
		return -1;
	while (*p != '\0') {
		num = p;
		if ((p = decimal(p, &v)) == NULL)
			return -1;
		unit = p;
		while (*p != '\0' && *p != '.' && !isdigit((unsigned char)*p))
			p++;
		if (unit == p && num == s && *p == '\0')
			u = 1e3;	/* bare number: seconds */
		else if ((u = unit_ms(unit, p - unit)) < 0)
			return -1;
		total += v * u;
		if (total > (double)MAX_TIMEOUT_MS)
			return -1;
	}
	*ms = (int64_t)(total + 0.5);
	return 0;
}

static int
set_primary(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->primary_all);
}

static int
set_pgroup(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->pgroup);
}

static int
set_expand(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->expand);
}

static int
set_submit(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->submit);
}

static int
set_wait(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->wait);
}

static int
set_version(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->version);
}

static int
set_help(struct config *c, const char *v, const char **why)
{
	(void)why;
	return parse_bool(v, &c->help);
}

static int
set_timeout(struct config *c, const char *v, const char **why)
{
	*why = "want seconds (10, 1.5) or a duration (10s, 500ms)";
	return parse_duration(v, &c->timeout_ms);
}

static int
set_stop_delay(struct config *c, const char *v, const char **why)
{
	*why = "want seconds (5, 1.5) or a duration (5s, 500ms)";
	return parse_duration(v, &c->stop_delay_ms);
}

/* -e CODE, repeatable: the primary's exit status CODE counts as 0. */
static int
set_exit_zero(struct config *c, const char *v, const char **why)
{
	const char	*errstr;
	int		 code;

	*why = "want an exit status from 0 to 255";
	code = strtonum(v, 0, STATUS_MAX - 1, &errstr);
	if (errstr != NULL)
		return -1;
	c->exit_zero[code] = 1;
	return 0;
}

/* A signal by name (TERM, SIGTERM) or number; -1 if neither. */
static int
signal_arg(const char *s)
{
	const char	*errstr;
	int		 sig;

	sig = strtonum(s, 0, NSIG - 1, &errstr);
	if (errstr == NULL)
		return sig;
	return (sig = signum(s)) == 0 ? -1 : sig;
}

/*
 * -rewrite FROM:TO, repeatable.  FROM is a signal dinit passes on or
 * shuts down on; TO is sent in its place, 0 for nothing.
 */
static int
set_rewrite(struct config *c, const char *v, const char **why)
{
	char	 from[16];
	char	*to;
	int	 f, t;

	*why = "want FROM:TO, names or numbers, FROM one of HUP INT QUIT "
	    "TERM USR1 USR2 WINCH, TO 0 to drop";
	if (strlcpy(from, v, sizeof(from)) >= sizeof(from) ||
	    (to = strchr(from, ':')) == NULL)
		return -1;
	*to++ = '\0';
	if ((f = signal_arg(from)) == -1 || (t = signal_arg(to)) == -1)
		return -1;
	switch (f) {
	case SIGHUP: case SIGINT: case SIGQUIT: case SIGTERM:
	case SIGUSR1: case SIGUSR2: case SIGWINCH:
		c->rewrite[f] = t;
		return 0;
	}
	return -1;
}

/* -start and -stop: one string split into words like a request line. */
static int
set_hook(char ***argvp, const char *v, const char **why)
{
	struct words	 w;
	char		*buf, **argv;
	size_t		 len = strlen(v);
	int		 i;

	if ((buf = malloc(len + 1)) == NULL)
		err(1, NULL);
	if (words_split(v, len, buf, len + 1, &w, why) == -1) {
		free(buf);
		return -1;
	}
	if (w.n == 0) {
		free(buf);
		*argvp = NULL;
		return 0;
	}
	if ((argv = calloc(w.n + 1, sizeof(*argv))) == NULL)
		err(1, NULL);
	for (i = 0; i < w.n; i++)
		if ((argv[i] = strdup(w.w[i])) == NULL)
			err(1, NULL);
	free(buf);
	*argvp = argv;
	return 0;
}

static int
set_start(struct config *c, const char *v, const char **why)
{
	return set_hook(&c->start, v, why);
}

static int
set_stop(struct config *c, const char *v, const char **why)
{
	return set_hook(&c->stop, v, why);
}

static int
set_maxproc(struct config *c, const char *v, const char **why)
{
	const char	*end;

	*why = "want a number >= 0";
	if ((end = decimal(v, &c->maxproc)) == NULL || *end != '\0' ||
	    c->maxproc > 1024)
		return -1;
	return 0;
}

static int
set_socket(struct config *c, const char *v, const char **why)
{
	*why = "want a path or none";
	if (*v == '\0')
		return -1;
	c->socket = strcmp(v, "none") == 0 ? NULL : v;
	c->socket_given = 1;
	return 0;
}

static int
set_socket_mode(struct config *c, const char *v, const char **why)
{
	char	*end;
	long	 m;

	*why = "want an octal mode up to 0777";
	errno = 0;
	m = strtol(v, &end, 8);
	if (*v == '\0' || *end != '\0' || errno != 0 || m < 0 || m > 0777)
		return -1;
	c->socket_mode = m;
	return 0;
}

/* A number, or a name looked up with fn; -1 if neither. */
static long long
lookup_id(const char *s, long long (*fn)(const char *))
{
	const char	*errstr;
	long long	 id;

	id = strtonum(s, 0, UINT_MAX - 1, &errstr);
	if (errstr == NULL)
		return id;
	return fn(s);
}

static long long
group_id(const char *name)
{
	struct group	*gr;

	return (gr = getgrnam(name)) == NULL ? -1 : (long long)gr->gr_gid;
}

static long long
user_id(const char *name)
{
	struct passwd	*pw;

	return (pw = getpwnam(name)) == NULL ? -1 : (long long)pw->pw_uid;
}

static int
set_socket_group(struct config *c, const char *v, const char **why)
{
	long long	 gid;

	*why = "no such group";
	if ((gid = lookup_id(v, group_id)) == -1)
		return -1;
	c->socket_gid = gid;
	return 0;
}

/*
 * U[:G], names or numbers.  Without G, a user from the password file
 * gets its primary group and a bare number the same number as gid.
 */
static int
set_user(struct config *c, const char *v, const char **why)
{
	struct passwd	*pw;
	char		 u[256];
	const char	*g;
	long long	 uid, gid;

	*why = "no such user or group";
	g = strchr(v, ':');
	if (strlcpy(u, v, sizeof(u)) >= sizeof(u))
		return -1;
	if (g != NULL)
		u[g++ - v] = '\0';
	if (*u == '\0' || (uid = lookup_id(u, user_id)) == -1)
		return -1;
	if (g != NULL)
		gid = lookup_id(g, group_id);
	else if ((pw = getpwuid(uid)) != NULL)
		gid = pw->pw_gid;
	else
		gid = uid;
	if (gid == -1)
		return -1;
	c->user_uid = uid;
	c->user_gid = gid;
	return 0;
}

/* One of two words, no (0) or yes (1). */
static int
set_choice(int *dst, const char *v, const char *no, const char *yes)
{
	if (strcmp(v, no) == 0)
		*dst = 0;
	else if (strcmp(v, yes) == 0)
		*dst = 1;
	else
		return -1;
	return 0;
}

static int
set_submit_env(struct config *c, const char *v, const char **why)
{
	*why = "want minimal or inherit";
	return set_choice(&c->submit_env_inherit, v, "minimal", "inherit");
}

static int
set_submit_max(struct config *c, const char *v, const char **why)
{
	const char	*errstr;

	*why = "want a number from 0 to 4096";
	c->submit_max = strtonum(v, 0, 4096, &errstr);
	return errstr == NULL ? 0 : -1;
}

static int
set_submit_rate(struct config *c, const char *v, const char **why)
{
	const char	*errstr;

	*why = "want submissions per second, 0 for no limit";
	c->submit_rate = strtonum(v, 0, 1000000, &errstr);
	return errstr == NULL ? 0 : -1;
}

/* A flag whose value is kept as it is, for another file to read. */
static int
set_word(const char **dst, const char *v, const char **why,
    const char *want)
{
	*why = want;
	if (*v == '\0')
		return -1;
	*dst = v;
	return 0;
}

/* -u: whom to run as; the client looks the names up (common/users.h). */
static int
set_runas(struct config *c, const char *v, const char **why)
{
	return set_word(&c->runas, v, why, "want USER[:GROUP]");
}

/* -policy, -check-policy, -as-user: for init/policy_load.c and check. */
static int
set_policy(struct config *c, const char *v, const char **why)
{
	return set_word(&c->policy, v, why, "want a file");
}

static int
set_check_policy(struct config *c, const char *v, const char **why)
{
	return set_word(&c->check_policy, v, why, "want a file");
}

static int
set_as_user(struct config *c, const char *v, const char **why)
{
	return set_word(&c->as_user, v, why, "want USER, UID or UID:GID");
}

static int
set_log_format(struct config *c, const char *v, const char **why)
{
	*why = "want text or json";
	return set_choice(&c->log_json, v, "text", "json");
}

static const struct flag *
find_flag(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strlen(flags[i].name) == n &&
		    strncmp(flags[i].name, name, n) == 0)
			return &flags[i];
	return NULL;
}

static int
is_r(const char *s)
{
	return strcmp(s, "-r") == 0;
}

static int
defaults(struct config *c, char *errbuf, size_t errlen)
{
	const struct flag	*f;
	const char		*v, *why;
	size_t			 i;

	memset(c, 0, sizeof(*c));
	c->expand = 1;
	for (i = 0; i < NSIG; i++)
		c->rewrite[i] = i;
	c->timeout_ms = DEFAULT_TIMEOUT;
	c->socket = DEFAULT_SOCKET;
	c->socket_mode = 0600;
	c->socket_gid = (gid_t)-1;
	c->submit_max = DEFAULT_SUBMIT_MAX;
	c->submit_rate = DEFAULT_SUBMIT_RATE;
	c->user_uid = (uid_t)-1;	/* nobody: init/keeper/sockd_user.c */
	c->user_gid = (gid_t)-1;
	for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++) {
		if ((v = getenv(envs[i].name)) == NULL)
			continue;
		f = find_flag(envs[i].flag, strlen(envs[i].flag));
		why = "want true or false";
		if (f->set(c, v, &why) == -1) {
			snprintf(errbuf, errlen, "invalid value \"%s\" for %s: %s",
			    v, envs[i].name, why);
			return -1;
		}
	}
	return 0;
}

/* One command: argv[*ip] is its name, it runs to the next -r. */
static int
parse_cmd(struct config *c, int argc, char **argv, int *ip)
{
	char	**cmd;
	int	   i = *ip, n, k;

	for (n = 0; i + n < argc && !is_r(argv[i + n]); n++)
		;
	if (n == 0 || c->ncmd == CMD_MAX)
		return -1;
	if ((cmd = calloc(n + 1, sizeof(*cmd))) == NULL)
		err(1, NULL);
	for (k = 0; k < n; k++) {
		cmd[k] = strdup(strcmp(argv[i + k], "\\-r") == 0 ? "-r" :
		    argv[i + k]);
		if (cmd[k] == NULL)
			err(1, NULL);
	}
	c->cmd[c->ncmd++] = cmd;
	*ip = i + n;
	return 0;
}

static int
parse_cmds(struct config *c, int argc, char **argv, int i, char *errbuf,
    size_t errlen)
{
	while (i < argc) {
		i++;	/* the -r */
		if (parse_cmd(c, argc, argv, &i) == -1) {
			snprintf(errbuf, errlen, c->ncmd == CMD_MAX ?
			    "too many -r commands" : "flag needs an argument: -r");
			return -1;
		}
	}
	return 0;
}

/* -r or --r: the commands start. */
static int
is_r_flag(const char *arg)
{
	return strcmp(arg, "-r") == 0 || strcmp(arg, "--r") == 0;
}

/* The flag at argv[*ip], and its value; *ip is left on the last used. */
static int
parse_flag(struct config *c, int argc, char **argv, int *ip, char *errbuf,
    size_t errlen)
{
	const struct flag	*f;
	const char		*arg = argv[*ip], *name, *val, *why;
	size_t			 n;

	if (strcmp(arg, "--") == 0 && *ip + 1 < argc &&
	    is_r_flag(argv[*ip + 1]))
		return 0;
	if (arg[0] != '-' || arg[1] == '\0') {
		snprintf(errbuf, errlen, "unexpected argument \"%s\"", arg);
		return -1;
	}
	name = arg + (arg[1] == '-' ? 2 : 1);
	val = strchr(name, '=');
	n = val != NULL ? (size_t)(val - name) : strlen(name);
	if (val != NULL)
		val++;
	if (n == 0 || name[0] == '-' || (f = find_flag(name, n)) == NULL) {
		snprintf(errbuf, errlen,
		    "flag provided but not defined: -%.*s", (int)n, name);
		return -1;
	}
	if (val == NULL && f->isbool)
		val = "true";
	else if (val == NULL && ++*ip < argc)
		val = argv[*ip];
	else if (val == NULL) {
		snprintf(errbuf, errlen, "flag needs an argument: -%s",
		    f->name);
		return -1;
	}
	why = "want true or false";
	if (f->set(c, val, &why) == -1) {
		snprintf(errbuf, errlen,
		    "invalid value \"%s\" for flag -%s: %s", val, f->name, why);
		return -1;
	}
	return 0;
}

/* $NAME and ${NAME} in each word, once every flag is known. */
static void
expand_argv(char **argv)
{
	char	*w;

	for (; argv != NULL && *argv != NULL; argv++) {
		w = expand(*argv);
		free(*argv);
		*argv = w;
	}
}

/* Returns 0, or -1 with a one-line message in errbuf (usage, exit 2). */
int
opts_parse(struct config *c, int argc, char **argv, char *errbuf,
    size_t errlen)
{
	int	 i;

	if (defaults(c, errbuf, errlen) == -1)
		return -1;
	for (i = 1; i < argc && !is_r_flag(argv[i]); i++)
		if (parse_flag(c, argc, argv, &i, errbuf, errlen) == -1)
			return -1;
	if (parse_cmds(c, argc, argv, i, errbuf, errlen) == -1)
		return -1;
	if (c->expand) {
		expand_argv(c->start);
		expand_argv(c->stop);
		for (i = 0; i < c->ncmd; i++)
			expand_argv(c->cmd[i]);
	}
	return 0;
}
