/*
 * dinit -submit: send the -r commands, already expanded in the
 * submitter's own environment, as one request line to a server that
 * is root or the submitter, and report the answers, escaped.  No -start
 * or -stop hooks run here.  With -wait the one command runs with this
 * process's fds 0, 1 and 2, its signals are passed on, and its end is
 * this process's exit status; with -t too, on a new terminal instead
 * (client/tty.c).  The control lines (-status, -signal, -kill) go the
 * same way; the listing is copied out as it comes.
 */
#include <sys/types.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/submit.h"
#include "client/tty.h"
#include "common/fdpass.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/request.h"
#include "common/signame.h"
#include "common/unixaddr.h"
#include "common/users.h"
#include "common/util.h"

#define CLIENT_WAIT_S	30
#define EXIT_DINIT	125	/* -wait: dinit, not the command, failed */
#define EXIT_TIME_LIMIT	124	/* -wait: ended by its time limit, as
				   timeout(1) says it */

/* Passed on to an attached command. */
static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
	SIGUSR2, SIGWINCH };

/*
 * Nobody serves the socket now: dinit closes it while no sockd will
 * (backing off, given up, shutting down), which refuses a new client
 * and resets one that was waiting.
 */
static int	 dinit_failed = 1;	/* the exit status then */

static void __attribute__((noreturn))
unavailable(const char *path)
{
	errx(dinit_failed, "error unavailable: dinit at %s takes no "
	    "submissions now", path);
}

static int
connect_to(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	if (unix_addr(&sun, path) == -1)
		errx(1, "socket path too long: %s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		if (errno == ECONNREFUSED)
			unavailable(path);
		err(1, "cannot reach dinit at %s", path);
	}
	return fd;
}

/*
 * Whoever listens at the path gets the request, with the submitter's
 * variables expanded in it: it must be root (dinit) or the submitter.
 * The kernel says who called listen(2), before a byte is sent.
 */
static void
check_server(int fd, const char *path)
{
	struct ucred	 cr;
	socklen_t	 len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1 ||
	    len != sizeof(cr))
		err(1, "cannot tell who serves %s", path);
	if (cr.uid != 0 && cr.uid != geteuid())
		errx(1, "refusing to talk to %s: it is served by uid %u, "
		    "not root or you", path, (unsigned)cr.uid);
}

static void
send_all(int fd, const char *path, const char *p, size_t len)
{
	ssize_t	 n;

	for (; len > 0; p += n, len -= n)
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EPIPE || errno == ECONNRESET)
				unavailable(path);
			err(1, "send");
		}
	shutdown(fd, SHUT_WR);
}

/* Everything the server says, until it closes; never more than 30 s. */
static size_t
receive_all(int fd, const char *path, char *reply, size_t size)
{
	size_t	 got = 0;
	ssize_t	 n = 0;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){
	    .tv_sec = CLIENT_WAIT_S }, sizeof(struct timeval)) == -1)
		err(1, "setsockopt");
	while (got < size - 1 &&
	    (n = read(fd, reply + got, size - 1 - got)) > 0)
		got += n;
	/* A reset after the answer (sockd closing early) loses nothing. */
	if (n == -1 && got == 0 && errno == EAGAIN)
		errx(1, "no answer from dinit at %s in %d s", path,
		    CLIENT_WAIT_S);
	if (got == 0 && (n == 0 || errno == ECONNRESET))
		unavailable(path);
	if (n == -1 && got == 0)
		err(1, "receive");
	reply[got] = '\0';
	return got;
}

/*
 * The bundle: a socket pair whose other end holds the command's fds 0, 1
 * and 2 in one record.  The kernel names this process as the pair's
 * maker, so init can tell that the fds are the submitter's, whoever
 * passed them on.
 */
static int
bundle(int *io)
{
	int	 sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
		err(1, "socketpair");
	if (fd_send(sv[0], "", 1, io, 3) != 1)
		err(1, "fds 0, 1 and 2");
	close(sv[0]);
	return sv[1];
}

/* The signals to pass on, blocked and read from a signalfd. */
static int
catch_signals(void)
{
	sigset_t	 set;
	size_t		 i;
	int		 fd;

	sigemptyset(&set);
	for (i = 0; i < nitems(forwarded); i++)
		sigaddset(&set, forwarded[i]);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 ||
	    (fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		err(1, "signalfd");
	signal(SIGPIPE, SIG_IGN);
	return fd;
}

static void
pass_signals(int sfd, int fd)
{
	struct signalfd_siginfo	 si;
	char			 line[32];
	int			 n;

	while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
		if (tty_signal(si.ssi_signo))
			continue;
		n = snprintf(line, sizeof(line), "signal %s\n",
		    signame(si.ssi_signo));
		(void)send(fd, line, n, MSG_NOSIGNAL);
	}
}

