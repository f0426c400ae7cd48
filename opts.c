/*
 * The command line: one table of flags (opts_table) and one parser that
 * walks it.  The defaults come first, then the DINIT_* variables, then
 * the flags, each overriding what came before.
 */
#include <sys/types.h>

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/duration.h"
#include "common/expand.h"
#include "common/limits.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/redact.h"
#include "common/signame.h"
#include "common/util.h"
#include "common/words.h"
#include "opts.h"

#define AT(field)	offsetof(struct config, field)

/* struct opt keeps a field's offset in 16 bits. */
_Static_assert(sizeof(struct config) <= UINT16_MAX, "struct config too big");
#define WANT_BOOL	"want true or false"
#define FRACTION_MAX	1024
#define WANT_FRACTION	"want a number from 0 to 1024"	/* FRACTION_MAX */

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
	    "             [-submit-max N] [-submit-rate N] [-submit-limit LIST]\n"
	    "             [-policy FILE] [-log-format text|json] [-audit SINK]\n"
	    "             [-audit-key-file FILE] [-redact LIST]\n"
	    "             [-run-as USER[:GROUP]] [-preserve-fds N]\n"
	    "             -r CMD [ARG ...] [-r CMD [ARG ...] ...]\n"
	    "       dinit [flags] -- CMD [ARG ...]\n"
	    "       dinit -submit [-socket PATH] [-u USER[:GROUP]]\n"
	    "             [-time-limit D] [-reason TEXT] -r CMD [ARG ...] ...\n"
	    "       dinit -submit -wait [-t] [-socket PATH] [-u USER[:GROUP]]\n"
	    "             [-time-limit D] [-reason TEXT] -r CMD [ARG ...]\n"
	    "       dinit -status [-json] [-socket PATH]\n"
	    "       dinit -signal ID SIG [-socket PATH]\n"
	    "       dinit -kill ID [-socket PATH]\n"
	    "       dinit -check-policy FILE [-u USER[:GROUP]]\n"
	    "             [-as-user USER] [-r CMD [ARG ...] ...]\n"
	    "       dinit -verify-audit FILE -audit-key-file FILE\n"
	    "             [-anchor SEQ:MAC]\n"
	    "       dinit -version | -h\n");
	exit(status);
}

/* The spellings Go's strconv.ParseBool takes. */
static int
parse_bool(const char *s, int *v)
{
	static const char *const yes[] = { "1", "t", "T", "true", "TRUE",
	    "True" };
	static const char *const no[] = { "0", "f", "F", "false", "FALSE",
	    "False" };
	size_t	 i;

	for (i = 0; i < nitems(yes); i++) {
		if (strcmp(s, yes[i]) == 0)
			return *v = 1, 0;
		if (strcmp(s, no[i]) == 0)
			return *v = 0, 0;
	}
	return -1;
}

/* One of two words: 0 for the first, 1 for the second. */
static int
parse_choice(const char *v, const char *const words[2], int *dst)
{
	if (strcmp(v, words[0]) == 0)
		*dst = 0;
	else if (strcmp(v, words[1]) == 0)
		*dst = 1;
	else
		return -1;
	return 0;
}

