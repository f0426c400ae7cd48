/*
 * sockd gets no descriptor of init's stderr.  Under docker run -it that
 * is the terminal, opened read-write: a sockd taken over by a client
 * could read the keys typed at the primary's shell, or set O_NONBLOCK on
 * the open file description every -r command writes to.  So each sockd
 * writes to a pipe of its own, which it alone holds the write end of,
 * and PID 1 passes each line on (common/log.c: log_pass), one read a
 * turn: a sockd that floods the pipe costs PID 1 no more than it costs
 * sockd, and cannot make its lines pass for init's.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "init/sockd_log.h"

#define TAG	"sockd"

static int	 rd = -1;		/* the read end, non-blocking */
static char	 buf[LOG_LINEMAX];	/* a line not yet ended */
static size_t	 len;

/* Each whole line in buf, then the rest kept; all of it if cut or at EOF. */
static void
pass_lines(int all)
{
	char	*nl;
	size_t	 k;

	while ((nl = memchr(buf, '\n', len)) != NULL) {
		k = nl - buf;
		log_pass(TAG, buf, k);
		memmove(buf, nl + 1, len - k - 1);
		len -= k + 1;
	}
	if (len > 0 && (all || len == sizeof(buf))) {
		log_pass(TAG, buf, len);
		len = 0;
	}
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
	pass_lines(1);
	close(rd);
	rd = -1;
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
}

/* A fresh pipe for the next sockd: its write end, or -1. */
int
sockd_log_open(void)
{
	int	 p[2];

	sockd_log_drain();
	if (rd != -1) {
		pass_lines(1);
		close(rd);
		rd = -1;
	}
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("sockd's stderr");
		return -1;
	}
	/* Blocking for sockd, as an inherited stderr would be. */
	(void)fcntl(p[1], F_SETFL, 0);
	rd = p[0];
	return p[1];
}

int
sockd_log_pollfd(struct pollfd *pfd)
{
	if (rd == -1)
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