/*
 * One line from dinit: -1 to read on, or the exit status.  "ok PID"
 * starts the wait; the end is "exit N", "signal NAME" or "time-limit".
 */
static int
answer(char *line, int *started)
{
	const char	*errstr;
	int		 v, sig;

	if (!*started && strncmp(line, "ok ", 3) == 0) {
		*started = 1;
		return -1;
	}
	if (*started && strncmp(line, "exit ", 5) == 0) {
		v = strtonum(line + 5, 0, 255, &errstr);
		if (errstr == NULL)
			return v;
	}
	if (*started && strncmp(line, "signal ", 7) == 0 &&
	    (sig = signum(line + 7)) != 0)
		return 128 + sig;
	if (*started && strcmp(line, "time-limit") == 0)
		return EXIT_TIME_LIMIT;
	warnx("%s", log_text("{line}", LOG_FIELDS(LF_STR("line", line))));
	return EXIT_DINIT;
}

/*
 * Lines until the end; the first within CLIENT_WAIT_S.  A session's
 * output comes before the word of its end.
 */
static int
wait_end(int fd, const char *path, int sfd)
{
	struct pollfd	 pfd[2 + TTY_POLLFDS] = { { fd, POLLIN, 0 },
			     { sfd, POLLIN, 0 } };
	char		 buf[REQ_LINE_MAX];
	size_t		 len = 0;
	ssize_t		 n;
	char		*nl;
	int		 started = 0, r, tty;

	for (;;) {
		tty = tty_pollfds(pfd + 2);
		if ((r = poll(pfd, 2 + tty, started ? -1 :
		    CLIENT_WAIT_S * 1000)) == 0)
			errx(EXIT_DINIT, "no answer from dinit in %d s",
			    CLIENT_WAIT_S);
		if (r == -1 && errno != EINTR)
			err(EXIT_DINIT, "poll");
		if (tty)
			tty_events(pfd + 2);
		if (pfd[1].revents)
			pass_signals(sfd, fd);
		if (pfd[0].revents == 0)
			continue;
		if ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) <= 0 &&
		    !started && len == 0 && (n == 0 || errno == ECONNRESET))
			unavailable(path);
		if (n <= 0)
			errx(EXIT_DINIT, "dinit hung up before the end");
		len += n;
		buf[len] = '\0';
		while ((nl = memchr(buf, '\n', len)) != NULL) {
			*nl = '\0';
			if ((r = answer(buf, &started)) != -1) {
				tty_drain();
				return r;
			}
			len -= nl + 1 - buf;
			memmove(buf, nl + 1, len);
		}
		if (len == sizeof(buf) - 1)
			errx(EXIT_DINIT, "dinit's answer is too long");
	}
}

/*
 * -wait: the request with the bundle, then the command's end.  slave: a
 * new terminal's (-t), or -1 for the client's own fds.
 */
static int
attached(int fd, const char *path, const char *line, size_t len, int slave)
{
	int	 sfd, b, io[3] = { 0, 1, 2 };

	sfd = catch_signals();
	if (slave != -1) {
		io[0] = io[1] = io[2] = slave;
		tty_raw(EXIT_DINIT);
	}
	b = bundle(io);
	if (slave != -1)
		close(slave);
	if (fd_send(fd, line, len, &b, 1) != (ssize_t)len) {
		if (errno == EPIPE || errno == ECONNRESET)
			unavailable(path);
		err(EXIT_DINIT, "send");
	}
	close(b);
	return wait_end(fd, path, sfd);
}

int
submit_main(const struct submit_req *req)
{
	char		 line[REQ_LINE_MAX], reply[4096];
	struct spawn_as	 as = { 0, 0, 0, 0 };
	const char	*why, *vis;
	size_t		 len;
	char		*p, *nl;
	const char	*path = req->socket;
	int		 fd, failed = 0, answers = 0, slave = -1;
	int		 wait = req->wait, ncmd = req->ncmd;

	if (path == NULL)
		errx(1, "-submit needs a socket");
	/* Names are looked up here, in the submitter's files. */
	if (req->runas != NULL &&
	    (why = users_target(req->runas, &as)) != NULL)
		errx(2, "-u %s: %s", req->runas, why);
	if (req->time_ms > UINT32_MAX)
		errx(2, "-time-limit: at most 49 days");
	as.time_ms = req->time_ms;
	if (wait) {
		as.flags |= SPAWN_WAIT | (req->tty ? SPAWN_TTY : 0);
		dinit_failed = EXIT_DINIT;
	}
	if ((why = request_encode(line, sizeof(line), &as, req->reason,
	    req->cmd, ncmd, &len)) != NULL)
		errx(2, "%s", why);
	/* As ssh -t and docker exec -t: no terminal, no session. */
	if (as.flags & SPAWN_TTY)
		slave = tty_open(EXIT_DINIT);
	fd = connect_to(path);
	check_server(fd, path);
	if (wait)
		return attached(fd, path, line, len, slave);
	send_all(fd, path, line, len);
	receive_all(fd, path, reply, sizeof(reply));
	/* Escaped: a server's bytes must not drive the user's terminal. */
	for (p = reply; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		answers++;
		vis = log_text("{answer}", LOG_FIELDS(LF_BYTES("answer", p,
		    nl - p)));
		if (strncmp(p, "ok ", 3) == 0)
			printf("%s\n", vis);
		else {
			warnx("%s", vis);
			failed = 1;
		}
	}
	if (answers < ncmd && !failed) {
		warnx("dinit answered %d of %d commands", answers, ncmd);
		failed = 1;
	}
	return failed ? 1 : 0;
}

