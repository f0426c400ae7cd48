/*
 * dinit -submit: send the -r commands, already expanded in the
 * submitter's own environment, as one request line to a server that
 * is root or the submitter, and report the answers, escaped.  No -start
 * or -stop hooks run here.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "client/submit.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/request.h"
#include "common/unixaddr.h"
#include "common/users.h"

#define CLIENT_WAIT_S	30

/*
 * Nobody serves the socket now: dinit closes it while no sockd will
 * (backing off, given up, shutting down), which refuses a new client
 * and resets one that was waiting.
 */
static void __attribute__((noreturn))
unavailable(const char *path)
{
	errx(1, "error unavailable: dinit at %s takes no submissions now",
	    path);
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

int
submit_main(const char *path, const char *runas, char **const cmd[],
    int ncmd)
{
	char		 line[REQ_LINE_MAX], reply[4096];
	char		 vis[sizeof(reply) * 4];
	struct spawn_as	 as = { 0, 0, 0 };
	const char	*why;
	ssize_t		 len;
	char		*p, *nl;
	int		 fd, failed = 0, answers = 0;

	if (path == NULL)
		errx(1, "-submit needs a socket");
	/* Names are looked up here, in the submitter's files. */
	if (runas != NULL && users_target(runas, &as, &why) == -1)
		errx(2, "-u %s: %s", runas, why);
	if ((len = request_encode(line, sizeof(line), &as, cmd, ncmd,
	    &why)) == -1)
		errx(2, "%s", why);
	fd = connect_to(path);
	check_server(fd, path);
	send_all(fd, path, line, len);
	receive_all(fd, path, reply, sizeof(reply));
	/* Escaped: a server's bytes must not drive the user's terminal. */
	for (p = reply; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		answers++;
		log_escape(vis, sizeof(vis), p, nl - p);
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
