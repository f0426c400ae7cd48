/*
 * Test double for init/backoff.c (dinit-brisk): after every death of
 * sockd a backoff that refuses clients, as a long one does, but lasts
 * 1 ms, so that a test goes through a hundred of them in seconds.
 */
#include "init/keeper/backoff.h"

void
backoff_started(void)
{
}

int
backoff_next(int *keep)
{
	*keep = 0;
	return 1;
}
