/*
 * The listening socket, made by init as root before sockd exists.
 *
 * The file is born with its mode and group: bind(2) creates it with
 * umask and effective gid set to what it must have, so nothing is ever
 * changed through the path afterwards (a symlink swapped in there
 * cannot redirect a chown or chmod) and no one sees it with another
 * mode or group, even for a moment.  bind(2) never follows a symlink
 * and never replaces anything: whatever is at the path makes it fail.
 *
 * What may be at the path: nothing, and the socket is bound there; a
 * stale socket file (nobody listens: one a killed dinit left, or ours,
 * closed while no sockd would serve), which is replaced; anything else
 * is refused and left alone.  A stale socket is never removed first,
 * which would free the path for anyone to bind: the new socket is bound
 * beside it, at a name nobody can guess, and renamed over it.  Its name
 * (getsockname(2), and its connections') is then the one it was bound
 * to.  It listens only once it is at the path.
 *
 * Failing is not always fatal: dinit runs without a socket where the
 * default path cannot be had (a scratch image without /tmp, a read-only
 * root, no permission), in one line.  A path the user named must be
 * had, and a path someone else holds is theirs: then dinit does not
 * start.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/unixaddr.h"
#include "common/util.h"
#include "init/keeper/listen.h"

#define ASIDE_TRIES	100	/* names beside the path, if taken */

static struct stat	 made;	/* the file at the path that is ours */
static char	 why[512];	/* what went wrong, for the one line */
static int	 taken;		/* someone else is at the path */

