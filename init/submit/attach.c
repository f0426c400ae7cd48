/*
 * Attached submissions.  Their fds do not come as sockd's word: the
 * client puts them in a socket pair it makes (the bundle) and sends one
 * end with its request.  sockd can pass the bundle on, but cannot make
 * one that the kernel says is the submitter's (SO_PEERCRED names the
 * process that made the pair), and cannot put fds into one (its seccomp
 * filter lets it send fds to init alone).  So a compromised sockd cannot
 * give one client's fds to another client's command.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "common/fdpass.h"
#include "common/proto.h"
#include "init/keeper/peer.h"
#include "init/submit/attach.h"

static int
same_cred(int fd, const struct ucred *want)
{
	struct ucred	 cr;
	socklen_t	 len = sizeof(cr);

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 &&
	    len == sizeof(cr) && cr.uid == want->uid && cr.gid == want->gid &&
	    cr.pid == want->pid;
}

int
attach_take(int bundle, const struct peer *p, int *io)
{
	char	 c[2];
	ssize_t	 n;
	int	 fds[FDPASS_MAX], nfds, i;

	if (!same_cred(bundle, &p->cred)) {
		errno = EPERM;
		return -1;
	}
	n = fd_recv(bundle, c, sizeof(c), fds, FDPASS_MAX, &nfds);
	if (n == -1 && errno == EAGAIN)
		errno = EBADF;
	if (n == -1)
		return -1;
	for (i = 0; i < nfds && fcntl(fds[i], F_GETFD) != -1; i++)
		;
	if (n != 1 || nfds != 3 || i != nfds) {
		for (i = 0; i < nfds; i++)
			close(fds[i]);
		errno = EBADF;
		return -1;
	}
	for (i = 0; i < 3; i++)
		io[i] = fds[i];
	return 0;
}
