#ifndef DINIT_SIGNAME_H
#define DINIT_SIGNAME_H

/* "TERM" for SIGTERM; musl has no sigabbrev_np. */
const char	*signame(int);

#endif
