/*
 * dinit -status, -signal and -kill, as init serves them: a page of the
 * listing for each STATUS frame, a decision for each CONTROL frame.
 */
#ifndef DINIT_CONTROL_H
#define DINIT_CONTROL_H

struct config;
struct frame;
struct policy;

void		 control_init(const struct policy *);

/* NULL, or why sockd is not to be trusted (as submit_take's). */
const char	*control_status(struct frame *);
const char	*control_take(const struct config *, struct frame *);

#endif
