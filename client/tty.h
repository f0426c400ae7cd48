/*
 * dinit -submit -wait -t: the client's side of a session on a terminal
 * of its own.  One session a process: the state is this file's.
 */
#ifndef DINIT_CLIENT_TTY_H
#define DINIT_CLIENT_TTY_H

#include <poll.h>

#define TTY_POLLFDS	2

/*
 * A new pseudo-terminal with the modes and window size of the terminal
 * on stdin; its slave, for the bundle.  Exits with status, before
 * anything is sent, when stdin is no terminal.
 */
int	tty_open(int);

/* The client's terminal in raw mode, set back at exit; or exit status. */
void	tty_raw(int);

/*
 * The fds to poll while the session lasts (none before tty_open or after
 * its end), and what is done when they are ready: keys to the session,
 * the session's output to stdout.
 */
int	tty_pollfds(struct pollfd *);
void	tty_events(const struct pollfd *);

/* What the session wrote and the client has not yet, before the end. */
void	tty_drain(void);

/* A signal to the client: 1 if the session took it, 0 to pass it on. */
int	tty_signal(int);

#endif
