/*
 * sockd's stderr: a pipe of its own for each sockd, whose lines PID 1
 * passes on to its log as sockd's.
 */
#ifndef DINIT_SOCKD_LOG_H
#define DINIT_SOCKD_LOG_H

#include <poll.h>

int	sockd_log_open(void);
void	sockd_log_drain(void);
int	sockd_log_pollfd(struct pollfd *, int);
void	sockd_log_events(const struct pollfd *, int);

#endif
