/*
 * For the unixdiag test programs: a listening socket, a client's end, a
 * connection accepted, and what the kernel says of it.
 */
#ifndef UNIXDIAG_SOCK_H
#define UNIXDIAG_SOCK_H

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <err.h>
#include <unistd.h>

#include "common/unixaddr.h"
#include "init/keeper/unixdiag.h"

static inline int
listening(const char *path, struct stat *st)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, path);
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 4) == -1 || stat(path, st) == -1)
		err(1, "listen %s", path);
	return fd;
}

static inline int
connected(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "connect %s", path);
	return fd;
}

static inline int
accepted(int l)
{
	int	 fd;

	if ((fd = accept(l, NULL, NULL)) == -1)
		err(1, "accept");
	return fd;
}

static inline int
accepted_on(int fd, const struct stat *st)
{
	return unixdiag_is_accepted_on(fd, st->st_dev, st->st_ino);
}

#endif
