#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <string.h>

#include "unixaddr.h"

/* The address of the socket at path; a path too long is fatal. */
void
unix_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlcpy(sun->sun_path, path, sizeof(sun->sun_path)) >=
	    sizeof(sun->sun_path))
		errx(1, "socket path too long: %s", path);
}
