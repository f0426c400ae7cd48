/*
 * The event loop: the only owner of init's phase and exit status.
 */
#ifndef DINIT_LOOP_H
#define DINIT_LOOP_H

struct config;
struct handoff;
struct ids;

/* How the -r commands start, as init.c has set it up. */
struct commands {
	const struct ids	*ids;		/* -run-as; NULL: as init */
	struct handoff		*handoff;	/* the primary's alone */
};

/* Run the -start hook, the commands and the shutdown; the exit status. */
int	loop_run(const struct config *, const struct commands *, int, int);

#endif
