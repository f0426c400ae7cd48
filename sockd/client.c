/*
 * dinit -submit: send the -r commands, already expanded in the
 * submitter's own environment, as one request line and report the
 * answers.  No -start or -stop hooks run here.
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

#include "opts.h"
#include "parse.h"
#include "sockd.h"
#include "unixaddr.h"

#define CLIENT_WAIT_S	30

/* Append s[0..k) and a separating blank, if the line has room. */
static int
append(char *line, size_t *n, const char *s, size_t k)
{
	if (*n + (*n > 0) + k + 1 > REQ_LINE_MAX)
		return -1;
	if (*n > 0)
		line[(*n)++] = ' ';
	memcpy(line + *n, s, k);
	*n += k;
	return 0;
}

/* One argument, quoted as encoding/csv would with a space separator. */
static int
add_word(char *line, size_t *n, const char *w)
{
	char		 buf[2 * REQ_LINE_MAX + 3];
	size_t		 k = 0;
	const char	*p;
	int		 quote;

	if (strcmp(w, "-r") == 0)
		return append(line, n, "\\-r", 3);
	quote = 0;
	for (p = w; *p != '\0'; p++)
		if (*p == ' ' || *p == '"' || (unsigned char)*p < 0x20 ||
		    *p == 0x7f)
			quote = 1;
	if (quote)
		buf[k++] = '"';
	for (p = w; *p != '\0' && k < sizeof(buf) - 3; p++) {
		if (*p == '"')
			buf[k++] = '"';
		buf[k++] = *p;
	}
	if (quote)
		buf[k++] = '"';
	return append(line, n, buf, k);
}

static size_t
build_request(const struct config *c, char *line)
{
	size_t	 n = 0;
	int	 i, k, r;

	for (i = 0; i < c->ncmd; i++) {
		r = append(line, &n, "-r", 2);
		for (k = 0; r == 0 && c->cmd[i][k] != NULL; k++) {
			if (c->cmd[i][k][0] == '\0')
				errx(2, "empty arguments cannot be submitted");
			r = add_word(line, &n, c->cmd[i][k]);
		}
		if (r == -1)
			errx(2, "request longer than %d bytes", REQ_LINE_MAX);
	}
	line[n++] = '\n';
	return n;
}

static int
connect_to(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "cannot reach dinit at %s", path);
	return fd;
}

int
submit_main(const struct config *c)
{
	char	 line[REQ_LINE_MAX + 1], reply[4096];
	size_t	 len, got = 0;
	ssize_t	 n;
	char	*p, *nl;
	int	 fd, failed = 0, answers = 0;

	if (c->socket == NULL)
		errx(1, "-submit needs a socket");
	len = build_request(c, line);
	fd = connect_to(c->socket);
	/* sockd answers or gives up within SOCKD_REPLY_MS; never hang. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){
	    .tv_sec = CLIENT_WAIT_S }, sizeof(struct timeval)) == -1)
		err(1, "setsockopt");
	for (p = line; len > 0; p += n, len -= n)
		if ((n = write(fd, p, len)) == -1)
			err(1, "send");
	shutdown(fd, SHUT_WR);
	while (got < sizeof(reply) - 1 &&
	    (n = read(fd, reply + got, sizeof(reply) - 1 - got)) > 0)
		got += n;
	/* A reset after the answer (sockd closing early) loses nothing. */
	if (n == -1 && got == 0 && errno == EAGAIN)
		errx(1, "no answer from dinit at %s in %d s", c->socket,
		    CLIENT_WAIT_S);
	if (n == -1 && got == 0)
		err(1, "receive");
	reply[got] = '\0';
	for (p = reply; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		answers++;
		if (strncmp(p, "ok ", 3) == 0)
			printf("%s\n", p);
		else {
			warnx("%s", p);
			failed = 1;
		}
	}
	if (answers < c->ncmd && !failed) {
		warnx("dinit answered %d of %d commands", answers, c->ncmd);
		failed = 1;
	}
	return failed ? 1 : 0;
}
