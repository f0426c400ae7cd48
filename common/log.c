/*
 * Logging to stderr, one write(2) per line.  No stdio: sockd's seccomp
 * list has no room for the fstat and lseek calls that stdio makes.
 */
#include <errno.h>
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

static void	vlog(int, const char *, va_list);

void
log_init(const char *tag)
{
	log_tag = tag;
	tzset();
}

static void
vlog(int errnum, const char *fmt, va_list ap)
{
	char		 line[LOG_LINEMAX];
	struct tm	 tm;
	time_t		 now;
	size_t		 n;
	int		 r;

	now = time(NULL);
	localtime_r(&now, &tm);
	r = snprintf(line, sizeof(line), "%04d/%02d/%02d %02d:%02d:%02d dinit: %s%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, log_tag ? log_tag : "", log_tag ? ": " : "");
	n = r > 0 ? (size_t)r : 0;
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
	(void)write(STDERR_FILENO, line, n);
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
