/*
 * Token buckets, on the monotonic clock.
 */
#include <time.h>

#include "common/bucket.h"
#include "common/clock.h"

/* What b would hold now: its tokens and what has dripped in since. */
static double
level(const struct bucket *b, const struct timespec *now, double rate,
    double burst)
{
	double	 t;

	if (!b->used)
		return burst;
	t = b->tokens + ((now->tv_sec - b->last.tv_sec) +
	    (now->tv_nsec - b->last.tv_nsec) / 1e9) * rate;
	return t > burst ? burst : t;
}

/* 1, a token taken, if there is one; 0 otherwise. */
int
bucket_take(struct bucket *b, double rate, double burst)
{
	struct timespec	 now;

	ts_now(&now);
	b->tokens = level(b, &now, rate, burst);
	b->last = now;
	b->used = 1;
	if (b->tokens < 1)
		return 0;
	b->tokens -= 1;
	return 1;
}

/* Milliseconds until a token is there; 0 if one is now. */
int
bucket_wait_ms(const struct bucket *b, double rate, double burst)
{
	struct timespec	 now;
	double		 t;

	ts_now(&now);
	if ((t = level(b, &now, rate, burst)) >= 1)
		return 0;
	t = (1 - t) * 1000 / rate;
	return (int)t + (t > (int)t);
}
