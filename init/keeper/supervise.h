/*
 * sockd's life: execute it when a client first knocks on the listening
 * socket, notice its death, and let the next knock execute a fresh one
 * after a backoff.  Its frames are chan.c's business.
 */
#ifndef DINIT_SUPERVISE_H
#define DINIT_SUPERVISE_H

#include <sys/types.h>

#include <poll.h>

struct config;
struct frame;
struct listener;

void	supervise_init(int, int, struct config *);
void	supervise_arm(void);
int	supervise_pollfd(struct pollfd *, int);
void	supervise_knock(const struct pollfd *, int);
/* How sockd ends at shutdown. */
enum stop_how {
	STOP_KILL,	/* now */
	STOP_KEEP,	/* not yet: it tells -wait clients their ends */
	STOP_DRAIN	/* once it has read what init sent */
};

void	supervise_stop(enum stop_how);
void	supervise_distrust(const struct frame *, const char *);
void	supervise_exited(pid_t, int);
int	supervise_timeout(void);
void	supervise_timer(void);
const struct listener
	*supervise_listener(void);

#endif
