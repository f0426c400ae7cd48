/*
 * A command submitted by anyone but root must not get init's terminal:
 * with a descriptor of it, a uid-1000 submitter could read what is typed
 * at root's shell, change the terminal's settings, or push input into it
 * (TIOCSTI, where the kernel still allows it).  So where init's stdout
 * or stderr is a terminal, such commands write to a pipe instead, and
 * init copies what arrives to the terminal through a descriptor of its
 * own, opened non-blocking, one chunk at a time.  While the terminal
 * cannot take a chunk, init keeps it and stops reading the pipe until
 * the terminal can: the writers then wait on their own full pipe, as
 * they would on the terminal, and PID 1 spends nothing meanwhile.  A
 * terminal that is gone (hung up) ends the relay: its writers get EPIPE.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "common/log.h"
#include "init/relay.h"

struct relay {
	int	 rd;		/* the pipe's read end, non-blocking; -1: none */
	int	 tty;		/* the terminal, non-blocking */
	char	 buf[4096];	/* a chunk the terminal has not taken yet */
	size_t	 off, len;
};

static struct relay	 relay[2] = { { .rd = -1, .tty = -1 },
			    { .rd = -1, .tty = -1 } };
static int		 outfds[2] = { -1, -1 };

/* A pipe for fd (1 or 2), if it is a terminal. */
static void
relay_open(struct relay *r, int fd)
{
	char	 path[64];
	int	 p[2];

	if (!isatty(fd))
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* A description of its own: O_NONBLOCK on fd would be the primary's. */
	r->tty = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (r->tty == -1) {
		log_warn("submitted commands' output to fd %d is dropped: %s",
		    fd, path);
		outfds[fd - 1] = open("/dev/null", O_WRONLY | O_CLOEXEC);
		return;
	}
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("relay pipe");
		close(r->tty);
		r->tty = -1;
		return;
	}
	/* Blocking for the commands, as an inherited stdout would be. */
	(void)fcntl(p[1], F_SETFL, 0);
	r->rd = p[0];
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

/* The pipe while nothing is kept, else the terminal, till it takes it. */
int
relay_pollfds(struct pollfd *pfd, int max)
{
	int	 i, n = 0;

	for (i = 0; i < 2 && n < max; i++) {
		if (relay[i].rd == -1)
			continue;
		if (relay[i].len > 0) {
			pfd[n].fd = relay[i].tty;
			pfd[n++].events = POLLOUT;
		} else {
			pfd[n].fd = relay[i].rd;
			pfd[n++].events = POLLIN;
		}
	}
	return n;
}

/* The terminal is gone: so is the relay, and its writers get EPIPE. */
static void
relay_end(struct relay *r)
{
	log_warnx("terminal gone: output of submitted commands ends");
	close(r->rd);
	close(r->tty);
	r->rd = r->tty = -1;
	r->len = 0;
}

/* One read or one write a turn: bounded work, whatever the commands do. */
static void
forward(struct relay *r)
{
	ssize_t	 n;

	if (r->len == 0) {
		if ((n = read(r->rd, r->buf, sizeof(r->buf))) <= 0)
			return;
		r->off = 0;
		r->len = n;
	}
	n = write(r->tty, r->buf + r->off, r->len - r->off);
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		relay_end(r);
		return;
	}
	if (n > 0 && (r->off += n) == r->len)
		r->len = 0;
}

void
relay_events(const struct pollfd *pfd, int n)
{
	int	 i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (pfd[i].revents && relay[k].rd != -1 &&
			    (pfd[i].fd == relay[k].rd ||
			    pfd[i].fd == relay[k].tty))
				forward(&relay[k]);
}
