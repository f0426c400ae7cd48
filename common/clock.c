/*
 * Deadlines on the monotonic clock.
 */
#include <stdint.h>
#include <time.h>

#include "common/clock.h"

void
ts_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

void
ts_add_ms(struct timespec *ts, int64_t ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* Milliseconds until ts, rounded up so a wake-up is never early; 0 if past. */
int
ts_left_ms(const struct timespec *ts)
{
	struct timespec	 now;
	int64_t		 ms;

	ts_now(&now);
	ms = (int64_t)(ts->tv_sec - now.tv_sec) * 1000 +
	    (ts->tv_nsec - now.tv_nsec + 999999) / 1000000;
	if (ms <= 0)
		return 0;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

/* The monotonic clock in milliseconds. */
int64_t
now_ms(void)
{
	struct timespec	 ts;

	ts_now(&ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
