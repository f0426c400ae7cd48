/*
 * Logging: one event per line on stderr, "YYYY/MM/DD HH:MM:SS dinit: ".
 * Each line is built in one buffer and written with a single write(2),
 * so lines from init and sockd never interleave mid-line.  Anything that
 * came from outside must go through log_escape() or log_argv() first.
 */
#ifndef DINIT_LOG_H
#define DINIT_LOG_H

#include <stddef.h>

#define LOG_LINEMAX	2048

void	log_init(const char *);
void	log_nonblocking(void);
void	log_info(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

size_t	log_escape(char *, size_t, const char *, size_t);
size_t	log_argv(char *, size_t, char *const []);

#endif
