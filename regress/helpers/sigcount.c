/*
 * sigcount FILE: count the HUPs and USR1s received and keep FILE saying
 * so, as "HUP n\nUSR1 m\n", rewritten (atomically) after every wake-up;
 * FILE first appears once the handlers are in place.  On TERM, add a
 * line "TERM" and exit 0.  Signals of one kind coalesce while pending,
 * so n and m count deliveries, not sends.
 */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t	 hups, usr1s, term;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		hups++;
	else if (sig == SIGUSR1)
		usr1s++;
	else
		term = 1;
}

static void
report(const char *file)
{
	char	 tmp[4096];
	FILE	*f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	if ((f = fopen(tmp, "w")) == NULL)
		err(1, "%s", tmp);
	fprintf(f, "HUP %d\nUSR1 %d\n%s", (int)hups, (int)usr1s,
	    term ? "TERM\n" : "");
	if (fclose(f) == EOF)
		err(1, "%s", tmp);
	if (rename(tmp, file) == -1)
		err(1, "rename %s", file);
}

int
main(int argc, char *argv[])
{
	struct sigaction	 sa;
	sigset_t		 set, none;

	if (argc != 2)
		errx(2, "usage: sigcount FILE");
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(1, "sigprocmask");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_mask = set;
	if (sigaction(SIGHUP, &sa, NULL) == -1 ||
	    sigaction(SIGUSR1, &sa, NULL) == -1 ||
	    sigaction(SIGTERM, &sa, NULL) == -1)
		err(1, "sigaction");
	sigemptyset(&none);
	report(argv[1]);
	while (!term) {
		sigsuspend(&none);
		report(argv[1]);
	}
	return 0;
}
