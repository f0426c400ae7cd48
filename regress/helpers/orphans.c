/*
 * orphans N: fork N children that each fork a grandchild and exit at
 * once, so that every grandchild is orphaned to the nearest reaper.  A
 * grandchild waits until it has been adopted, prints its new parent's
 * pid on a line of its own, and exits.  Exits 0 once every child is
 * reaped.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void __attribute__((noreturn))
grandchild(pid_t parent)
{
	char	 line[32];
	pid_t	 pp;
	int	 n;

	while ((pp = getppid()) == parent)
		usleep(1000);
	n = snprintf(line, sizeof(line), "%d\n", (int)pp);
	if (write(STDOUT_FILENO, line, n) != n)
		_exit(1);
	_exit(0);
}

static void __attribute__((noreturn))
child(void)
{
	pid_t	 me = getpid();

	switch (fork()) {
	case -1:
		_exit(1);
	case 0:
		grandchild(me);
	}
	_exit(0);
}

int
main(int argc, char *argv[])
{
	pid_t	 pid;
	int	 i, n, st, bad = 0;

	if (argc != 2 || (n = atoi(argv[1])) <= 0)
		errx(2, "usage: orphans N");
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1)
			err(1, "fork");
		if (pid == 0)
			child();
		if (waitpid(pid, &st, 0) == -1 || st != 0)
			bad = 1;
	}
	return bad;
}
