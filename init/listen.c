/*
 * The listening socket, made by init as root before sockd exists.
 *
 * It is made where no one else can reach it: in a private directory
 * (mode 0700) beside its path, so on the same file system.  There it is
 * bound, given its group and mode and set listening; only then is it
 * renamed onto the path.  Nothing is ever changed through the path, so a
 * symlink swapped in there cannot redirect a chown or chmod, and no one
 * sees the socket before it is ready.
 *
 * What may be at the path: nothing, and then nothing may be replaced
 * (RENAME_NOREPLACE); a stale socket file (nobody listens), which is
 * replaced if it is still the same file; anything else is refused and
 * left alone.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/unixaddr.h"
#include "init/listen.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE	(1 << 0)
#endif

/* Where the socket is made, beside its path. */
struct private {
	char		 dir[PATH_MAX];	/* "DIR/.dinit-XXXXXX" */
	int		 dfd;
	const char	*name;		/* the path's last component */
};

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

/*
 * What is at the path: 0 if nothing, 1 if a socket file nobody listens
 * on (*st is its file).  Anything else is refused.
 */
static int
check_path(const struct sockaddr_un *sun, struct stat *st)
{
	if (lstat(sun->sun_path, st) == -1) {
		if (errno == ENOENT)
			return 0;
		fatal("%s", sun->sun_path);
	}
	if (!S_ISSOCK(st->st_mode))
		fatalx("%s exists and is not a socket; not touching it",
		    sun->sun_path);
	if (!listening(sun))
		return 1;
	if (st->st_uid != geteuid())
		fatalx("%s: someone else (uid %u) is listening there; "
		    "not touching it", sun->sun_path, (unsigned)st->st_uid);
	fatalx("%s: another dinit is listening there", sun->sun_path);
}

/*
 * Make the private directory beside path and open it; -1 if path's
 * directory does not exist.  The checks after opening are paranoia: in
 * a directory anyone may write, without the sticky bit, the name could
 * have been swapped for someone else's directory.
 */
static int
private_open(struct private *p, const char *path)
{
	const char	*slash;
	struct stat	 st;
	int		 n;

	slash = strrchr(path, '/');
	p->name = slash != NULL ? slash + 1 : path;
	n = snprintf(p->dir, sizeof(p->dir), "%.*s/.dinit-XXXXXX",
	    slash != NULL ? (int)(slash - path) : 1, slash != NULL ? path : ".");
	if (n < 0 || (size_t)n >= sizeof(p->dir)) {
		errno = ENAMETOOLONG;
		fatal("%s", path);
	}
	if (mkdtemp(p->dir) == NULL) {
		if (errno == ENOENT)
			return -1;
		fatal("mkdtemp %s", p->dir);
	}
	if ((p->dfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || fstat(p->dfd, &st) == -1)
		fatal("%s", p->dir);
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
		fatalx("%s was replaced; not touching it", p->dir);
	return 0;
}

/* Remove the private directory, and the socket's name in it if left. */
static void
private_close(struct private *p)
{
	if (unlinkat(p->dfd, p->name, 0) == -1 && errno != ENOENT)
		log_warn("%s/%s", p->dir, p->name);
	close(p->dfd);
	if (rmdir(p->dir) == -1)
		log_warn("rmdir %s", p->dir);
}

/* bind(2) has no *at form: bind by name from inside the directory. */
static int
bind_private(int fd, const struct private *p)
{
	struct sockaddr_un	 sun;
	int			 cwd, r, e;

	if (unix_addr(&sun, p->name) == -1)
		return -1;
	if ((cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if (fchdir(p->dfd) == -1) {
		close(cwd);
		return -1;
	}
	r = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	e = errno;
	if (fchdir(cwd) == -1)
		fatal("fchdir");
	close(cwd);
	errno = e;
	return r;
}

/*
 * The socket, bound in the private directory, with its group and mode
 * (set on its file there: fchmod(2) on a socket would change the
 * socket's own inode, not its file's), and listening.  -1 with *what
 * naming the step that failed.
 */
static int
make_socket(const struct private *p, const struct config *c,
    const char **what)
{
	struct stat	 st;
	int		 fd, e;

	*what = "socket";
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (bind_private(fd, p) == -1)
		*what = "bind";
	else if (fchownat(p->dfd, p->name, (uid_t)-1, c->socket_gid,
	    AT_SYMLINK_NOFOLLOW) == -1)
		*what = "chown";
	else if (fchmodat(p->dfd, p->name, c->socket_mode, 0) == -1)
		*what = "chmod";
	else if (fstatat(p->dfd, p->name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		*what = "stat";
	else if (listen(fd, SOMAXCONN) == -1)
		*what = "listen";
	else {
		sock_dev = st.st_dev;
		sock_ino = st.st_ino;
		return fd;
	}
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/*
 * Rename the ready socket onto the path: where there was nothing, only
 * if there is still nothing; where there was a stale socket, only over
 * that same file.  rename(2) replaces a name and never follows a link.
 * Between the lstat and the rename only someone who may rename in that
 * directory could put something else there, and could remove it too.
 * -1 with EEXIST if the path changed since it was checked.
 */
static int
place(const struct private *p, const char *path, const struct stat *stale)
{
	struct stat	 st;

	if (stale != NULL && lstat(path, &st) == 0) {
		if (st.st_dev != stale->st_dev || st.st_ino != stale->st_ino) {
			errno = EEXIST;
			return -1;
		}
		return renameat(p->dfd, p->name, AT_FDCWD, path);
	}
	if (stale != NULL && errno != ENOENT)
		return -1;
	/* The system call: musl has no renameat2(). */
	return syscall(SYS_renameat2, p->dfd, p->name, AT_FDCWD, path,
	    RENAME_NOREPLACE);
}

/* The listening socket, or -1 if its directory does not exist. */
int
listen_open(const struct config *c)
{
	struct sockaddr_un	 sun;
	struct private		 p;
	struct stat		 old;
	const char		*what;
	int			 fd, stale, e;

	if (unix_addr(&sun, c->socket) == -1)
		fatal("%s", c->socket);
	stale = check_path(&sun, &old);
	if (private_open(&p, c->socket) == -1) {
		/* A scratch image may have no /tmp: run without a socket. */
		log_warn("no socket: %s", c->socket);
		return -1;
	}
	if ((fd = make_socket(&p, c, &what)) == -1 ||
	    place(&p, c->socket, stale ? &old : NULL) == -1) {
		e = errno;
		private_close(&p);
		errno = e;
		if (fd == -1)
			fatal("%s %s", what, c->socket);
		/* The path changed: refuse what is there now as above. */
		if (e == EEXIST)
			check_path(&sun, &old);
		errno = e;
		fatal("rename onto %s", c->socket);
	}
	private_close(&p);
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
