/*
 * The monotonic clock, for deadlines: never the wall clock, which an
 * administrator or NTP may move.
 */
#ifndef DINIT_CLOCK_H
#define DINIT_CLOCK_H

#include <stdint.h>
#include <time.h>

void	ts_now(struct timespec *);
void	ts_add_ms(struct timespec *, int64_t);
int	ts_left_ms(const struct timespec *);
int64_t	now_ms(void);

#endif
