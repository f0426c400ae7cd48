#ifndef DINIT_UNIXADDR_H
#define DINIT_UNIXADDR_H

#include <sys/socket.h>
#include <sys/un.h>

int	unix_addr(struct sockaddr_un *, const char *);

#endif
