/*
 * bindspin PATH: a local user racing dinit for its socket path, bind(2)
 * on PATH over and over.  It says "spinning" once its first try has
 * failed.  If a try succeeds it says "bound after N tries", listens
 * there and holds the path until TERM.  On TERM, a last line
 * "tries N bound B".
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t	 term;

static void
on_term(int sig)
{
	(void)sig;
	term = 1;
}

int
main(int argc, char *argv[])
{
	struct sigaction	 sa = { .sa_handler = on_term };
	struct sockaddr_un	 sun = { .sun_family = AF_UNIX };
	unsigned long		 tries = 0;
	int			 fd, bound = 0;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sun.sun_path))
		errx(2, "usage: bindspin PATH");
	memcpy(sun.sun_path, argv[1], strlen(argv[1]));
	if (sigaction(SIGTERM, &sa, NULL) == -1)
		err(1, "sigaction");
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	while (!term && !bound) {
		tries++;
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0)
			bound = 1;
		else if (tries == 1) {
			printf("spinning\n");
			fflush(stdout);
		}
	}
	if (bound) {
		printf("bound after %lu tries\n", tries);
		fflush(stdout);
		if (listen(fd, 8) == -1)
			err(1, "listen");
		while (!term)
			usleep(10000);
	}
	printf("tries %lu bound %d\n", tries, bound);
	return 0;
}
