/*
 * The listening socket, made by init as root before sockd exists.  Its
 * mode and group are set explicitly, whatever the umask.  A stale socket
 * file (nobody listening) is replaced; anything that is not a socket is
 * refused and left alone.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/unixaddr.h"
#include "init/listen.h"

static dev_t	 sock_dev;
static ino_t	 sock_ino;

/*
 * 1 if someone listens at the socket, 0 if nobody does.  A non-blocking
 * connect: a listener that never accepts cannot hold PID 1 here, and
 * EAGAIN (its backlog is full) says it is there all the same.
 */
static int
listening(const struct sockaddr_un *sun)
{
	int	 fd, r, e;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1)
		fatal("socket");
	r = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	e = errno;
	close(fd);
	if (r == 0 || e == EAGAIN || e == EINPROGRESS)
		return 1;
	if (e == ECONNREFUSED)
		return 0;
	errno = e;
	fatal("%s", sun->sun_path);
}

/* Remove a socket file that nobody listens on; refuse anything else. */
static void
clear_stale(const struct sockaddr_un *sun)
{
	struct stat	 st;

	if (lstat(sun->sun_path, &st) == -1) {
		if (errno == ENOENT)
			return;
		fatal("%s", sun->sun_path);
	}
	if (!S_ISSOCK(st.st_mode))
		fatalx("%s exists and is not a socket; not touching it",
		    sun->sun_path);
	if (listening(sun)) {
		if (st.st_uid != geteuid())
			fatalx("%s: someone else (uid %u) is listening there; "
			    "not touching it", sun->sun_path,
			    (unsigned)st.st_uid);
		fatalx("%s: another dinit is listening there", sun->sun_path);
	}
	if (unlink(sun->sun_path) == -1 && errno != ENOENT)
		fatal("unlink %s", sun->sun_path);
}

/* The listening socket, or -1 if its directory does not exist. */
int
listen_open(const struct config *c)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	mode_t			 old;
	int			 fd, e;

	if (unix_addr(&sun, c->socket) == -1)
		fatal("%s", c->socket);
	clear_stale(&sun);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fatal("socket");
	old = umask(0077);	/* no wider than 0700 until chmod below */
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		/* A scratch image may have no /tmp: run without a socket. */
		if (errno != ENOENT)
			fatal("bind %s", c->socket);
		log_warn("no socket: %s", c->socket);
		close(fd);
		umask(old);
		return -1;
	}
	umask(old);
	if (chown(c->socket, (uid_t)-1, c->socket_gid) == -1 ||
	    chmod(c->socket, c->socket_mode) == -1 ||
	    lstat(c->socket, &st) == -1) {
		e = errno;
		unlink(c->socket);
		errno = e;
		fatal("%s", c->socket);
	}
	sock_dev = st.st_dev;
	sock_ino = st.st_ino;
	if (listen(fd, SOMAXCONN) == -1)
		fatal("listen %s", c->socket);
	return fd;
}

/* Remove the socket file, if it is still the one we made. */
void
listen_close(const struct config *c)
{
	struct stat	 st;

	if (c->socket != NULL && lstat(c->socket, &st) == 0 &&
	    st.st_dev == sock_dev && st.st_ino == sock_ino)
		unlink(c->socket);
}
