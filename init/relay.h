/*
 * Output of non-root submitted commands when init's stdout or stderr is
 * a terminal: a pipe that init forwards, so that such a command never
 * holds a file descriptor of the terminal.
 */
#ifndef DINIT_RELAY_H
#define DINIT_RELAY_H

#include <poll.h>

void	relay_init(void);
const int *relay_fds(void);
int	relay_pollfds(struct pollfd *, int);
void	relay_events(const struct pollfd *, int);

#endif
