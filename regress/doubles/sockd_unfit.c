/*
 * Test double for sockd/sockd.c: a sockd that finds, at every start,
 * that it can never run here (dinit-unfit).
 */
#include <stdlib.h>

#include "common/proto.h"
#include "sockd/sockd.h"

int
sockd_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	exit(PROTO_SOCKD_EXIT_PERMANENT);
}
