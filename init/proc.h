#ifndef DINIT_PROC_H
#define DINIT_PROC_H

#include <sys/types.h>

ssize_t	 read_small(const char *, char *, size_t);

#endif
