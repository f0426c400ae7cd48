/*
 * sockd's life: execute it, notice its death, and execute a fresh one
 * after a backoff.  Its frames are chan.c's business.
 */
#ifndef DINIT_SUPERVISE_H
#define DINIT_SUPERVISE_H

#include <sys/types.h>

struct frame;

void	supervise_init(int, int, uid_t, gid_t);
void	supervise_start(void);
void	supervise_stop(void);
void	supervise_distrust(const struct frame *);
void	supervise_exited(pid_t, int);
int	supervise_timeout(void);
void	supervise_timer(void);

#endif
