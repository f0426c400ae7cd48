/*
 * An attached submission (-wait): the client's fds 0, 1 and 2, taken
 * from the bundle it made, and the signals its client sends.
 */
#ifndef DINIT_ATTACH_H
#define DINIT_ATTACH_H

struct child;
struct peer;
struct signal_msg;

/*
 * The three fds in the bundle, into io[]: 0, or -1 with errno if the
 * bundle is not the peer's or does not hold exactly one record of one
 * byte and three fds.  Every fd that came is closed on -1.
 */
int	attach_take(int, const struct peer *, int *);

/* Note the client's connection (fd) as the one that may signal c. */
int	attach_mark(struct child *, int);

/*
 * The SIGNAL m of generation gen with the connection fd: 0 if it went
 * to the command started for that connection, or there is none (it
 * ended); -1 if fd is another connection: sockd is not to be trusted.
 */
int	attach_signal(const struct signal_msg *, unsigned, int);

/* sockd is gone, and with it every attached client: TERM and CONT. */
void	attach_orphans(void);

#endif
