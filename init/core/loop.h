/*
 * The event loop: the only owner of init's phase and exit status.
 */
#ifndef DINIT_LOOP_H
#define DINIT_LOOP_H

struct config;

/* Run the -start hook, the commands and the shutdown; the exit status. */
int	loop_run(const struct config *, int, int);

#endif
