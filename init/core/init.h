/*
 * The init role: PID 1 of a container (or a subreaper elsewhere).
 */
#ifndef DINIT_INIT_H
#define DINIT_INIT_H

struct config;

/* Set up, run the loop, clean up; the exit status. */
int	init_main(struct config *);

#endif
