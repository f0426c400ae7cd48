#ifndef DINIT_SIGNAME_H
#define DINIT_SIGNAME_H

/* "TERM" for SIGTERM and back; musl has no sigabbrev_np. */
const char	*signame(int);
int		 signum(const char *);

#endif
