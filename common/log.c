/*
 * Logging to stderr, one write(2) per line.  No stdio: sockd's seccomp
 * list has no room for the fstat and lseek calls that stdio makes.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#define LIBBSD_OPENBSD_VIS
#include <vis.h>

#include "common/log.h"

#define VIS_FLAGS	(VIS_CSTYLE | VIS_TAB | VIS_NL | VIS_OCTAL)

static const char	*log_tag;
static int		 logfd = STDERR_FILENO;
static int		 logsock;	/* logfd is a socket */
static long		 dropped;	/* lines the reader had no room for */

static void	vlog(int, const char *, va_list);

void
log_init(const char *tag)
{
	log_tag = tag;
	tzset();
}

/*
 * PID 1 must never block on its log: a reader that stops reading (a
 * full pipe, a terminal on hold) would stop the reaping and the signals
 * with it.  So init writes through a description of stderr of its own,
 * opened non-blocking (setting O_NONBLOCK on fd 2 would change it for
 * the commands too), or with MSG_DONTWAIT where stderr is a socket.  A
 * line there is no room for is dropped and counted, and the count is
 * logged once there is room again.  A regular file is written as it is.
 */
void
log_nonblocking(void)
{
	struct stat	 st;
	int		 fd;

	if (fstat(STDERR_FILENO, &st) == -1)
		return;
	if (S_ISSOCK(st.st_mode))
		logsock = 1;
	else if ((S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) &&
	    (fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) != -1)
		logfd = fd;
}

/* One whole line, or -1: no room, nothing written (lines < PIPE_BUF). */
static int
put(const char *line, size_t n)
{
	ssize_t	 w;

	if (logsock)
		w = send(logfd, line, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	else
		w = write(logfd, line, n);
	return w == (ssize_t)n ? 0 : -1;
}

/* The line, after word of what was dropped before it. */
static void
emit(const char *stamp, size_t k, const char *line, size_t n)
{
	char	 note[128];
	int	 r;

	if (dropped > 0) {
		r = snprintf(note, sizeof(note), "%.*s%ld log lines dropped\n",
		    (int)k, stamp, dropped);
		if (r < 0 || (size_t)r >= sizeof(note) || put(note, r) == -1) {
			dropped++;
			return;
		}
		dropped = 0;
	}
	if (put(line, n) == -1)
		dropped++;
}

static void
vlog(int errnum, const char *fmt, va_list ap)
{
	char		 line[LOG_LINEMAX];
	struct tm	 tm;
	time_t		 now;
	size_t		 n, stamp;
	int		 r;

	now = time(NULL);
	localtime_r(&now, &tm);
	r = snprintf(line, sizeof(line), "%04d/%02d/%02d %02d:%02d:%02d dinit: %s%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, log_tag ? log_tag : "", log_tag ? ": " : "");
	n = r > 0 ? (size_t)r : 0;
	stamp = n;
	r = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (r > 0)
		n += r;
	if (n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	if (errnum != 0) {
		r = snprintf(line + n, sizeof(line) - n, ": %s",
		    strerror(errnum));
		if (r > 0)
			n += r;
		if (n > sizeof(line) - 2)
			n = sizeof(line) - 2;
	}
	line[n++] = '\n';
	emit(line, stamp, line, n);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(0, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog(saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(0, fmt, ap);
	va_end(ap);
	exit(1);
}

/*
 * Escape src[0..len) into dst so that no byte of it can end or forge a
 * log line.  What does not fit is cut, never overflowed, and the cut is
 * marked with "...".  Returns the length written.
 */
size_t
log_escape(char *dst, size_t dstsz, const char *src, size_t len)
{
	char	 one[5], *end;
	size_t	 i, n = 0, k;

	if (dstsz == 0)
		return 0;
	for (i = 0; i < len; i++) {
		end = vis(one, (unsigned char)src[i], VIS_FLAGS,
		    i + 1 < len ? (unsigned char)src[i + 1] : '\0');
		k = end - one;
		if (n + k >= dstsz) {
			n = dstsz > 4 ? dstsz - 4 : 0;
			n += strlcpy(dst + n, "...", dstsz - n);
			return n < dstsz ? n : dstsz - 1;
		}
		memcpy(dst + n, one, k);
		n += k;
	}
	dst[n] = '\0';
	return n;
}

/* "[arg0 arg1 ...]", each word escaped, as the original logged argv. */
size_t
log_argv(char *dst, size_t dstsz, char *const argv[])
{
	size_t	 n = 0;
	int	 i;

	if (dstsz < 3) {
		if (dstsz > 0)
			dst[0] = '\0';
		return 0;
	}
	dst[n++] = '[';
	for (i = 0; argv[i] != NULL && n < dstsz - 2; i++) {
		if (i > 0)
			dst[n++] = ' ';
		n += log_escape(dst + n, dstsz - n - 1, argv[i],
		    strlen(argv[i]));
	}
	if (n > dstsz - 2)
		n = dstsz - 2;
	dst[n++] = ']';
	dst[n] = '\0';
	return n;
}
