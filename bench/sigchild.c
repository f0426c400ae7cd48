/*
 * sigchild: a cooperative child for the signal benchmark.  It writes
 * "ready" to stdout once its TERM handler is in place; the handler writes
 * "term NS" (CLOCK_MONOTONIC, ns) and exits.
 *
 * sigchild -k PID: the sender.  Opens a pidfd for PID, takes the time,
 * sends TERM, waits (poll on the pidfd) until PID has exited and writes
 * "T0 TEXIT" (ns).  A pidfd works for a process that is not our child.
 */
#include <sys/syscall.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
on_term(int sig)
{
	long long	 t = now_ns();
	char		 buf[32], *p = buf + sizeof(buf);

	(void)sig;
	*--p = '\n';
	do
		*--p = '0' + t % 10;
	while ((t /= 10) > 0);
	memcpy(p -= 5, "term ", 5);
	(void)write(1, p, buf + sizeof(buf) - p);
	_exit(0);
}

static int
sender(pid_t pid)
{
	struct pollfd	 pfd = { .events = POLLIN };
	long long	 t0, t1;

	if ((pfd.fd = syscall(SYS_pidfd_open, pid, 0)) == -1) {
		perror("sigchild: pidfd_open");
		return 1;
	}
	t0 = now_ns();
	if (kill(pid, SIGTERM) == -1) {
		perror("sigchild: kill");
		return 1;
	}
	if (poll(&pfd, 1, 30000) != 1) {
		fprintf(stderr, "sigchild: %d did not exit\n", (int)pid);
		return 1;
	}
	t1 = now_ns();
	printf("%lld %lld\n", t0, t1);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sigaction	 sa;
	sigset_t		 set;

	if (argc == 3 && strcmp(argv[1], "-k") == 0)
		return sender(atoi(argv[2]));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)write(1, "ready\n", 6);
	for (;;)
		pause();
}
