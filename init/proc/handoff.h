/*
 * What the primary alone inherits from whoever started dinit: the
 * sockets of socket activation, fds kept by -preserve-fds, and where to
 * say it is ready.
 */
#ifndef DINIT_HANDOFF_H
#define DINIT_HANDOFF_H

#define HANDOFF_FDS_MAX	1024

struct handoff {
	int	 nfds;		/* fds 3 .. 3+nfds-1, at their numbers */
	char	*listen_fds;	/* "LISTEN_FDS=N" for the primary, or NULL */
	char	*listen_names;	/* "LISTEN_FDNAMES=...", or NULL */
	char	*notify;	/* "NOTIFY_SOCKET=...", or NULL */
};

/*
 * At start, before init closes its fds: take the variables out of
 * init's environment and keep the fds (3 and up, -preserve-fds or more),
 * close-on-exec, for the primary.  NULL if there is nothing to hand on;
 * exits 2 if an fd is not there to keep.
 */
struct handoff	*handoff_take(int);

/* In the primary's forked child, before exec: 0, or -1 with errno. */
int	handoff_child(const struct handoff *);

/* Once the primary has executed (or failed to): init's copies go.  NULL
 * is nothing. */
void	handoff_close(struct handoff *);

#endif
