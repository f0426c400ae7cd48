/*
 * orphans N: the reaping workload, run as an init's (primary) command.
 * Prints "TOTAL LAG BURST" in ms.
 *
 * Stream: it forks N children; each forks a grandchild and exits at once,
 * and the grandchild exits at once too, so every grandchild ends as an
 * orphan that PID 1 must reap.  orphans reaps its own children as it goes
 * (at most WINDOW outstanding, so it never holds many zombies itself).
 * TOTAL runs from its start, LAG from its last child reaped (every orphan
 * made), to the endpoint: no orphan left.
 *
 * Burst: one child forks N grandchildren that exit at once, waits until
 * they all have (their pipe reaches EOF), and exits: PID 1 inherits N
 * zombies at one go.  BURST runs from that child reaped (the zombies
 * handed over) to the endpoint.  Forking is not in it: only reaping.
 *
 * The endpoint: no process left whose name is ours but us, i.e. every
 * orphan has exited and been reaped.  Polled every POLL_US; it needs no
 * stat of every process, since /proc lists pids in order and the scan
 * stops at the first orphan it meets.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WINDOW	64
#define POLL_US	500

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Is an orphan (a process whose comm is ours, not us) still there? */
static int
orphan_left(const char *comm, pid_t self)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[64], buf[512], *p;
	FILE		*fp;
	long		 pid;
	int		 found = 0;

	if ((d = opendir("/proc")) == NULL) {
		perror("orphans: /proc");
		exit(1);
	}
	while (!found && (e = readdir(d)) != NULL) {
		if ((pid = strtol(e->d_name, &p, 10)) <= 1 || *p != '\0' ||
		    pid == self)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		if ((fp = fopen(path, "re")) == NULL)
			continue;			/* reaped meanwhile */
		if (fgets(buf, sizeof(buf), fp) != NULL &&
		    (p = strchr(buf, '(')) != NULL &&
		    strncmp(p + 1, comm, strlen(comm)) == 0 &&
		    p[1 + strlen(comm)] == ')')
			found = 1;
		fclose(fp);
	}
	closedir(d);
	return found;
}

/* Wait for the endpoint; the time it took since t, in ms. */
static double
settle(const char *comm, double t)
{
	struct timespec	 nap = { 0, POLL_US * 1000 };

	while (orphan_left(comm, getpid()))
		nanosleep(&nap, NULL);
	return now_ms() - t;
}

/* The burst's child: n children that exit at once, then exit. */
static void
burst(int n)
{
	char	 c;
	int	 p[2], i;

	if (pipe(p) == -1) {
		perror("orphans: pipe");
		_exit(1);
	}
	for (i = 0; i < n; i++)
		if (fork() == 0)
			_exit(0);	/* closes p[1]: one fewer writer */
	close(p[1]);
	while (read(p[0], &c, 1) > 0)
		;
	_exit(0);
}

int
main(int argc, char **argv)
{
	double		 t0 = now_ms(), t1, total, lag;
	char		 comm[32];
	FILE		*fp;
	pid_t		 pid;
	int		 n, i, out = 0;

	if (argc != 2 || (n = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: orphans N\n");
		return 2;
	}
	if ((fp = fopen("/proc/self/comm", "re")) == NULL ||
	    fgets(comm, sizeof(comm), fp) == NULL) {
		perror("orphans: /proc/self/comm");
		return 1;
	}
	fclose(fp);
	comm[strcspn(comm, "\n")] = '\0';

	for (i = 0; i < n; i++) {
		switch (fork()) {
		case -1:
			perror("orphans: fork");
			return 1;
		case 0:
			(void)fork();		/* the grandchild, the orphan */
			_exit(0);
		}
		if (++out == WINDOW && wait(NULL) > 0)
			out--;
	}
	while (wait(NULL) > 0)
		;
	t1 = now_ms();
	lag = settle(comm, t1);
	total = now_ms() - t0;

	if ((pid = fork()) == 0)
		burst(n);
	if (pid == -1 || waitpid(pid, NULL, 0) != pid) {
		perror("orphans: burst");
		return 1;
	}
	printf("%.3f %.3f %.3f\n", total, lag, settle(comm, now_ms()));
	return 0;
}
