/*
 * Attached submissions.  Their fds do not come as sockd's word: the
 * client puts them in a socket pair it makes (the bundle) and sends one
 * end with its request.  sockd can pass the bundle on, but cannot make
 * one that the kernel says is the submitter's (SO_PEERCRED names the
 * process that made the pair), and cannot put fds into one (its seccomp
 * filter lets it send fds to init alone).  So a compromised sockd cannot
 * give one client's fds to another client's command.
 *
 * With -t the three fds are to be one new pseudo-terminal's slave, which
 * the command makes its controlling terminal.  A terminal lets whoever
 * holds it read what is typed there and push keys into it (TIOCSTI), so
 * what arrives must be a terminal that carries nothing of anyone's: a
 * pty slave made by the submitter (devpts gives the slave to the uid
 * that opened the master), open for reading and writing, the same one
 * thrice; that it is nobody's controlling terminal the kernel checks as
 * the child takes it (TIOCSCTTY without stealing).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

/* Unix98 pty slaves: include/uapi/linux/major.h. */
#define PTY_SLAVE_MAJOR		136
#define PTY_SLAVE_MAJORS	8

int
attach_tty(const int *io, uid_t submitter)
{
	struct stat	 st[3];
	int		 i;

	for (i = 0; i < 3; i++)
		if (fstat(io[i], &st[i]) == -1 ||
		    (fcntl(io[i], F_GETFL) & O_ACCMODE) != O_RDWR ||
		    !S_ISCHR(st[i].st_mode) || st[i].st_rdev != st[0].st_rdev ||
		    st[i].st_dev != st[0].st_dev ||
		    st[i].st_ino != st[0].st_ino)
			goto bad;
	if (major(st[0].st_rdev) < PTY_SLAVE_MAJOR ||
	    major(st[0].st_rdev) >= PTY_SLAVE_MAJOR + PTY_SLAVE_MAJORS ||
	    st[0].st_uid != submitter)
		goto bad;
	return 0;
bad:
	errno = ENOTTY;
	return -1;
}