static int
failed(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Say (later, in one line) why there is no socket; -1. */
static int
failed(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

/* The path is someone else's: see listen_open(). */
static int
refuse(const char *path, const char *what)
{
	taken = 1;
	return failed("%s%s", path, what);
}

/*
 * 1 if someone listens at the socket, 0 if nobody does, -1 if that
 * cannot be told.  A non-blocking connect: a listener that never
 * accepts cannot hold PID 1 here, and EAGAIN (its backlog is full) says
 * it is there all the same.
 */
static int
listening(const struct sockaddr_un *sun)
{
	int	 fd, r, e;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1)
		return failed("socket: %s", strerror(errno));
	r = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	e = errno;
	close(fd);
	if (r == 0 || e == EAGAIN || e == EINPROGRESS)
		return 1;
	if (e == ECONNREFUSED)
		return 0;
	return failed("%s: %s", sun->sun_path, strerror(e));
}

/*
 * What is at the path: 0 if nothing, 1 if a stale socket, -1 if it is
 * refused or cannot be told.
 */
static int
check_path(const struct sockaddr_un *sun)
{
	const char	*path = sun->sun_path;
	struct stat	 st;
	char		 uid[64];
	int		 r;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 :
		    failed("%s: %s", path, strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		return refuse(path,
		    " exists and is not a socket; not touching it");
	if ((r = listening(sun)) == -1)
		return -1;
	if (r == 1 && st.st_uid != geteuid()) {
		snprintf(uid, sizeof(uid), ": someone else (uid %u) is "
		    "listening there; not touching it", (unsigned)st.st_uid);
		return refuse(path, uid);
	}
	if (r == 1)
		return refuse(path, ": another dinit is listening there");
	return 1;
}

/* Remove name if it is still the file st. */
static void
unlink_if(const char *name, const struct stat *st)
{
	struct stat	 now;

	if (lstat(name, &now) == 0 && now.st_dev == st->st_dev &&
	    now.st_ino == st->st_ino)
		unlink(name);
}

/*
 * bind(2) with the file's mode and group set by umask and the effective
 * gid; *st is the file made.  Without root the gid may not be had that
 * way; then the group is set on the name, never through a link, which a
 * non-root dinit may do only to a file it owns anyway.  0; 1 if
 * something is at the name already (EADDRINUSE), -1 if anything else
 * fails; why[] says why not.
 */
static int
bind_as(int fd, const struct sockaddr_un *sun, const struct config *c,
    struct stat *st)
{
	const char	*name = sun->sun_path;
	gid_t		 egid = getegid();
	mode_t		 mask;
	int		 r, e, regid = 0;

	if (c->socket_gid != (gid_t)-1 && c->socket_gid != egid &&
	    setegid(c->socket_gid) == 0)
		regid = 1;
	mask = umask(~c->socket_mode & 0777);
	r = bind(fd, (const struct sockaddr *)sun, sizeof(*sun));
	e = errno;
	umask(mask);
	if (regid && setegid(egid) == -1)
		fatal("setegid %u", (unsigned)egid);
	if (r == -1) {
		failed("bind %s: %s", name, strerror(e));
		return e == EADDRINUSE ? 1 : -1;
	}
	if (lstat(name, st) == -1)
		return failed("%s: %s", name, strerror(errno));
	if (c->socket_gid != (gid_t)-1 && c->socket_gid != egid && !regid &&
	    fchownat(AT_FDCWD, name, (uid_t)-1, c->socket_gid,
	    AT_SYMLINK_NOFOLLOW) == -1) {
		failed("chown %s: %s", name, strerror(errno));
		unlink_if(name, st);
		return -1;
	}
	return 0;
}

/*
 * bind_as() beside the path, in its directory: at "DIR/.dinit-XXXXXXXX",
 * a name nobody can guess, another if that one is taken; in *aside.
 */
static int
bind_aside(int fd, const struct sockaddr_un *sun, const struct config *c,
    struct sockaddr_un *aside, struct stat *st)
{
	const char	*path = sun->sun_path, *slash = strrchr(path, '/');
	char		 name[sizeof(sun->sun_path) + 32];
	int		 dirlen = slash == NULL ? 0 : slash - path + 1;
	uint32_t	 salt;
	int		 i, r;

	for (i = 0; i < ASIDE_TRIES; i++) {
		random_bytes(&salt, sizeof(salt));
		snprintf(name, sizeof(name), "%.*s.dinit-%08x", dirlen, path,
		    (unsigned)salt);
		if (unix_addr(aside, name) == -1)
			return failed("%s: no name beside it fits a socket "
			    "address", path);
		if ((r = bind_as(fd, aside, c, st)) != 1)
			return r;
	}
	return -1;
}

/*
 * Replace the stale socket at the path by fd's, bound beside it and
 * renamed over it: the path is never free.  rename(2) follows no link;
 * at worst it replaces what someone who may write the directory put
 * there since the check.
 */
static int
bind_over(int fd, const struct sockaddr_un *sun, const struct config *c,
    struct stat *st)
{
	struct sockaddr_un	 aside;

	if (bind_aside(fd, sun, c, &aside, st) == -1)
		return -1;
	if (rename(aside.sun_path, sun->sun_path) == -1) {
		failed("rename %s to %s: %s", aside.sun_path, sun->sun_path,
		    strerror(errno));
		unlink_if(aside.sun_path, st);
		return -1;
	}
	return 0;
}

/* The listening socket, or -1 with why[] saying why not. */
static int
make_socket(const struct config *c)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd, stale, r;

	if (unix_addr(&sun, c->socket) == -1)
		return failed("%s: %s", c->socket, strerror(errno));
	if ((stale = check_path(&sun)) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return failed("socket: %s", strerror(errno));
	if (stale)
		r = bind_over(fd, &sun, c, &st);
	else if ((r = bind_as(fd, &sun, c, &st)) == 1)
		r = refuse(c->socket, ": taken by someone else meanwhile");
	if (r == -1)
		goto fail;
	made = st;	/* for listen_close() to know it again */
	if (listen(fd, SOMAXCONN) == -1) {
		failed("listen %s: %s", c->socket, strerror(errno));
		listen_close(c);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/*
 * The listening socket.  Where it cannot be made at start, dinit stops
 * if the user named the path or someone else is at it; where the
 * default path cannot be had here, or later (again), one line and -1:
 * dinit runs on without a socket.
 */
int
listen_open(const struct config *c, int again)
{
	int	 fd;

	taken = 0;
	if ((fd = make_socket(c)) != -1)
		return fd;
	if (!again && (c->socket_given || taken))
		fatalx("%s", why);
	log_warnx("no socket: %s", why);
	return -1;
}

/* Remove the socket file, if it is still the one we made. */
void
listen_close(const struct config *c)
{
	if (c->socket != NULL && made.st_ino != 0)
		unlink_if(c->socket, &made);
}