/* -e CODE, repeatable: the primary's exit status CODE counts as 0. */
static int
set_exit_zero(void *dst, const char *v)
{
	unsigned char	*exit_zero = dst;
	const char	*errstr;
	int		 code;

	code = strtonum(v, 0, STATUS_MAX - 1, &errstr);
	if (errstr != NULL)
		return -1;
	exit_zero[code] = 1;
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
set_rewrite(void *dst, const char *v)
{
	unsigned char	*rewrite = dst;
	char		 from[16];
	char		*to;
	int		 f, t;

	if (strlcpy(from, v, sizeof(from)) >= sizeof(from) ||
	    (to = strchr(from, ':')) == NULL)
		return -1;
	*to++ = '\0';
	if ((f = signal_arg(from)) == -1 || (t = signal_arg(to)) == -1)
		return -1;
	switch (f) {
	case SIGHUP: case SIGINT: case SIGQUIT: case SIGTERM:
	case SIGUSR1: case SIGUSR2: case SIGWINCH:
		rewrite[f] = t;
		return 0;
	}
	return -1;
}

/* -start and -stop: one string split into words like a request line. */
static const char *
parse_argv(const char *v, char ***argvp)
{
	struct words	 w;
	const char	*why;
	char		*buf, **argv;
	size_t		 len = strlen(v);
	int		 i;

	if ((buf = malloc(len + 1)) == NULL)
		err(1, NULL);
	if ((why = words_split(v, len, buf, len + 1, &w)) != NULL) {
		free(buf);
		return why;
	}
	if (w.n == 0) {
		free(buf);
		*argvp = NULL;
		return NULL;
	}
	if ((argv = calloc(w.n + 1, sizeof(*argv))) == NULL)
		err(1, NULL);
	for (i = 0; i < w.n; i++)
		if ((argv[i] = strdup(w.w[i])) == NULL)
			err(1, NULL);
	free(buf);
	*argvp = argv;
	return NULL;
}

/* -maxproc F: a fraction of the cpus, up to 1024 times them. */
static int
set_fraction(void *dst, const char *v)
{
	double		*f = dst;
	const char	*end;

	if ((end = parse_decimal(v, f)) == NULL || *end != '\0' || *f > FRACTION_MAX)
		return -1;
	return 0;
}

static int
set_socket(void *dst, const char *v)
{
	const char	**socket = dst;

	if (*v == '\0')
		return -1;
	*socket = strcmp(v, "none") == 0 ? NULL : v;
	return 0;
}

static int
set_socket_mode(void *dst, const char *v)
{
	char	*end;
	long	 m;

	errno = 0;
	m = strtol(v, &end, 8);
	if (*v == '\0' || *end != '\0' || errno != 0 || m < 0 || m > 0777)
		return -1;
	*(mode_t *)dst = m;
	return 0;
}

/* -submit-limit LIST: a submission's limits where no rule says. */
static int
set_limits(void *dst, const char *v)
{
	return limits_parse(v, dst) == NULL ? 0 : -1;
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
set_socket_group(void *dst, const char *v)
{
	long long	 gid;

	if ((gid = lookup_id(v, group_id)) == -1)
		return -1;
	*(gid_t *)dst = gid;
	return 0;
}

/*
 * U[:G], names or numbers.  Without G, a user from the password file
 * gets its primary group and a bare number the same number as gid.
 * dst is c->user_uid, and c->user_gid takes the group.
 */
static int
set_user(void *dst, const char *v)
{
	struct config	*c = (struct config *)((char *)dst - AT(user_uid));
	struct passwd	*pw;
	char		 u[256];
	const char	*g;
	long long	 uid, gid;

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

/* -audit SINK, repeatable: opened by init (common/audit.c) at start. */
static int
set_audit(void *dst, const char *v)
{
	struct config	*c = (struct config *)((char *)dst - AT(audit));

	if (*v == '\0' || c->naudit == (int)nitems(c->audit))
		return -1;
	c->audit[c->naudit++] = v;
	return 0;
}

/* -reason TEXT: why a submission is made, for the audit trail. */
static int
set_reason(void *dst, const char *v)
{
	if (*v == '\0' || strlen(v) > PROTO_REASON_MAX)
		return -1;
	*(const char **)dst = v;
	return 0;
}

/* -redact LIST: positions of a submission's argv (common/redact.h). */
static int
set_redact(void *dst, const char *v)
{
	return redact_parse(v, dst) == NULL ? 0 : -1;
}

/*
 * Every flag.  The variables are read in this order.  A NULL default
 * leaves the field as defaults() sets it: zero, or unset (-user: nobody,
 * looked up by init/keeper/sockd_user.c; -socket-group: root's).
 */
const struct opt	opts_table[] = {
	{ "primary", NULL, OPT_BOOL, "false", FOR_INIT, AT(primary_all),
	    .want = WANT_BOOL },
	{ "timeout", "DINIT_TIMEOUT", OPT_DURATION, "10s", FOR_INIT,
	    AT(timeout_ms),
	    .want = "want seconds (10, 1.5) or a duration (10s, 500ms)" },
	{ "stop-delay", "DINIT_STOP_DELAY", OPT_DURATION, "0", FOR_INIT,
	    AT(stop_delay_ms),
	    .want = "want seconds (5, 1.5) or a duration (5s, 500ms)" },
	{ "g", "DINIT_PGROUP", OPT_BOOL, "false", FOR_INIT, AT(pgroup),
	    .want = WANT_BOOL },
	{ "expand", "DINIT_EXPAND", OPT_BOOL, "true", FOR_ALL, AT(expand),
	    .want = WANT_BOOL },
	{ "e", NULL, OPT_FUNC, NULL, FOR_INIT, AT(exit_zero),
	    .want = "want an exit status from 0 to 255",
	    .lo = 0, .hi = STATUS_MAX - 1, .set = set_exit_zero },
	{ "rewrite", NULL, OPT_FUNC, NULL, FOR_INIT, AT(rewrite),
	    .want = "want FROM:TO, names or numbers, FROM one of HUP INT "
	    "QUIT TERM USR1 USR2 WINCH, TO 0 to drop", .set = set_rewrite },
	{ "start", "DINIT_START", OPT_ARGV, NULL, FOR_INIT, AT(start),
	    .want = NULL },
	{ "stop", "DINIT_STOP", OPT_ARGV, NULL, FOR_INIT, AT(stop),
	    .want = NULL },
	{ "maxproc", NULL, OPT_FUNC, "0", FOR_INIT, AT(maxproc),
	    .want = WANT_FRACTION, .lo = 0, .hi = FRACTION_MAX,
	    .set = set_fraction },
	{ "core-fraction", NULL, OPT_FUNC, NULL, FOR_INIT, AT(maxproc),
	    .want = WANT_FRACTION, .lo = 0, .hi = FRACTION_MAX,
	    .set = set_fraction },
	{ "submit", NULL, OPT_BOOL, NULL, FOR_SUBMIT, AT(submit),
	    .want = WANT_BOOL },
	{ "wait", NULL, OPT_BOOL, NULL, FOR_SUBMIT, AT(wait),
	    .want = WANT_BOOL },
	{ "t", NULL, OPT_BOOL, NULL, FOR_SUBMIT, AT(tty),
	    .want = WANT_BOOL },
	{ "reason", NULL, OPT_FUNC, NULL, FOR_SUBMIT, AT(reason),
	    .want = "want 1 to 200 bytes", .set = set_reason },
	{ "status", NULL, OPT_BOOL, NULL, FOR_CONTROL, AT(status),
	    .want = WANT_BOOL },
	{ "json", NULL, OPT_BOOL, NULL, FOR_CONTROL, AT(json),
	    .want = WANT_BOOL },
	{ "signal", NULL, OPT_PAIR, NULL, FOR_CONTROL, AT(signal_args),
	    .want = "ID SIG" },
	{ "kill", NULL, OPT_WORD, NULL, FOR_CONTROL, AT(kill_id),
	    .want = "want a submission's id" },
	{ "socket", "DINIT_SOCKET", OPT_FUNC, DEFAULT_SOCKET,
	    FOR_INIT | FOR_SUBMIT | FOR_CONTROL, AT(socket),
	    .want = "want a path or none",
	    .set = set_socket, .given = AT(socket_given) },
	{ "socket-mode", NULL, OPT_FUNC, "0600", FOR_INIT, AT(socket_mode),
	    .want = "want an octal mode up to 0777", .set = set_socket_mode },
	{ "socket-group", NULL, OPT_FUNC, NULL, FOR_INIT, AT(socket_gid),
	    .want = "no such group", .set = set_socket_group },
	{ "user", NULL, OPT_FUNC, NULL, FOR_INIT, AT(user_uid),
	    .want = "no such user or group", .set = set_user },
	{ "submit-env", NULL, OPT_CHOICE, "minimal", FOR_INIT,
	    AT(submit_env_inherit), .want = "want minimal or inherit",
	    .words = { "minimal", "inherit" } },
	{ "submit-max", NULL, OPT_NUMBER, "256", FOR_INIT, AT(submit_max),
	    .want = "want a number from 0 to 4096", .lo = 0, .hi = 4096 },
	{ "submit-rate", NULL, OPT_NUMBER, "200", FOR_INIT, AT(submit_rate),
	    .want = "want submissions per second from 0 (no limit) to 1000000",
	    .lo = 0, .hi = 1000000 },
	{ "submit-limit", "DINIT_SUBMIT_LIMIT", OPT_FUNC, NULL, FOR_INIT,
	    AT(submit_limit), .want = "want key=value,... of time, "
	    "kill-after, teardown, nofile, nproc, as, fsize, core, cpu, stack",
	    .set = set_limits },
	{ "time-limit", NULL, OPT_DURATION, NULL, FOR_SUBMIT,
	    AT(time_limit_ms),
	    .want = "want a duration (30s, 500ms)" },
	{ "run-as", "DINIT_RUN_AS", OPT_WORD, NULL, FOR_INIT, AT(run_as),
	    .want = "want USER[:GROUP] or UID[:GID]" },
	{ "preserve-fds", NULL, OPT_NUMBER, "0", FOR_INIT, AT(preserve_fds),
	    .want = "want a number of fds from 0 to 1024", .lo = 0,
	    .hi = 1024 },
	{ "policy", "DINIT_POLICY", OPT_WORD, NULL, FOR_INIT, AT(policy),
	    .want = "want a file" },
	{ "u", NULL, OPT_WORD, NULL, FOR_SUBMIT | FOR_CHECK, AT(runas),
	    .want = "want USER[:GROUP]" },
	{ "check-policy", NULL, OPT_WORD, NULL, FOR_CHECK, AT(check_policy),
	    .want = "want a file" },
	{ "as-user", NULL, OPT_WORD, NULL, FOR_CHECK, AT(as_user),
	    .want = "want USER, UID or UID:GID" },
	{ "log-format", LOG_FORMAT_ENV, OPT_CHOICE, "text", FOR_ALL,
	    AT(log_json), .want = "want text or json",
	    .words = { "text", "json" } },
	{ "audit", NULL, OPT_FUNC, NULL, FOR_INIT, AT(audit),
	    .want = "want file:PATH, syslog[:PATH] or journald[:PATH], "
	    "8 at most", .set = set_audit },
	{ "redact", NULL, OPT_FUNC, NULL, FOR_INIT, AT(redact),
	    .want = "want argv positions from 1: N, N-M or N-, "
	    "comma-separated", .set = set_redact },
	{ "audit-key-file", NULL, OPT_WORD, NULL, FOR_INIT | FOR_VERIFY,
	    AT(audit_key), .want = "want a file" },
	{ "verify-audit", NULL, OPT_WORD, NULL, FOR_VERIFY, AT(verify_audit),
	    .want = "want a file" },
	{ "anchor", NULL, OPT_WORD, NULL, FOR_VERIFY, AT(anchor),
	    .want = "want SEQ:MAC" },
	{ "version", NULL, OPT_BOOL, NULL, FOR_ALL, AT(version),
	    .want = WANT_BOOL },
	{ "h", NULL, OPT_BOOL, NULL, FOR_ALL, AT(help), .want = WANT_BOOL },
	{ "help", NULL, OPT_BOOL, NULL, FOR_ALL, AT(help),
	    .want = WANT_BOOL },
};
const size_t		opts_count = nitems(opts_table);

/* v into o's field; why not, NULL when fine. */
static const char *
apply(const struct opt *o, struct config *c, const char *v)
{
	void		*dst = (char *)c + o->off;
	const char	*errstr;
	int		 r = -1;

	switch (o->kind) {
	case OPT_BOOL:
		r = parse_bool(v, dst);
		break;
	case OPT_DURATION:
		r = parse_duration(v, dst);
		break;
	case OPT_NUMBER:
		*(int *)dst = strtonum(v, o->lo, o->hi, &errstr);
		r = errstr == NULL ? 0 : -1;
		break;
	case OPT_WORD:
		if (*v != '\0') {
			*(const char **)dst = v;
			r = 0;
		}
		break;
	case OPT_CHOICE:
		r = parse_choice(v, o->words, dst);
		break;
	case OPT_ARGV:
		return parse_argv(v, dst);
	case OPT_PAIR:
		break;		/* parse_pair's */
	case OPT_FUNC:
		r = o->set(dst, v);
		break;
	}
	return r == 0 ? NULL : o->want;
}

/* By the flag or its variable, not by default. */
static const char *
apply_given(const struct opt *o, struct config *c, const char *v)
{
	const char	*why;

	if ((why = apply(o, c, v)) != NULL)
		return why;
	if (o->given != 0)
		*(int *)((char *)c + o->given) = 1;
	return NULL;
}

/* The one-line message of a usage error, in the one buffer for it. */
static const char *
usage_error(const char *fmt, ...)
{
	static char	 msg[512];
	va_list		 ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return msg;
}

static const struct opt *
find_opt(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < opts_count; i++)
		if (strlen(opts_table[i].name) == n &&
		    strncmp(opts_table[i].name, name, n) == 0)
			return &opts_table[i];
	return NULL;
}

/* The table's defaults, then the variables. */
static const char *
defaults(struct config *c)
{
	const struct opt	*o;
	const char		*v, *why;
	size_t			 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NSIG; i++)
		c->rewrite[i] = i;
	c->socket_gid = (gid_t)-1;
	c->user_uid = (uid_t)-1;
	c->user_gid = (gid_t)-1;
	limits_none(&c->submit_limit);
	for (o = opts_table; o < opts_table + opts_count; o++)
		if (o->def != NULL && (why = apply(o, c, o->def)) != NULL)
			errx(1, "default of -%s: %s", o->name, why);
	for (o = opts_table; o < opts_table + opts_count; o++) {
		if (o->env == NULL || (v = getenv(o->env)) == NULL)
			continue;
		if ((why = apply_given(o, c, v)) != NULL)
			return usage_error("invalid value \"%s\" for %s: %s",
			    v, o->env, why);
	}
	return NULL;
}

static int
is_r(const char *s)
{
	return strcmp(s, "-r") == 0;
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

/*
 * -- CMD [ARG ...], as a runtime starts its init (docker run --init):
 * one command, every word as given, none expanded.
 */
static void
parse_verbatim(struct config *c, int argc, char **argv, int i)
{
	char	**cmd;
	int	   k;

	if (i >= argc)
		return;
	if ((cmd = calloc(argc - i + 1, sizeof(*cmd))) == NULL)
		err(1, NULL);
	for (k = 0; i + k < argc; k++)
		if ((cmd[k] = strdup(argv[i + k])) == NULL)
			err(1, NULL);
	c->cmd[c->ncmd++] = cmd;
}

static const char *
parse_cmds(struct config *c, int argc, char **argv, int i)
{
	while (i < argc) {
		i++;	/* the -r */
		if (parse_cmd(c, argc, argv, &i) == -1)
			return c->ncmd == CMD_MAX ? "too many -r commands" :
			    "flag needs an argument: -r";
	}
	return NULL;
}

/* -r or --r: the commands start. */
static int
is_r_flag(const char *arg)
{
	return strcmp(arg, "-r") == 0 || strcmp(arg, "--r") == 0;
}

/* -- not followed by -r: the one command follows, verbatim. */
static int
is_verbatim(int argc, char **argv, int i)
{
	return strcmp(argv[i], "--") == 0 &&
	    (i + 1 == argc || !is_r_flag(argv[i + 1]));
}

/* -flag A B, or -flag=A B: two values, kept as given. */
static const char *
parse_pair(const struct opt *o, struct config *c, int argc, char **argv,
    int *ip, const char *val)
{
	const char	**dst = (const char **)((char *)c + o->off);

	if (val == NULL && *ip + 1 < argc)
		val = argv[++*ip];
	if (val == NULL || *ip + 1 >= argc || is_r_flag(argv[*ip + 1]))
		return usage_error("flag needs two arguments: -%s %s",
		    o->name, o->want);
	dst[0] = val;
	dst[1] = argv[++*ip];
	return NULL;
}

/* The flag at argv[*ip], and its value; *ip is left on the last used. */
static const char *
parse_flag(struct config *c, int argc, char **argv, int *ip)
{
	const struct opt	*o;
	const char		*arg = argv[*ip], *name, *val, *why;
	size_t			 n;

	if (strcmp(arg, "--") == 0 && *ip + 1 < argc &&
	    is_r_flag(argv[*ip + 1]))
		return NULL;
	if (arg[0] != '-' || arg[1] == '\0')
		return usage_error("unexpected argument \"%s\"", arg);
	name = arg + (arg[1] == '-' ? 2 : 1);
	val = strchr(name, '=');
	n = val != NULL ? (size_t)(val - name) : strlen(name);
	if (val != NULL)
		val++;
	if (n == 0 || name[0] == '-' || (o = find_opt(name, n)) == NULL)
		return usage_error("flag provided but not defined: -%.*s",
		    (int)n, name);
	if (o->kind == OPT_PAIR)
		return parse_pair(o, c, argc, argv, ip, val);
	if (val == NULL && o->kind == OPT_BOOL)
		val = "true";
	else if (val == NULL && ++*ip < argc)
		val = argv[*ip];
	else if (val == NULL)
		return usage_error("flag needs an argument: -%s", o->name);
	if ((why = apply_given(o, c, val)) != NULL)
		return usage_error("invalid value \"%s\" for flag -%s: %s",
		    val, o->name, why);
	return NULL;
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

/* Why the command line is wrong (a one-line usage error), or NULL. */
const char *
opts_parse(struct config *c, int argc, char **argv)
{
	const char	*why;
	int		 i, verbatim = 0;

	if ((why = defaults(c)) != NULL)
		return why;
	for (i = 1; i < argc && !is_r_flag(argv[i]) &&
	    !is_verbatim(argc, argv, i); i++)
		if ((why = parse_flag(c, argc, argv, &i)) != NULL)
			return why;
	if (i < argc && is_verbatim(argc, argv, i))
		verbatim = i + 1;
	else if ((why = parse_cmds(c, argc, argv, i)) != NULL)
		return why;
	if (c->expand) {
		expand_argv(c->start);
		expand_argv(c->stop);
		for (i = 0; i < c->ncmd; i++)
			expand_argv(c->cmd[i]);
	}
	if (verbatim != 0)
		parse_verbatim(c, argc, argv, verbatim);
	return NULL;
}
