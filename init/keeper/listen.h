#ifndef DINIT_LISTEN_H
#define DINIT_LISTEN_H

#include "init/config.h"

int	listen_open(const struct config *, int);
void	listen_close(const struct config *);

#endif
