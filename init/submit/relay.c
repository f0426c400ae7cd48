/*
 * A command submitted by anyone but root must hold no descriptor that
 * PID 1 or the -r commands write through.  A terminal's (docker run -t)
 * would let a uid-1000 submitter read what is typed at root's shell,
 * change its settings or push input into it (TIOCSTI); any shared open
 * file description lets it set O_NONBLOCK on the log pipe every -r
 * command writes to (which then fails when the reader lags), clear
 * O_APPEND or move the offset of a log file, or shut a log socket.  So
 * where init's stdout or stderr is a terminal, a pipe, a file or a
 * socket, such commands write to a pipe of init's instead, each through
 * a description of its own (spawn.c opens it anew), and init copies
 * what arrives, one chunk at a time, through a descriptor of its own:
 * non-blocking for a terminal or a pipe, MSG_DONTWAIT for a socket.
 * While the other end cannot take a chunk, init keeps it and stops
 * reading the pipe until it can: the writers then wait on their full
 * pipe, as they would on the original, and PID 1 spends nothing.  On
 * stderr, where init logs, init's own lines go first: a chunk waits while
 * a note of dropped log lines does.  An end that is gone ends the relay:
 * its writers get EPIPE.  The pipes are made only where there is a
 * socket to submit through.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "init/submit/relay.h"

struct relay {
	int	 rd;		/* the pipe's read end, non-blocking; -1: none */
	int	 out;		/* where it goes: init's fd, or one of its own */
	int	 sock;		/* out is a socket: send with MSG_DONTWAIT */
	int	 log;		/* out is where init logs (stderr) */
	char	 buf[4096];	/* a chunk the other end has not taken yet */
	long	 lost;		/* chunks lost to other errors */
	size_t	 off, len;
};

static struct relay	 relay[2];	/* in .bss; set up by relay_init() */
static int		 outfds[2];
static int		 made;		/* relay_init() has set them up */

/*
 * Where fd (1 or 2) is relayed to, given what it is: a regular file is
 * written through fd itself, where the -r commands write, so that lines
 * keep their order; a socket through fd too, with MSG_DONTWAIT; a pipe
 * or a terminal through a non-blocking description of init's own
 * (O_NONBLOCK on fd would be the primary's).
 */
static int
relay_out(struct relay *r, int fd, const struct stat *st)
{
	char	 path[64];

	if (S_ISREG(st->st_mode))
		return fd;
	if (S_ISSOCK(st->st_mode)) {
		r->sock = 1;
		return fd;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
}

/*
 * A pipe for fd (1 or 2), or none: a character device that is not a
 * terminal (/dev/null) takes anything and shares nothing worth having.
 * Where the pipe cannot be had, the commands' output goes to /dev/null,
 * never to init's.
 */
static void
relay_open(struct relay *r, int fd)
{
	struct stat	 st;
	int		 p[2];

	int		 known;

	r->rd = r->out = outfds[fd - 1] = -1;
	r->log = fd == STDERR_FILENO;
	known = fstat(fd, &st) == 0;
	if (known && S_ISCHR(st.st_mode) && !isatty(fd))
		return;
	if (known && (r->out = relay_out(r, fd, &st)) != -1 &&
	    pipe_to_reader(p) == 0) {
		r->rd = p[0];
		outfds[fd - 1] = p[1];
		return;
	}
	log_warn("submitted commands' output to fd %d is dropped", fd);
	if (r->out > STDERR_FILENO)
		close(r->out);
	r->out = -1;
	outfds[fd - 1] = open("/dev/null", O_WRONLY | O_CLOEXEC);
}

/*
 * The pipes, where submissions can come (a dinit without a socket holds
 * none): made at start, so that what PID 1 holds does not grow later.
 */
void
relay_init(void)
{
	relay_open(&relay[0], STDOUT_FILENO);
	relay_open(&relay[1], STDERR_FILENO);
	made = 1;
}

/* stdout and stderr for a non-root command (-1: init's, /dev/null). */
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

	for (i = 0; i < 2 && made && n < max; i++) {
		if (relay[i].rd == -1)
			continue;
		if (relay[i].len > 0) {
			pfd[n].fd = relay[i].out;
			pfd[n++].events = POLLOUT;
		} else {
			pfd[n].fd = relay[i].rd;
			pfd[n++].events = POLLIN;
		}
	}
	return n;
}

/* The other end is gone: so is the relay, and its writers get EPIPE. */
static void
relay_end(struct relay *r)
{
	log_warnx("output gone: output of submitted commands ends");
	close(r->rd);
	if (r->out > STDERR_FILENO)
		close(r->out);
	r->rd = r->out = -1;
	r->len = 0;
}

/* Whether a write's error says the other end is gone for good. */
static int
gone(int e)
{
	return e == EPIPE || e == ECONNRESET || e == EBADF || e == EIO;
}

/* Write what is kept, as much as the other end takes now. */
static void
put(struct relay *r)
{
	ssize_t	 n;

	if (r->sock)
		n = send(r->out, r->buf + r->off, r->len - r->off,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
	else
		n = write(r->out, r->buf + r->off, r->len - r->off);
	if (n == -1 && gone(errno)) {
		relay_end(r);
		return;
	}
	if (n == -1 && errno != EAGAIN && errno != EINTR) {
		/* A full disk, say: this chunk is lost, not what follows. */
		if (r->lost++ == 0)
			log_warn("output of submitted commands lost");
		r->len = 0;
		return;
	}
	if (n > 0 && (r->off += n) == r->len)
		r->len = 0;
}

/*
 * One read or one write a turn: bounded work, whatever the commands do.
 * 1 if a chunk was read and passed on whole, so that more may follow.
 */
static int
forward(struct relay *r)
{
	ssize_t	 n;

	if (r->len == 0) {
		if ((n = read(r->rd, r->buf, sizeof(r->buf))) <= 0)
			return 0;
		r->off = 0;
		r->len = n;
	}
	/* Where init logs, its own word of lines it dropped goes first. */
	if (!r->log || log_flush() == 0)
		put(r);
	return r->rd != -1 && r->len == 0;
}

/*
 * All the pipes hold, as far as the other end takes it: a command's
 * output before init's word of its end.  Bounded: the pipes' 64 KiB.
 */
void
relay_drain(void)
{
	int	 k;

	for (k = 0; k < 2 && made; k++)
		while (relay[k].rd != -1 && forward(&relay[k]))
			;
}

void
relay_events(const struct pollfd *pfd, int n)
{
	int	 i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (pfd[i].revents && relay[k].rd != -1 &&
			    (pfd[i].fd == relay[k].rd ||
			    pfd[i].fd == relay[k].out))
				(void)forward(&relay[k]);
}
