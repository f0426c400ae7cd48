/*
 * A session on a terminal of its own (-wait -t), as ssh -t and docker
 * exec -t give one.  The pseudo-terminal is made here, in the
 * submitter's process, with the modes and window size of the terminal
 * the client runs on; its slave goes to the command as fds 0, 1 and 2
 * (in the bundle), and only this process holds the master.  The client's
 * terminal is put in raw mode, so that every key, Ctrl-C, Ctrl-Z and
 * Ctrl-\ too, reaches the session's line discipline as a byte, which
 * signals the session's foreground job itself; bytes are copied both
 * ways here, and init never sees one.
 *
 * Whatever way the client ends, its terminal is set back as it was: at
 * exit (the end, dinit's refusal, the connection lost: every errx), and
 * before a death by TERM, HUP or INT.  When the client is gone, the
 * master closes and the kernel hangs the session up: its command gets
 * HUP from its terminal.
 */
#include <sys/types.h>
#include <sys/ioctl.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "client/tty.h"

static struct termios	 saved;		/* the client's terminal's modes */
static int		 raw;		/* and they are to be set back */
static int		 master = -1;	/* -1: no session, or it ended */
static int		 keys = STDIN_FILENO;	/* -1 once it hung up */
static char		 pending[4096];	/* keys the master has not taken */
static size_t		 npending;

/*
 * Reads of the session's output after its end at most: what a job left
 * behind on the terminal may write on, until its teardown.
 */
#define DRAIN_READS	256

static void
restore(void)
{
	if (raw)
		(void)tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
	raw = 0;
}

/* The client's window size, on the session's terminal. */
static void
resize(void)
{
	struct winsize	 ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(master, TIOCSWINSZ, &ws);
}

int
tty_open(int status)
{
	struct winsize	 ws;
	int		 slave;

	if (tcgetattr(STDIN_FILENO, &saved) == -1)
		errx(status, "-t: stdin is not a terminal");
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == -1)
		memset(&ws, 0, sizeof(ws));
	if (openpty(&master, &slave, NULL, &saved, &ws) == -1)
		err(status, "-t: openpty");
	if (fcntl(master, F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(master, F_SETFD, FD_CLOEXEC) == -1)
		err(status, "-t: fcntl");
	return slave;
}

void
tty_raw(int status)
{
	struct termios	 t = saved;

	cfmakeraw(&t);
	raw = 1;
	atexit(restore);
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) == -1)
		err(status, "-t: raw mode");
}

int
tty_pollfds(struct pollfd *pfd)
{
	if (master == -1)
		return 0;
	pfd[0].fd = npending == 0 ? keys : -1;
	pfd[0].events = POLLIN;
	pfd[1].fd = master;
	pfd[1].events = POLLIN | (npending > 0 ? POLLOUT : 0);
	pfd[0].revents = pfd[1].revents = 0;
	return TTY_POLLFDS;
}

/* All of p to stdout, the client's terminal, waiting as it needs. */
static void
put(const char *p, size_t len)
{
	struct pollfd	 pfd = { STDOUT_FILENO, POLLOUT, 0 };
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(STDOUT_FILENO, p, len)) > 0) {
			p += n;
			len -= n;
		} else if (n == -1 && errno == EAGAIN)
			(void)poll(&pfd, 1, -1);
		else if (n == -1 && errno != EINTR)
			err(1, "-t: write");
	}
}

/*
 * The session's output, in that many reads at most: one while the
 * session runs, so that keys still go in while it floods.  EIO: no one
 * holds the slave any more; the session's end is the connection's to
 * tell.
 */
static void
output(int reads)
{
	char	 buf[16384];
	ssize_t	 n;

	do {
		if ((n = read(master, buf, sizeof(buf))) > 0)
			put(buf, n);
	} while (n > 0 && --reads > 0);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		close(master);
		master = -1;
	}
}

/* Keys, into pending; the master takes them when it can. */
static void
input(void)
{
	ssize_t	 n;

	if ((n = read(keys, pending, sizeof(pending))) > 0)
		npending = n;
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		keys = -1;
}

static void
flush(void)
{
	ssize_t	 n;

	if ((n = write(master, pending, npending)) > 0) {
		memmove(pending, pending + n, npending - n);
		npending -= n;
	}
}

void
tty_events(const struct pollfd *pfd)
{
	if (pfd[0].revents)
		input();
	if (npending > 0)
		flush();
	if (pfd[1].revents & ~POLLOUT)
		output(1);
}

void
tty_drain(void)
{
	if (master != -1)
		output(DRAIN_READS);
}

/*
 * The ends by signal of a client on a terminal: the terminal set back,
 * then the death it was sent, which closes the master.
 */
static void __attribute__((noreturn))
die(int sig)
{
	sigset_t	 set;

	restore();
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	(void)raise(sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig);
}

/*
 * WINCH: the new size goes to the session's terminal, whose foreground
 * the kernel tells.  TERM, HUP and INT end the client, as without -t.
 * Any other is passed on as with -wait alone.
 */
int
tty_signal(int sig)
{
	if (master == -1 && !raw)
		return 0;
	switch (sig) {
	case SIGWINCH:
		if (master != -1)
			resize();
		return 1;
	case SIGHUP:
	case SIGINT:
	case SIGTERM:
		die(sig);
	}
	return 0;
}
