/*
 * One place builds a unix socket address.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <string.h>

#include "common/unixaddr.h"

/* The address of the socket at path; -1 (ENAMETOOLONG) if it does not fit. */
int
unix_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlcpy(sun->sun_path, path, sizeof(sun->sun_path)) >=
	    sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}
