/*
 * ptyrun [-k KEYS] [-w ROWSxCOLS] CMD [ARG ...]: run CMD on a new
 * pseudo-terminal, as a container runtime does with -t: in a session of
 * its own whose controlling terminal is the pty's slave, which is its
 * stdin, stdout and stderr.  What is written to the terminal is copied to
 * our stdout as it comes, until no one has it open any more.  What
 * arrives on the file KEYS (a fifo) is typed in, byte for byte (\003 is
 * Ctrl-C), as with -i.  The window is 24x80; SIGUSR1 makes it ROWSxCOLS,
 * and the terminal's foreground gets SIGWINCH.  Exits as CMD did (128 + N
 * for a death by signal N).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t	 resize;

static void
on_usr1(int sig)
{
	(void)sig;
	resize = 1;
}

static void __attribute__((noreturn))
child(int slave, char **argv)
{
	if (setsid() == -1)
		err(126, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) == -1)
		err(126, "TIOCSCTTY");
	if (dup2(slave, STDIN_FILENO) == -1 ||
	    dup2(slave, STDOUT_FILENO) == -1 ||
	    dup2(slave, STDERR_FILENO) == -1)
		err(126, "dup2");
	if (slave > STDERR_FILENO)
		close(slave);
	execvp(argv[0], argv);
	err(127, "%s", argv[0]);
}

/* Copy what fd has to to; 0 at its end (EIO: no one has the slave). */
static int
copy(int fd, int to)
{
	char	 buf[4096];
	ssize_t	 n, w, off;

	if ((n = read(fd, buf, sizeof(buf))) == -1 && errno == EINTR)
		return 1;
	for (off = 0; off < n; off += w)
		if ((w = write(to, buf + off, n - off)) == -1)
			err(1, "write");
	return n > 0;
}

static void __attribute__((noreturn))
usage(void)
{
	errx(2, "usage: ptyrun [-k keys] [-w ROWSxCOLS] cmd [arg ...]");
}

int
main(int argc, char *argv[])
{
	struct winsize		 ws = { .ws_row = 24, .ws_col = 80 }, ws2 = ws;
	struct pollfd		 pfd[2];
	struct sigaction	 sa;
	sigset_t		 usr1, none;
	pid_t			 pid;
	int			 master, slave, st, keys = -1;

	for (; argc > 2 && argv[1][0] == '-'; argc -= 2, argv += 2) {
		if (strcmp(argv[1], "-k") == 0) {
			if ((keys = open(argv[2], O_RDONLY | O_CLOEXEC)) == -1)
				err(1, "%s", argv[2]);
		} else if (strcmp(argv[1], "-w") != 0 ||
		    sscanf(argv[2], "%hux%hu", &ws2.ws_row, &ws2.ws_col) != 2)
			usage();
	}
	if (argc < 2)
		usage();
	if (openpty(&master, &slave, NULL, NULL, &ws) == -1)
		err(1, "openpty");
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &none);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(master);
		child(slave, argv + 1);
	}
	close(slave);
	for (;;) {
		memset(pfd, 0, sizeof(pfd));
		pfd[0].fd = master;
		pfd[0].events = POLLIN;
		pfd[1].fd = keys;
		pfd[1].events = POLLIN;
		if (ppoll(pfd, 2, NULL, &none) == -1 && errno != EINTR)
			err(1, "ppoll");
		if (resize) {
			resize = 0;
			if (ioctl(master, TIOCSWINSZ, &ws2) == -1)
				err(1, "TIOCSWINSZ");
		}
		if (pfd[1].revents && !copy(keys, master))
			keys = -1;
		if (pfd[0].revents && !copy(master, STDOUT_FILENO))
			break;
	}
	if (waitpid(pid, &st, 0) == -1)
		err(1, "waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
