/*
 * sockd's backoff: how long after a death the next sockd may start,
 * and whether clients wait for it meanwhile.
 */
#ifndef DINIT_BACKOFF_H
#define DINIT_BACKOFF_H

void	backoff_started(void);
int	backoff_next(int *);

#endif
