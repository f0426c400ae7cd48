/*
 * ptyrun CMD [ARG ...]: run CMD on a new pseudo-terminal, as a container
 * runtime does with -t: in a session of its own whose controlling
 * terminal is the pty's slave, which is its stdin, stdout and stderr.
 * What is written to the terminal is copied to our stdout as it comes,
 * until no one has it open any more.  Exits as CMD did (128 + N for a
 * death by signal N).
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <err.h>
#include <pty.h>
#include <stdlib.h>
#include <unistd.h>

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

int
main(int argc, char *argv[])
{
	char	 buf[4096];
	ssize_t	 n, w, off;
	pid_t	 pid;
	int	 master, slave, st;

	if (argc < 2)
		errx(2, "usage: ptyrun cmd [arg ...]");
	if (openpty(&master, &slave, NULL, NULL, NULL) == -1)
		err(1, "openpty");
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		close(master);
		child(slave, argv + 1);
	}
	close(slave);
	/* EIO once every holder of the slave has closed it. */
	while ((n = read(master, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += w)
			if ((w = write(STDOUT_FILENO, buf + off, n - off)) == -1)
				err(1, "write");
	if (waitpid(pid, &st, 0) == -1)
		err(1, "waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
