/*
 * init's side of sockd: fork it, read its frames, answer them, and fork
 * a fresh one, after a backoff, whenever it dies or misbehaves.
 */
#ifndef DINIT_SUPERVISE_H
#define DINIT_SUPERVISE_H

#include <sys/types.h>

#include <poll.h>
#include <stdint.h>

struct init;
struct child;

void	supervise_start(struct init *);
void	supervise_stop(void);
int	supervise_pollfd(struct pollfd *);
void	supervise_event(struct init *, short);
void	supervise_exited(struct init *, struct child *, int);
int	supervise_timeout(void);
void	supervise_timer(struct init *);
void	supervise_reply(uint32_t, uint32_t, pid_t, uint32_t, int);

#endif
