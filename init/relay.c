/*
 * A command submitted by anyone but root must not get init's terminal:
 * with a descriptor of it, a uid-1000 submitter could read what is typed
 * at root's shell, change the terminal's settings, or push input into it
 * (TIOCSTI, where the kernel still allows it).  So where init's stdout
 * or stderr is a terminal, such commands write to a pipe instead, and
 * init copies what arrives to the terminal through a descriptor of its
 * own, opened non-blocking: what the terminal cannot take at once is
 * dropped, and counted, rather than ever blocking PID 1.  The pipe's
 * 64 KiB is the only buffer.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "common/log.h"
#include "init/relay.h"

struct relay {
	int	 rd;		/* the pipe's read end, non-blocking */
	int	 wr;		/* its write end, for the commands */
	int	 tty;		/* the terminal, non-blocking; -1: drop */
	long	 dropped;
};

static struct relay	 relay[2] = { { -1, -1, -1, 0 }, { -1, -1, -1, 0 } };
static int		 outfds[2] = { -1, -1 };

/* A pipe for fd (1 or 2), if it is a terminal. */
static void
relay_open(struct relay *r, int fd)
{
	char	 path[64];
	int	 p[2];

	if (!isatty(fd))
		return;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("relay pipe");
		return;
	}
	/* Blocking for the commands, as an inherited stdout would be. */
	(void)fcntl(p[1], F_SETFL, 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* A description of its own: O_NONBLOCK on fd would be the primary's. */
	r->tty = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (r->tty == -1)
		log_warn("submitted commands' output to fd %d is dropped: %s",
		    fd, path);
	r->rd = p[0];
	r->wr = p[1];
	outfds[fd - 1] = p[1];
}

void
relay_init(void)
{
	relay_open(&relay[0], STDOUT_FILENO);
	relay_open(&relay[1], STDERR_FILENO);
}

/* stdout and stderr for a non-root command (-1: init's, not a terminal). */
const int *
relay_fds(void)
{
	return outfds;
}

int
relay_pollfds(struct pollfd *pfd, int max)
{
	int	 i, n = 0;

	for (i = 0; i < 2 && n < max; i++) {
		if (relay[i].rd == -1)
			continue;
		pfd[n].fd = relay[i].rd;
		pfd[n++].events = POLLIN;
	}
	return n;
}

/* One read a turn: bounded work, whatever the commands write. */
static void
forward(struct relay *r)
{
	char	 buf[4096];
	ssize_t	 n, w = 0;

	if ((n = read(r->rd, buf, sizeof(buf))) <= 0)
		return;
	if (r->tty != -1 && (w = write(r->tty, buf, n)) == -1)
		w = 0;
	if (w < n && r->dropped++ == 0)
		log_warnx("terminal busy: output of submitted commands dropped");
}

void
relay_events(const struct pollfd *pfd, int n)
{
	int	 i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (pfd[i].revents && pfd[i].fd == relay[k].rd)
				forward(&relay[k]);
}
