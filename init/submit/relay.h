/*
 * Output of non-root submitted commands: a pipe that init forwards to
 * its stdout or stderr, so that such a command never holds a descriptor
 * that init or the -r commands write through.
 */
#ifndef DINIT_RELAY_H
#define DINIT_RELAY_H

#include <poll.h>

void	relay_init(void);
const int *relay_fds(void);
int	relay_pollfds(struct pollfd *, int);
void	relay_events(const struct pollfd *, int);
void	relay_drain(void);

#endif
