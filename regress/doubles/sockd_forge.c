/*
 * Test double for sockd/sockd.c (dinit-forger): a compromised sockd.  It
 * sandboxes itself as the real one does, takes one client's request and
 * sends init a SPAWN that carries sockd's own listening socket instead
 * of the client's: a socket whose peer credentials are init's, root's.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/fdpass.h"
#include "common/log.h"
#include "common/proto.h"
#include "sockd/parse.h"
#include "sockd/sandbox.h"
#include "sockd/sockd.h"

static struct request	 req;

/* The first request line of the first client, parsed. */
static int
first_request(void)
{
	char		 buf[REQ_LINE_MAX];
	const char	*why;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	while ((fd = accept(PROTO_LISTEN_FD, NULL, NULL)) == -1)
		if (errno != EINTR && errno != EAGAIN)
			fatal("forge: accept");
	do {
		if ((n = read(fd, buf + len, sizeof(buf) - len)) <= 0)
			fatalx("forge: no request");
		len += n;
	} while (request_parse(&req, buf, len, 0, &why) == REQ_MORE);
	return fd;
}

int
sockd_main(int argc, char **argv)
{
	struct sandbox	 sb = { 65534, 65534, SOCKD_CONN_MAX + 8 };
	unsigned char	 frame[PROTO_FRAME_MAX];
	enum proto_err	 e;
	ssize_t		 n;
	int		 fd, forged = PROTO_LISTEN_FD;

	(void)argc;
	(void)argv;
	log_init("sockd");
	sandbox_enter(&sb);
	fd = first_request();
	if ((n = proto_encode_spawn(frame, sizeof(frame), 1, 0, 1, req.cmd[0],
	    &e)) == -1)
		fatalx("forge: %s", proto_strerror(e));
	if (fd_send(PROTO_PAIR_FD, frame, n, &forged, 1) == -1)
		fatal("forge: send");
	close(fd);
	/* Wait to be killed, as a sockd that broke the protocol is. */
	for (;;)
		poll(NULL, 0, -1);
}
