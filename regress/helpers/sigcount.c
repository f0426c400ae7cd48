/*
 * sigcount FILE [SIG ...]: count the signals SIG (HUP and USR1 if none
 * is given; names as kill -l has them) received and keep FILE saying so,
 * one line "SIG n" each, in the order given, rewritten (atomically)
 * after every wake-up; FILE first appears once the handlers are in
 * place.  On TERM, add a line "TERM" and exit 0.  Signals of one kind
 * coalesce while pending, so the counts are of deliveries, not sends.
 */
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common/util.h"

#define COUNTED_MAX	8

static const struct {
	const char	*name;
	int		 sig;
} names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "WINCH", SIGWINCH },
};

static const char		*counted[COUNTED_MAX];
static int			 sigs[COUNTED_MAX], ncounted;
static volatile sig_atomic_t	 counts[COUNTED_MAX], term;

static void
on_signal(int sig)
{
	int	 i;

	for (i = 0; i < ncounted; i++)
		if (sigs[i] == sig)
			counts[i]++;
	if (sig == SIGTERM)
		term = 1;
}

static void
count(const char *name)
{
	size_t	 i;

	if (ncounted == COUNTED_MAX)
		errx(2, "at most %d signals", COUNTED_MAX);
	for (i = 0; i < nitems(names); i++)
		if (strcmp(names[i].name, name) == 0) {
			counted[ncounted] = name;
			sigs[ncounted++] = names[i].sig;
			return;
		}
	errx(2, "%s: not a signal sigcount counts", name);
}

static void
report(const char *file)
{
	char	 tmp[4096];
	FILE	*f;
	int	 i;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	if ((f = fopen(tmp, "w")) == NULL)
		err(1, "%s", tmp);
	for (i = 0; i < ncounted; i++)
		fprintf(f, "%s %d\n", counted[i], (int)counts[i]);
	fprintf(f, "%s", term ? "TERM\n" : "");
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
	int			 i;

	if (argc < 2)
		errx(2, "usage: sigcount FILE [SIG ...]");
	if (argc == 2) {
		count("HUP");
		count("USR1");
	}
	for (i = 2; i < argc; i++)
		count(argv[i]);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	for (i = 0; i < ncounted; i++)
		sigaddset(&set, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(1, "sigprocmask");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_mask = set;
	if (sigaction(SIGTERM, &sa, NULL) == -1)
		err(1, "sigaction");
	for (i = 0; i < ncounted; i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			err(1, "sigaction");
	sigemptyset(&none);
	report(argv[1]);
	while (!term) {
		sigsuspend(&none);
		report(argv[1]);
	}
	return 0;
}
