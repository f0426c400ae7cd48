/*
 * A submission's path through init, in one place: take the frame and
 * its fd, check the peer, admit, judge, fork, and hand it to
 * submission.c.
 */
#ifndef DINIT_SUBMIT_H
#define DINIT_SUBMIT_H

struct config;
struct frame;
struct policy;

void	submit_init(const struct policy *);
/*
 * A SPAWN frame taken: refused, or forked and handed to submission.c.
 * Why sockd is not to be trusted if its fd is not a client's connection
 * or was used before; NULL otherwise.
 */
const char *submit_take(const struct config *, int, struct frame *);
/* Why sockd is not to be trusted if the SIGNAL's fd is not its command's. */
const char *submit_signal(struct frame *);

#endif
