/*
 * Reaping and how an exit reads.
 */
#ifndef DINIT_REAP_H
#define DINIT_REAP_H

#include <sys/types.h>

#include <stdint.h>

struct child;

pid_t	reap_peek(void);
struct rusage;

int	reap_pid(pid_t, struct rusage *);
int	wait_status(int);
void	reap_log(const struct child *, int, uint64_t, const char *);

#endif
