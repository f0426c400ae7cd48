/*
 * A submission's path through init, in one place: take the frame and
 * its fd, check the peer, admit, spawn, and answer once exec has
 * succeeded or failed.
 */
#ifndef DINIT_SUBMIT_H
#define DINIT_SUBMIT_H

#include <poll.h>

#define SUBMIT_PENDING_MAX	256	/* exec results awaited at once */
#define SUBMIT_PENDING_UID	16	/* of them, for one non-root uid */
#define SUBMIT_EXEC_MS		5000	/* to exec, or be killed */
#define SUBMIT_ATTACHED_UID	16	/* -wait ones alive, for one non-root
					   uid (each holds a sockd connection) */

struct child;
struct config;
struct frame;
struct policy;

void	submit_init(const struct policy *);
/*
 * -1, with f->why, if the frame's fd is not a client's connection or
 * was used before: sockd is not to be trusted.
 */
int	submit_take(const struct config *, int, struct frame *);
/* -1, with f->why, if the SIGNAL's fd is not its command's connection. */
int	submit_signal(struct frame *);
int	submit_attached(void);
int	submit_pollfds(struct pollfd *, int);
void	submit_events(const struct pollfd *, int);
int	submit_timeout(void);
void	submit_timer(void);
void	submit_dying(struct child *);
void	submit_exited(struct child *, int);

#endif
