/*
 * Small things every layer uses.  Small files of /proc and /sys are read
 * whole with open and read: no stdio, so a static build stays small.
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"

/* Up to size-1 bytes of path, NUL-terminated; -1 if it cannot be read. */
ssize_t
read_small(const char *path, char *buf, size_t size)
{
	ssize_t	 n, got = 0;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while ((size_t)got < size - 1 &&
	    ((n = read(fd, buf + got, size - 1 - got)) > 0 ||
	    (n == -1 && errno == EINTR)))
		if (n > 0)
			got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/*
 * A pipe whose reader must never block (PID 1) and whose writer may, as
 * on the stdout or stderr it stands for; both ends close-on-exec.
 */
int
pipe_to_reader(int p[2])
{
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	if (fcntl(p[1], F_SETFL, 0) == -1) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	return 0;
}

/*
 * n random bytes, from getrandom(2), or /dev/urandom where the kernel has
 * no getrandom; failing both, the clock's, which still differ per call.
 * (libbsd's arc4random would pull its own generator and a fallback twice
 * this file's size into the static build.)
 */
void
random_bytes(void *buf, size_t n)
{
	struct timespec	 ts;
	unsigned char	*p = buf;
	ssize_t		 r;
	size_t		 got = 0, i;
	int		 fd;

	while (got < n) {
		if ((r = getrandom(p + got, n - got, 0)) > 0)
			got += r;
		else if (r == -1 && errno != EINTR)
			break;
	}
	if (got < n && (fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) != -1) {
		while (got < n && (r = read(fd, p + got, n - got)) > 0)
			got += r;
		close(fd);
	}
	for (i = got; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		p[i] = (unsigned char)(ts.tv_nsec ^ ts.tv_nsec >> 8 ^ i);
	}
}

/*
 * Every fd from lo up closed: close_range(2) (Linux 5.9), else each fd
 * /proc/self/fd lists, else each fd below the limit.  libbsd's
 * closefrom() does the same, with a fallback through sysconf(3) that
 * cost the static build a page.
 */
void
fd_closefrom(int lo)
{
	struct rlimit	 rl;
	struct dirent	*e;
	const char	*errstr;
	DIR		*d;
	rlim_t		 fd;
	int		 n;

	if (syscall(SYS_close_range, lo, ~0U, 0) == 0)
		return;
	if ((d = opendir("/proc/self/fd")) != NULL) {
		while ((e = readdir(d)) != NULL) {
			n = strtonum(e->d_name, lo, INT_MAX, &errstr);
			if (errstr == NULL && n != dirfd(d))
				(void)close(n);
		}
		closedir(d);
		return;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur > INT_MAX)
		rl.rlim_cur = INT_MAX;
	for (fd = lo; fd < rl.rlim_cur; fd++)
		(void)close(fd);
}
