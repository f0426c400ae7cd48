/*
 * sockd gets no descriptor of init's stderr.  Under docker run -it that
 * is the terminal, opened read-write: a sockd taken over by a client
 * could read the keys typed at the primary's shell, or set O_NONBLOCK on
 * the open file description every -r command writes to.  So each sockd
 * writes to a pipe of its own, which it alone holds the write end of,
 * and PID 1 passes each line on (common/log.c: log_pass), one read a
 * turn: a sockd that floods the pipe costs PID 1 no more than it costs
 * sockd, and cannot make its lines pass for init's.  Nor can it crowd
 * init's own lines out of the log: at most LINES_PER_SEC of its lines a
 * second are passed on, and the rest counted in one line.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/bucket.h"
#include "common/log.h"
#include "common/util.h"
#include "init/keeper/sockd_log.h"

#define TAG		"sockd"
#define LINES_PER_SEC	32

static int	 rd = -1;		/* the read end, non-blocking */
static char	 buf[LOG_LINEMAX];	/* a line not yet ended */
static size_t	 len;
static struct bucket	 budget;	/* LINES_PER_SEC */
static long	 held;			/* lines not passed on */

/* How many lines were over the budget, once there are any. */
static void
tell_held(void)
{
	if (held > 0) {
		log_warnx("%ld line%s of sockd's not passed on", held,
		    held == 1 ? "" : "s");
		held = 0;
	}
}

/* One line of sockd's, within its budget. */
static void
pass(const char *line, size_t n)
{
	if (!bucket_take(&budget, LINES_PER_SEC, LINES_PER_SEC)) {
		held++;
		return;
	}
	tell_held();
	log_pass(TAG, line, n);
}

/* Each whole line in buf, then the rest kept; all of it if cut or at EOF. */
static void
pass_lines(int all)
{
	char	*nl;
	size_t	 k;

	while ((nl = memchr(buf, '\n', len)) != NULL) {
		k = nl - buf;
		pass(buf, k);
		memmove(buf, nl + 1, len - k - 1);
		len -= k + 1;
	}
	if (len > 0 && (all || len == sizeof(buf))) {
		pass(buf, len);
		len = 0;
	}
}

/* The pipe is done with: what is left of a line, then the fd. */
static void
end(void)
{
	pass_lines(1);
	close(rd);
	rd = -1;
}

/* One read: 1 if it brought bytes, 0 if none are there now, -1 at EOF. */
static int
take(void)
{
	ssize_t	 n;

	n = read(rd, buf + len, sizeof(buf) - len);
	if (n > 0) {
		len += n;
		pass_lines(0);
		return 1;
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return 0;
	end();
	return -1;
}

/*
 * What a dead sockd left in its pipe, all of it (the pipe holds 64 KiB
 * at most), so that its last words come before init's word of its death.
 */
void
sockd_log_drain(void)
{
	while (rd != -1 && take() == 1)
		;
	tell_held();
}

/* A fresh pipe for the next sockd: its write end, or -1. */
int
sockd_log_open(void)
{
	int	 p[2];

	/* Paranoia: the last sockd's was drained at its death. */
	sockd_log_drain();
	if (rd != -1)
		end();
	if (pipe_to_reader(p) == -1) {
		log_warn("sockd's stderr");
		return -1;
	}
	rd = p[0];
	return p[1];
}

int
sockd_log_pollfd(struct pollfd *pfd, int max)
{
	if (rd == -1 || max < 1)
		return 0;
	pfd->fd = rd;
	pfd->events = POLLIN;
	return 1;
}

void
sockd_log_events(const struct pollfd *pfd, int n)
{
	if (n > 0 && pfd->revents != 0)
		(void)take();
}
