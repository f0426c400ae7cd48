/*
 * One sock_diag(7) query per call: SOCK_DIAG_BY_FAMILY for the unix
 * socket with fd's inode number and cookie, asking for UNIX_DIAG_VFS,
 * the inode and device of the file the socket is bound to.  An accepted
 * socket shares its listener's file; a client's socket bound to the same
 * name in another mount namespace has a file of its own.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "init/keeper/unixdiag.h"

/*
 * UNIX_DIAG_VFS carries the superblock's s_dev as the kernel keeps it,
 * major << 20 | minor, not in the encoding stat(2) uses.
 */
#define KDEV_MINORBITS	20
#define KDEV_MINORMASK	((1U << KDEV_MINORBITS) - 1)

#define DIAG_SEQ	1
#define DIAG_ANSWER_MAX	1024	/* ours is under 64 bytes */

struct query {
	struct nlmsghdr		 nh;
	struct unix_diag_req	 req;
};

union answer {
	struct nlmsghdr		 nh;
	char			 buf[DIAG_ANSWER_MAX];
};

static int
bad_answer(void)
{
	errno = EPROTO;
	return -1;
}

/*
 * 1 if fd is a unix socket, 0 if not, -1 if fd is no descriptor.  An
 * O_PATH descriptor of a socket's file is S_ISSOCK but no socket.
 */
static int
is_unix(int fd, struct stat *st)
{
	socklen_t	 len = sizeof(int);
	int		 domain;

	if (fstat(fd, st) == -1)
		return -1;
	if (!S_ISSOCK(st->st_mode))
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == -1)
		return errno == ENOTSOCK || errno == EBADF ? 0 : -1;
	return len == sizeof(int) && domain == AF_UNIX;
}

/*
 * The request for the socket with inode number ino and fd's cookie.
 * Socket inode numbers come from a 32-bit counter and can repeat; the
 * cookie does not, so the kernel answers ESTALE rather than about
 * another socket.
 */
static int
query_init(struct query *q, int fd, ino_t ino)
{
	socklen_t	 len = sizeof(uint64_t);
	uint64_t	 cookie;

	if (ino == 0 || ino > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) == -1)
		return -1;
	if (len != sizeof(uint64_t))
		return bad_answer();
	memset(q, 0, sizeof(*q));
	q->nh.nlmsg_len = sizeof(*q);
	q->nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	q->nh.nlmsg_flags = NLM_F_REQUEST;
	q->nh.nlmsg_seq = DIAG_SEQ;
	q->req.sdiag_family = AF_UNIX;
	q->req.udiag_ino = ino;
	q->req.udiag_show = UDIAG_SHOW_VFS;
	q->req.udiag_cookie[0] = cookie & UINT32_MAX;
	q->req.udiag_cookie[1] = cookie >> 32;
	return 0;
}

/*
 * The kernel handles the request inside sendto() and queues its answer
 * before sendto() returns, so reading without waiting never misses it
 * and never blocks.
 */
static ssize_t
exchange(int nl, const struct query *q, union answer *a)
{
	struct sockaddr_nl	 sa;
	socklen_t		 len = sizeof(sa);
	ssize_t			 n;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	n = sendto(nl, q, sizeof(*q), 0, (struct sockaddr *)&sa, sizeof(sa));
	if (n == -1)
		return -1;
	if (n != sizeof(*q))
		return bad_answer();
	n = recvfrom(nl, a, sizeof(*a), MSG_DONTWAIT | MSG_TRUNC,
	    (struct sockaddr *)&sa, &len);
	if (n == -1)
		return -1;
	/* Only the kernel, port 0, answers; a whole answer fits. */
	if (len != sizeof(sa) || sa.nl_family != AF_NETLINK ||
	    sa.nl_pid != 0 || (size_t)n > sizeof(*a))
		return bad_answer();
	return n;
}

static ssize_t
ask(const struct query *q, union answer *a)
{
	ssize_t	 n;
	int	 nl;

	nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (nl == -1)
		return -1;
	n = exchange(nl, q, a);
	/* A socket's close(2) does not fail: errno is still exchange's. */
	close(nl);
	return n;
}

