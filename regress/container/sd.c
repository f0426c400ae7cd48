/*
 * sd: a service's side of socket activation and readiness, for the
 * container suite's images (linked statically, as busybox is).
 *	sd notify STATE		send STATE to $NOTIFY_SOCKET
 *	sd serve TEXT		accept one connection on fd 3, the first
 *				of LISTEN_FDS if LISTEN_PID is this
 *				process, and write TEXT and a newline
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
notify(const char *state)
{
	struct sockaddr_un	 sun = { .sun_family = AF_UNIX };
	const char		*path = getenv("NOTIFY_SOCKET");
	int			 s;

	if (path == NULL || strlen(path) >= sizeof(sun.sun_path))
		errx(1, "NOTIFY_SOCKET unset or too long");
	memcpy(sun.sun_path, path, strlen(path));
	if (path[0] == '@')
		sun.sun_path[0] = '\0';	/* abstract */
	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if (sendto(s, state, strlen(state), 0, (struct sockaddr *)&sun,
	    offsetof(struct sockaddr_un, sun_path) + strlen(path)) == -1)
		err(1, "sendto %s", path);
	return 0;
}

static int
serve(const char *text)
{
	const char	*fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	int		 c;

	if (fds == NULL || pid == NULL || atoi(fds) < 1 ||
	    atoi(pid) != getpid())
		errx(1, "no socket for pid %d: LISTEN_FDS %s LISTEN_PID %s",
		    (int)getpid(), fds ? fds : "unset", pid ? pid : "unset");
	if ((c = accept(3, NULL, NULL)) == -1)
		err(1, "accept");
	dprintf(c, "%s\n", text);
	return close(c) == -1;
}

int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "notify") == 0)
		return notify(argv[2]);
	if (argc == 3 && strcmp(argv[1], "serve") == 0)
		return serve(argv[2]);
	fprintf(stderr, "usage: sd notify STATE | sd serve TEXT\n");
	return 2;
}
