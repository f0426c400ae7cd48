#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "common/signame.h"
#include "common/util.h"

static const struct {
	int		 sig;
	const char	*name;
} names[] = {
	{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" },
	{ SIGILL, "ILL" }, { SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" },
	{ SIGBUS, "BUS" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
	{ SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" },
	{ SIGCHLD, "CHLD" }, { SIGCONT, "CONT" }, { SIGSTOP, "STOP" },
	{ SIGTSTP, "TSTP" }, { SIGTTIN, "TTIN" }, { SIGTTOU, "TTOU" },
	{ SIGURG, "URG" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" }, { SIGPWR, "PWR" }, { SIGSYS, "SYS" },
};

/* Names for the log; musl has no sigabbrev_np. */
const char *
signame(int sig)
{
	size_t	 i;

	for (i = 0; i < nitems(names); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return "?";
}

/* The number of "TERM", "SIGTERM" or "term"; 0 if there is no such name. */
int
signum(const char *name)
{
	size_t	 i;

	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (i = 0; i < nitems(names); i++)
		if (strcasecmp(names[i].name, name) == 0)
			return names[i].sig;
	return 0;
}