/* 1 and d filled in if fd is a unix socket, 0 if not, -1 on error. */
static int
diag(int fd, struct unixdiag *d)
{
	union answer	 a;
	struct query	 q;
	struct stat	 st;
	ssize_t		 n;
	int		 r;

	if ((r = is_unix(fd, &st)) != 1)
		return r;
	if (query_init(&q, fd, st.st_ino) == -1 ||
	    (n = ask(&q, &a)) == -1 ||
	    unixdiag_parse(&a, n, q.nh.nlmsg_seq, d) == -1)
		return -1;
	/* Paranoia. */
	if (d->ino != q.req.udiag_ino ||
	    d->cookie[0] != q.req.udiag_cookie[0] ||
	    d->cookie[1] != q.req.udiag_cookie[1])
		return bad_answer();
	return 1;
}

int
unixdiag_bound(int fd, dev_t *dev, ino_t *ino)
{
	struct unixdiag	 d;
	int		 r;

	if ((r = diag(fd, &d)) != 1)
		return r;
	if (!d.bound)
		return 0;
	*dev = d.vfs_dev;
	*ino = d.vfs_ino;
	return 1;
}

/*
 * A connecting socket is ESTABLISHED too, and reports the listener's
 * credentials; only the file tells it apart.
 */
int
unixdiag_is_accepted_on(int fd, dev_t dev, ino_t ino)
{
	struct unixdiag	 d;
	int		 r;

	if ((r = diag(fd, &d)) != 1)
		return r;
	return d.type == SOCK_STREAM && d.state == TCP_ESTABLISHED &&
	    d.bound && d.vfs_dev == dev && d.vfs_ino == (ino & UINT32_MAX);
}

/* An NLMSG_ERROR answer: the kernel's errno, never success. */
static int
nl_error(struct nlmsghdr *nh)
{
	struct nlmsgerr	*e;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
		return bad_answer();
	e = NLMSG_DATA(nh);
	if (e->error >= 0 || e->error < -4095)
		return bad_answer();
	errno = -e->error;
	return -1;
}

/* The attributes after struct unix_diag_msg: each one whole, VFS once. */
static int
parse_attrs(struct rtattr *rta, int len, struct unixdiag *d)
{
	struct unix_diag_vfs	 vfs;

	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type != UNIX_DIAG_VFS)
			continue;
		if (d->bound || RTA_PAYLOAD(rta) != sizeof(vfs))
			return bad_answer();
		memcpy(&vfs, RTA_DATA(rta), sizeof(vfs));
		d->bound = 1;
		d->vfs_dev = makedev(vfs.udiag_vfs_dev >> KDEV_MINORBITS,
		    vfs.udiag_vfs_dev & KDEV_MINORMASK);
		d->vfs_ino = vfs.udiag_vfs_ino;
	}
	return len == 0 ? 0 : bad_answer();
}

/* Exactly one message: an error, or a unix socket's description. */
int
unixdiag_parse(void *buf, size_t n, uint32_t seq, struct unixdiag *d)
{
	struct nlmsghdr		*nh = buf;
	struct unix_diag_msg	*m;
	struct rtattr		*rta;

	if (n < sizeof(*nh) || n > DIAG_ANSWER_MAX || nh->nlmsg_len != n ||
	    nh->nlmsg_seq != seq)
		return bad_answer();
	if (nh->nlmsg_type == NLMSG_ERROR)
		return nl_error(nh);
	if (nh->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    nh->nlmsg_len < NLMSG_SPACE(sizeof(*m)))
		return bad_answer();
	m = NLMSG_DATA(nh);
	if (m->udiag_family != AF_UNIX)
		return bad_answer();
	memset(d, 0, sizeof(*d));
	d->ino = m->udiag_ino;
	memcpy(d->cookie, m->udiag_cookie, sizeof(d->cookie));
	d->type = m->udiag_type;
	d->state = m->udiag_state;
	rta = (struct rtattr *)((char *)m + NLMSG_ALIGN(sizeof(*m)));
	return parse_attrs(rta, nh->nlmsg_len - NLMSG_SPACE(sizeof(*m)), d);
}
