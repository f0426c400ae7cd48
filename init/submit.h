/*
 * Submitted commands: run as the peer that connected, answered once exec
 * has succeeded or failed.
 */
#ifndef DINIT_SUBMIT_H
#define DINIT_SUBMIT_H

#include <poll.h>
#include <stdint.h>

#define SUBMIT_PENDING_MAX	64	/* exec results awaited at once */

struct init;
struct child;
struct spawn_msg;

void	submit_spawn(struct init *, const struct spawn_msg *, int, uint32_t);
int	submit_pollfds(struct pollfd *, int);
void	submit_events(struct init *, const struct pollfd *, int);
void	submit_exited(struct init *, struct child *, int);

#endif
