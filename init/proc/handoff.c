/*
 * Socket activation (LISTEN_FDS, LISTEN_FDNAMES, for the process that
 * LISTEN_PID names; podman passes them into a container for its PID 1),
 * the fds of -preserve-fds and readiness (NOTIFY_SOCKET) are the
 * primary's alone.  init takes the variables out of its environment and
 * keeps the fds close-on-exec, so that no hook, submission or sockd
 * gets either; the primary's child gives them back, the fds at the
 * numbers they came with and LISTEN_PID its own pid; then init closes
 * its copies.
 */
#include <sys/types.h>

#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "init/proc/handoff.h"

/* NAME=VALUE, taken out of the environment; NULL if it was not there. */
static char *
take(const char *name)
{
	const char	*v;
	char		*nv;

	if ((v = getenv(name)) == NULL)
		return NULL;
	if (asprintf(&nv, "%s=%s", name, v) == -1)
		err(1, NULL);
	if (unsetenv(name) == -1)
		err(1, "unsetenv");
	return nv;
}

/* The value of a NAME=VALUE. */
static const char *
value(const char *nv)
{
	return strchr(nv, '=') + 1;
}

/*
 * How many sockets LISTEN_FDS passes to this process: 0 (and the
 * variables dropped) where LISTEN_PID names another, as sd_listen_fds
 * has it.
 */
static int
listen_count(struct handoff *h, const char *pid)
{
	const char	*errstr;
	long long	 n;

	if (h->listen_fds == NULL) {
		free(h->listen_names);
		h->listen_names = NULL;
		return 0;
	}
	if (pid == NULL ||
	    strtonum(value(pid), 1, INT_MAX, &errstr) != getpid()) {
		log_ev(LL_WARN, NULL, "LISTEN_FDS is for LISTEN_PID {pid}, "
		    "not dinit: no sockets passed on", LOG_FIELDS(LF_STR("pid",
		    pid == NULL ? "(unset)" : value(pid))));
		free(h->listen_fds);
		free(h->listen_names);
		h->listen_fds = h->listen_names = NULL;
		return 0;
	}
	n = strtonum(value(h->listen_fds), 0, HANDOFF_FDS_MAX, &errstr);
	if (errstr != NULL)
		log_exit(2, "LISTEN_FDS={value}: want a number of fds from 0 "
		    "to {max}", LOG_FIELDS(LF_STR("value", value(h->listen_fds)),
		    LF_INT("max", HANDOFF_FDS_MAX)));
	return n;
}

struct handoff *
handoff_take(int preserve)
{
	static struct handoff	 ho;	/* lives until exit */
	struct handoff		*h = &ho;
	char			*pid;
	int			 n, fd;

	h->listen_fds = take("LISTEN_FDS");
	h->listen_names = take("LISTEN_FDNAMES");
	pid = take("LISTEN_PID");
	h->notify = take("NOTIFY_SOCKET");
	n = listen_count(h, pid);
	free(pid);
	h->nfds = n > preserve ? n : preserve;
	for (fd = 3; fd < 3 + h->nfds; fd++)
		if (fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
			log_exit(2, "{by}: fd {fd} is not open", LOG_FIELDS(
			    LF_STR("by", fd < 3 + n ? "LISTEN_FDS" :
			    "-preserve-fds"), LF_INT("fd", fd)));
	if (h->nfds == 0 && h->listen_fds == NULL && h->notify == NULL)
		return NULL;
	return h;
}

int
handoff_child(const struct handoff *h)
{
	char	 pid[16];
	int	 fd;

	for (fd = 3; fd < 3 + h->nfds; fd++)
		if (fcntl(fd, F_SETFD, 0) == -1)
			return -1;
	if (h->listen_fds != NULL) {
		(void)snprintf(pid, sizeof(pid), "%d", (int)getpid());
		if (setenv("LISTEN_PID", pid, 1) == -1 ||
		    putenv(h->listen_fds) != 0)
			return -1;
	}
	if (h->listen_names != NULL && putenv(h->listen_names) != 0)
		return -1;
	if (h->notify != NULL && putenv(h->notify) != 0)
		return -1;
	return 0;
}

void
handoff_close(struct handoff *h)
{
	int	 fd;

	if (h == NULL)
		return;
	for (fd = 3; fd < 3 + h->nfds; fd++)
		(void)close(fd);
	h->nfds = 0;
}
