/*
 * symswap PATH TARGET MODE GID: a local user racing dinit for its socket
 * in a directory that user may write.  While PATH is free it puts a
 * symlink to TARGET there and takes it away, over and over.  Whenever
 * a new socket appears at PATH it notes the socket's mode and group,
 * then at once renames a symlink to TARGET over it, so that a chmod or
 * chown of PATH would land on TARGET; that symlink stays a moment.
 * Each socket seen without MODE (octal) and GID is printed as it was
 * seen; on TERM, a last line "sockets N swapped M wrong K".
 */
#include <sys/stat.h>

#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define HOLD_NS	2000000LL	/* how long a swapped-in symlink stays */

static volatile sig_atomic_t	 term;

static void
on_term(int sig)
{
	(void)sig;
	term = 1;
}

static long long
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
main(int argc, char *argv[])
{
	struct sigaction	 sa = { .sa_handler = on_term };
	struct stat		 st;
	char			 link[4096];
	const char		*path, *target;
	unsigned long		 sockets = 0, swapped = 0, wrong = 0;
	long long		 since = 0;
	ino_t			 last = 0;
	mode_t			 mode;
	gid_t			 gid;

	if (argc != 5)
		errx(2, "usage: symswap PATH TARGET MODE GID");
	path = argv[1];
	target = argv[2];
	mode = strtoul(argv[3], NULL, 8);
	gid = strtoul(argv[4], NULL, 10);
	snprintf(link, sizeof(link), "%s.swap", path);
	if (sigaction(SIGTERM, &sa, NULL) == -1)
		err(1, "sigaction");
	unlink(link);
	if (symlink(target, link) == -1)
		err(1, "symlink %s", link);
	while (!term) {
		if (lstat(path, &st) == -1) {
			symlink(target, path);
			continue;
		}
		if (S_ISSOCK(st.st_mode) && st.st_ino != last) {
			last = st.st_ino;
			sockets++;
			if ((st.st_mode & 07777) != mode || st.st_gid != gid) {
				wrong++;
				printf("socket %o gid %u\n",
				    (unsigned)(st.st_mode & 07777),
				    (unsigned)st.st_gid);
			}
			if (rename(link, path) == 0) {
				swapped++;
				since = now_ns();
			}
		} else if (S_ISLNK(st.st_mode) && now_ns() - since > HOLD_NS) {
			unlink(path);
			symlink(target, link);	/* if swapped in: the next */
		}
	}
	printf("sockets %lu swapped %lu wrong %lu\n", sockets, swapped, wrong);
	return 0;
}