/*
 * The length of a well-formed UTF-8 sequence at s[0..n) of a character
 * a terminal prints (not C1), or 0.
 */
static size_t
printable_utf8(const unsigned char *s, size_t n)
{
	size_t		 len, i;
	uint32_t	 cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0 || (len == 3 && cp < 0x800) || (len == 4 &&
	    (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * A line of the listing as sockd rendered it, to stdout: sockd is not
 * to be trusted, so that any byte that could drive a terminal becomes
 * '?'.  Rendered lines have none.
 */
static void
print_line(unsigned char *s, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < n; i += k) {
		k = 1;
		if (s[i] >= 0x80 && (k = printable_utf8(s + i, n - i)) == 0)
			k = 1, s[i] = '?';
		else if (s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	}
	s[n] = '\n';
	fwrite(s, 1, n + 1, stdout);
}

/* The listing, line by line as it comes; an error line ends it, 1. */
static int
copy_listing(int fd, const char *path)
{
	static char	 buf[8192];
	size_t		 len = 0;
	ssize_t		 n;
	char		*nl;
	int		 lines = 0;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){
	    .tv_sec = CLIENT_WAIT_S }, sizeof(struct timeval)) == -1)
		err(1, "setsockopt");
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += n;
		while ((nl = memchr(buf, '\n', len)) != NULL) {
			*nl = '\0';
			if (strncmp(buf, "error ", 6) == 0) {
				warnx("%s", log_text("{line}",
				    LOG_FIELDS(LF_STR("line", buf))));
				return 1;
			}
			print_line((unsigned char *)buf, nl - buf);
			lines++;
			len -= nl + 1 - buf;
			memmove(buf, nl + 1, len);
		}
		if (len == sizeof(buf) - 1)
			errx(1, "a line of dinit's listing is too long");
	}
	if (n == -1 && errno == EAGAIN)
		errx(1, "no answer from dinit at %s in %d s", path,
		    CLIENT_WAIT_S);
	if (lines == 0 && (n == 0 || errno == ECONNRESET))
		unavailable(path);
	if (n == -1)
		err(1, "receive");
	if (len > 0)
		errx(1, "dinit's listing ends in the middle of a line");
	return 0;
}

int
control_main(const char *path, int status, int json,
    const char *const sig[2], const char *kill_id)
{
	struct control_req	 c;
	char			 line[REQ_LINE_MAX], reply[512];
	const char		*why, *vis;
	size_t			 len;
	int			 fd;

	if (path == NULL)
		errx(1, "no socket to ask");
	memset(&c, 0, sizeof(c));
	c.json = json;
	c.verb = status ? VERB_STATUS : kill_id != NULL ? VERB_KILL :
	    VERB_SIGNAL;
	if (c.verb == VERB_SIGNAL && (c.sig = request_signal(sig[1])) == 0)
		errx(2, "-signal %s: %s", sig[1], REQ_BAD_SIGNAL);
	if (c.verb != VERB_STATUS && (why = request_target(&c,
	    c.verb == VERB_KILL ? kill_id : sig[0])) != NULL)
		errx(2, "%s", why);
	if ((why = request_control(line, sizeof(line), &c, &len)) != NULL)
		errx(2, "%s", why);
	fd = connect_to(path);
	check_server(fd, path);
	send_all(fd, path, line, len);
	if (c.verb == VERB_STATUS)
		return copy_listing(fd, path);
	receive_all(fd, path, reply, sizeof(reply));
	if (strcmp(reply, "ok\n") == 0)
		return 0;
	reply[strcspn(reply, "\n")] = '\0';
	vis = log_text("{answer}", LOG_FIELDS(LF_STR("answer", reply)));
	warnx("%s", vis);
	return 1;
}
