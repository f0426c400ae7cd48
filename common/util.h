/*
 * Small things every layer uses.
 */
#ifndef DINIT_UTIL_H
#define DINIT_UTIL_H

#include <sys/types.h>

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))
#endif

ssize_t	 read_small(const char *, char *, size_t);
int	 pipe_to_reader(int [2]);
void	 random_bytes(void *, size_t);
void	 fd_closefrom(int);

#endif
