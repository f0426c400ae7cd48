/*
 * SCM_RIGHTS, written once.  The receiver sizes its control buffer for
 * more fds than it accepts, so an oversupply is seen and closed, not
 * silently cut (MSG_CTRUNC would leave the cut fds open in no one's
 * hands, or closed by the kernel without a word).
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "common/fdpass.h"

#define FDS_SEEN	(FDPASS_MAX * 4)

union cmsgbuf {
	struct cmsghdr	 hdr;
	char		 buf[CMSG_SPACE(sizeof(int) * FDS_SEEN)];
};

ssize_t
fd_send(int sock, const void *buf, size_t len, const int *fds, int nfds)
{
	union cmsgbuf	 cmsg;
	struct iovec	 iov;
	struct msghdr	 msg;
	struct cmsghdr	*cm;

	if (nfds < 0 || nfds > FDPASS_MAX) {
		errno = EINVAL;
		return -1;
	}
	iov.iov_base = (void *)(uintptr_t)buf;
	iov.iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (nfds > 0) {
		/* Zeroed: the padding goes out too. */
		memset(&cmsg, 0, sizeof(cmsg));
		msg.msg_control = cmsg.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Every fd in the control data, into all[]; -1 for a foreign message. */
static int
collect(struct msghdr *msg, int *all, int *n)
{
	struct cmsghdr	*cm;
	size_t		 k;
	int		 bad = 0;

	*n = 0;
	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len < CMSG_LEN(0)) {
			bad = 1;
			continue;
		}
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (k > (size_t)(FDS_SEEN - *n))
			k = FDS_SEEN - *n;
		memcpy(all + *n, CMSG_DATA(cm), k * sizeof(int));
		*n += k;
	}
	return bad ? -1 : 0;
}

ssize_t
fd_recv(int sock, void *buf, size_t len, int *fds, int max, int *nfds)
{
	union cmsgbuf	 cmsg;
	struct iovec	 iov = { buf, len };
	struct msghdr	 msg;
	ssize_t		 n;
	int		 all[FDS_SEEN], i, k, e = 0;

	*nfds = 0;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = sizeof(cmsg.buf);
	if ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT)) == -1)
		return -1;
	if (collect(&msg, all, &k) == -1)
		e = EBADMSG;
	else if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC) || k > max)
		e = EMSGSIZE;
	if (e != 0) {
		for (i = 0; i < k; i++)
			close(all[i]);
		errno = e;
		return -1;
	}
	memcpy(fds, all, k * sizeof(int));
	*nfds = k;
	return n;
}
