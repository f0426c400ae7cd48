/*
 * Test double for sockd/sockd.c: a sockd that dies at every start, for
 * the backoff tests (dinit-crashy).
 */
#include <stdlib.h>

#include "sockd/sockd.h"

int
sockd_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	abort();
}
