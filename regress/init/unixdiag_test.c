/*
 * The kernel tells a connection accepted on the listening socket from
 * every other socket a compromised sockd could pass init: the client's
 * own end, the listening socket, a socketpair, a connection accepted
 * elsewhere, and a client's socket bound to the same name in another
 * mount namespace, which getsockname() cannot tell apart.
 *
 * The namespace cases fork a child that sets the scene and passes its
 * sockets back over a socketpair, as sockd passes one to init.  The
 * parser cases feed it answers shaped as the kernel's, cut and bent.
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <atf-c.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/peer.h"
#include "common/unixaddr.h"
#include "init/unixdiag.h"

#define PATH		"unixdiag_test.sock"
#define OTHER		"unixdiag_other.sock"
#define REGULAR		"unixdiag_test.txt"
#define STACK		"stack"
#define MOUNTS_MAX	4096
#define KID_FDS		2
#define SEQ		7
#define KDEV(ma, mi)	((uint32_t)(ma) << 20 | (mi))	/* the kernel's */

struct kid {
	pid_t	 pid;
	int	 ctl;		/* SOCK_SEQPACKET to the child */
};

/* What a child passes back: sockets, and a stat of the file they use. */
struct kid_msg {
	int		 nfds;
	int		 fds[KID_FDS];
	struct stat	 st;
};

union answer {
	struct nlmsghdr	 nh;
	char		 buf[2048];
};

#define ROOT_TC(name, descr)						\
	ATF_TC(name);							\
	ATF_TC_HEAD(name, tc)						\
	{								\
		atf_tc_set_md_var(tc, "descr", descr);			\
		atf_tc_set_md_var(tc, "require.user", "root");		\
	}								\
	ATF_TC_BODY(name, tc)

static int
listening(const char *path, struct stat *st)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, path);
	unlink(path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(fd, 4) == -1 || stat(path, st) == -1)
		err(1, "listen %s", path);
	return fd;
}

static int
connected(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "connect %s", path);
	return fd;
}

static int
accepted(int l)
{
	int	 fd;

	if ((fd = accept(l, NULL, NULL)) == -1)
		err(1, "accept");
	return fd;
}

static int
accepted_on(int fd, const struct stat *st)
{
	return unixdiag_is_accepted_on(fd, st->st_dev, st->st_ino);
}

/* A mount namespace of this process's own, whatever / propagates. */
static void
private_mounts(void)
{
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		err(1, "private mount namespace");
}

static void
kid_send(int ctl, struct kid_msg *km)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(KID_FDS * sizeof(int))];
	}			 cmsg;
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;

	iov.iov_base = km;
	iov.iov_len = sizeof(*km);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	memset(&cmsg, 0, sizeof(cmsg));
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = CMSG_SPACE(km->nfds * sizeof(int));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(km->nfds * sizeof(int));
	memcpy(CMSG_DATA(cm), km->fds, km->nfds * sizeof(int));
	if (sendmsg(ctl, &msg, 0) != sizeof(*km))
		err(1, "sendmsg");
}

/* The child's message; its descriptors replace the numbers it sent. */
static void
kid_recv(struct kid *k, struct kid_msg *km)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(KID_FDS * sizeof(int))];
	}			 cmsg;
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;

	iov.iov_base = km;
	iov.iov_len = sizeof(*km);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = sizeof(cmsg.buf);
	ATF_REQUIRE_MSG(recvmsg(k->ctl, &msg, 0) == sizeof(*km),
	    "the child sent nothing; see its stderr");
	cm = CMSG_FIRSTHDR(&msg);
	ATF_REQUIRE(cm != NULL && cm->cmsg_level == SOL_SOCKET &&
	    cm->cmsg_type == SCM_RIGHTS && km->nfds > 0 &&
	    km->nfds <= KID_FDS &&
	    cm->cmsg_len == CMSG_LEN(km->nfds * sizeof(int)));
	memcpy(km->fds, CMSG_DATA(cm), km->nfds * sizeof(int));
}

/*
 * Fork a child that runs fn with its end of the control socket, then
 * keeps its namespaces until the parent closes its end.
 */
static void
kid_start(struct kid *k, void (*fn)(int))
{
	int	 sv[2];
	char	 c;

	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
	fflush(NULL);
	ATF_REQUIRE((k->pid = fork()) != -1);
	if (k->pid == 0) {
		close(sv[0]);
		fn(sv[1]);
		(void)read(sv[1], &c, 1);
		_exit(0);
	}
	close(sv[1]);
	k->ctl = sv[0];
}

static void
kid_finish(struct kid *k)
{
	int	 status;

	close(k->ctl);
	ATF_REQUIRE(waitpid(k->pid, &status, 0) == k->pid);
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child status %#x", status);
}

ATF_TC_WITHOUT_HEAD(accepted_connection_passes);
ATF_TC_BODY(accepted_connection_passes, tc)
{
	struct stat	 st;
	int		 l, c, a;

	l = listening(PATH, &st);
	c = connected(PATH);
	a = accepted(l);
	ATF_CHECK_EQ(accepted_on(a, &st), 1);
	/* The original client closes without waiting for an answer. */
	close(c);
	ATF_CHECK_EQ(accepted_on(a, &st), 1);
}

/* The device numbers of the file system the test runs on, converted. */
ATF_TC_WITHOUT_HEAD(bound_file_is_the_one_stat_names);
ATF_TC_BODY(bound_file_is_the_one_stat_names, tc)
{
	struct stat	 st;
	dev_t		 dev;
	ino_t		 ino;
	int		 l, c, a;

	l = listening(PATH, &st);
	c = connected(PATH);
	a = accepted(l);
	ATF_REQUIRE_EQ(unixdiag_bound(l, &dev, &ino), 1);
	ATF_CHECK_MSG(dev == st.st_dev, "dev %u:%u, stat says %u:%u",
	    major(dev), minor(dev), major(st.st_dev), minor(st.st_dev));
	ATF_CHECK_EQ(ino, st.st_ino & UINT32_MAX);
	dev = 0;
	ino = 0;
	ATF_REQUIRE_EQ(unixdiag_bound(a, &dev, &ino), 1);
	ATF_CHECK(dev == st.st_dev);
	ATF_CHECK_EQ(ino, st.st_ino & UINT32_MAX);
	ATF_CHECK_EQ(unixdiag_bound(c, &dev, &ino), 0);
}

ATF_TC_WITHOUT_HEAD(client_end_fails);
ATF_TC_BODY(client_end_fails, tc)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 c, b;

	(void)listening(PATH, &st);
	c = connected(PATH);
	ATF_CHECK_EQ(accepted_on(c, &st), 0);
	ATF_CHECK_EQ_MSG(unixdiag_is_accepted_on(c, 0, 0), 0, "no file");
	/* Bound to a name of its own before connecting. */
	unix_addr(&sun, OTHER);
	unlink(OTHER);
	ATF_REQUIRE((b = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(bind(b, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	unix_addr(&sun, PATH);
	ATF_REQUIRE(connect(b, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_CHECK_EQ(accepted_on(b, &st), 0);
}

ATF_TC_WITHOUT_HEAD(listening_socket_fails);
ATF_TC_BODY(listening_socket_fails, tc)
{
	struct stat	 st;
	int		 l;

	l = listening(PATH, &st);
	ATF_CHECK_EQ(accepted_on(l, &st), 0);
	(void)connected(PATH);
	ATF_CHECK_EQ(accepted_on(l, &st), 0);
}

ATF_TC_WITHOUT_HEAD(socketpair_end_fails);
ATF_TC_BODY(socketpair_end_fails, tc)
{
	struct stat	 st;
	int		 sp[2], sq[2];

	(void)listening(PATH, &st);
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0);
	ATF_CHECK_EQ(accepted_on(sp[0], &st), 0);
	ATF_CHECK_EQ(accepted_on(sp[1], &st), 0);
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sq) == 0);
	ATF_CHECK_EQ(accepted_on(sq[0], &st), 0);
}

ATF_TC_WITHOUT_HEAD(accepted_on_other_listener_fails);
ATF_TC_BODY(accepted_on_other_listener_fails, tc)
{
	struct stat	 st, ost;
	int		 l, o, a;

	l = listening(PATH, &st);
	o = listening(OTHER, &ost);
	(void)connected(OTHER);
	a = accepted(o);
	ATF_CHECK_EQ(accepted_on(a, &st), 0);
	ATF_CHECK_EQ(accepted_on(a, &ost), 1);
	(void)connected(PATH);
	a = accepted(l);
	ATF_CHECK_EQ(accepted_on(a, &ost), 0);
}

/* A connection on a SOCK_SEQPACKET listener is no stream client. */
ATF_TC_WITHOUT_HEAD(seqpacket_connection_fails);
ATF_TC_BODY(seqpacket_connection_fails, tc)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 l, c, a;

	unix_addr(&sun, OTHER);
	unlink(OTHER);
	ATF_REQUIRE((l = socket(AF_UNIX, SOCK_SEQPACKET, 0)) != -1);
	ATF_REQUIRE(bind(l, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_REQUIRE(listen(l, 1) == 0);
	ATF_REQUIRE(stat(OTHER, &st) == 0);
	ATF_REQUIRE((c = socket(AF_UNIX, SOCK_SEQPACKET, 0)) != -1);
	ATF_REQUIRE(connect(c, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	a = accepted(l);
	ATF_CHECK_EQ(accepted_on(a, &st), 0);
}

ATF_TC_WITHOUT_HEAD(other_descriptors_fail);
ATF_TC_BODY(other_descriptors_fail, tc)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 d, in, f, o, ab;

	(void)listening(PATH, &st);
	ATF_REQUIRE((d = socket(AF_UNIX, SOCK_DGRAM, 0)) != -1);
	ATF_CHECK_EQ(accepted_on(d, &st), 0);
	ATF_REQUIRE((in = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	ATF_CHECK_EQ(accepted_on(in, &st), 0);
	ATF_REQUIRE((f = open(REGULAR, O_RDWR | O_CREAT, 0600)) != -1);
	ATF_CHECK_EQ(accepted_on(f, &st), 0);
	/* The socket's file, not the socket. */
	ATF_REQUIRE((o = open(PATH, O_PATH)) != -1);
	ATF_CHECK_EQ(accepted_on(o, &st), 0);
	/* An abstract name has no file. */
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	ATF_REQUIRE((ab = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(bind(ab, (struct sockaddr *)&sun,
	    sizeof(sa_family_t)) == 0);	/* autobind */
	ATF_REQUIRE(listen(ab, 1) == 0);
	ATF_CHECK_EQ(accepted_on(ab, &st), 0);
	errno = 0;
	ATF_CHECK_EQ(accepted_on(-1, &st), -1);
	ATF_CHECK_EQ(errno, EBADF);
}

/* A fresh tmpfs on the current directory, in a mount namespace of its own. */
static void
tmpfs_here(void)
{
	char	 cwd[PATH_MAX];

	private_mounts();
	if (getcwd(cwd, sizeof(cwd)) == NULL ||
	    mount("tmpfs", cwd, "tmpfs", 0, NULL) == -1 || chdir(cwd) == -1)
		err(1, "tmpfs on the current directory");
}

/*
 * The attacker: a socket bound to the same name in a tmpfs of its own,
 * connected to the real socket by another path.
 */
static void
impostor(int ctl)
{
	struct sockaddr_un	 sun;
	struct kid_msg		 km;
	char			 real[64];
	int			 dir;

	memset(&km, 0, sizeof(km));
	if ((dir = open(".", O_PATH | O_DIRECTORY)) == -1)
		err(1, "open .");
	tmpfs_here();
	unix_addr(&sun, PATH);
	km.nfds = 1;
	if ((km.fds[0] = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(km.fds[0], (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    stat(PATH, &km.st) == -1)
		err(1, "bind %s", PATH);
	snprintf(real, sizeof(real), "/proc/self/fd/%d/%s", dir, PATH);
	unix_addr(&sun, real);
	if (connect(km.fds[0], (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "connect %s", real);
	kid_send(ctl, &km);
}

/*
 * The real socket is in a fresh tmpfs too: where the kernel numbers each
 * tmpfs's inodes from 1, both files have the same inode number and only
 * the device tells them apart.
 */
ROOT_TC(same_name_in_other_mount_namespace_fails,
    "A client's socket bound to the socket's name in its own mount "
    "namespace fools getsockname() but not the kernel")
{
	struct listener	 lst, byname;
	struct kid	 k;
	struct kid_msg	 km;
	struct peer	 p;
	struct stat	 st;
	int		 l, a;

	tmpfs_here();
	l = listening(PATH, &st);
	peer_listener(&lst, PATH, l);
	ATF_REQUIRE(lst.diag);
	kid_start(&k, impostor);
	kid_recv(&k, &km);
	a = accepted(l);
	ATF_REQUIRE(km.st.st_dev != st.st_dev);
	/* What a check by name alone lets through: root's credentials. */
	byname = lst;
	byname.diag = 0;
	ATF_REQUIRE(peer_check(km.fds[0], &byname, &p) == 0);
	ATF_CHECK_EQ(p.cred.pid, getpid());
	/* The kernel says what it is. */
	ATF_CHECK_EQ(accepted_on(km.fds[0], &st), 0);
	ATF_CHECK_EQ(peer_check(km.fds[0], &lst, &p), PEER_NOT_CLIENT);
	/* Its connection, as sockd would accept it, is a client's. */
	ATF_CHECK_EQ(accepted_on(a, &st), 1);
	ATF_REQUIRE(peer_check(a, &lst, &p) == 0);
	ATF_CHECK_EQ(p.cred.pid, k.pid);
	kid_finish(&k);
}

/*
 * A listener on a tmpfs whose anonymous device has a minor above 255,
 * where the kernel's encoding of a device number and stat's differ.
 */
static void
big_minor(int ctl)
{
	struct kid_msg	 km;
	int		 i, l;

	memset(&km, 0, sizeof(km));
	private_mounts();
	if (mkdir(STACK, 0700) == -1)
		err(1, "mkdir");
	for (i = 0; i < MOUNTS_MAX; i++) {
		if (mount("tmpfs", STACK, "tmpfs", 0, NULL) == -1 ||
		    stat(STACK, &km.st) == -1)
			err(1, "tmpfs %d", i);
		if (minor(km.st.st_dev) > 255)
			break;
	}
	l = listening(STACK "/" PATH, &km.st);
	km.nfds = 2;
	km.fds[0] = l;
	(void)connected(STACK "/" PATH);
	km.fds[1] = accepted(l);
	kid_send(ctl, &km);
}

ROOT_TC(device_with_big_minor_matches_stat,
    "The kernel's device number is converted to stat's encoding")
{
	struct kid	 k;
	struct kid_msg	 km;
	dev_t		 dev;
	ino_t		 ino;

	kid_start(&k, big_minor);
	kid_recv(&k, &km);
	ATF_REQUIRE_MSG(minor(km.st.st_dev) > 255, "minor %u",
	    minor(km.st.st_dev));
	ATF_REQUIRE_EQ(unixdiag_bound(km.fds[0], &dev, &ino), 1);
	ATF_CHECK_MSG(dev == km.st.st_dev, "dev %u:%u, stat says %u:%u",
	    major(dev), minor(dev), major(km.st.st_dev),
	    minor(km.st.st_dev));
	ATF_CHECK_EQ(ino, km.st.st_ino);
	ATF_CHECK_EQ(accepted_on(km.fds[1], &km.st), 1);
	ATF_CHECK_EQ(accepted_on(km.fds[0], &km.st), 0);
	kid_finish(&k);
}

static void
netns_client(int ctl)
{
	struct kid_msg	 km;

	memset(&km, 0, sizeof(km));
	if (unshare(CLONE_NEWNET) == -1)
		err(1, "unshare network namespace");
	km.nfds = 1;
	km.fds[0] = connected(PATH);
	kid_send(ctl, &km);
}

/*
 * Since Linux 6.0 sock_diag answers only about sockets of the asker's
 * network namespace, and an accepted socket is made in its client's:
 * such a client is refused (ENOENT), as init refuses whatever the
 * kernel cannot vouch for.  Older kernels look in every namespace.
 */
ROOT_TC(client_in_other_netns_refused_or_checked,
    "A connection from another network namespace is never misjudged")
{
	struct kid	 k;
	struct kid_msg	 km;
	struct stat	 st;
	dev_t		 dev;
	ino_t		 ino;
	int		 l, a, r;

	l = listening(PATH, &st);
	kid_start(&k, netns_client);
	kid_recv(&k, &km);
	a = accepted(l);
	errno = 0;
	r = accepted_on(a, &st);
	ATF_CHECK_MSG(r == 1 || (r == -1 && errno == ENOENT),
	    "accepted: %d, errno %d", r, errno);
	errno = 0;
	r = accepted_on(km.fds[0], &st);
	ATF_CHECK_MSG(r == 0 || (r == -1 && errno == ENOENT),
	    "client: %d, errno %d", r, errno);
	ATF_CHECK_EQ(unixdiag_bound(l, &dev, &ino), 1);
	kid_finish(&k);
}

/*
 * An answer as the kernel writes it: the header, struct unix_diag_msg,
 * then UNIX_DIAG_NAME, UNIX_DIAG_VFS and UNIX_DIAG_SHUTDOWN.  Sets *vfs_end
 * to where the VFS attribute ends.
 */
static size_t
add_attr(union answer *a, size_t off, int type, const void *p, size_t len)
{
	struct rtattr	*rta = (struct rtattr *)(a->buf + off);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), p, len);
	return off + RTA_SPACE(len);
}

static size_t
answer(union answer *a, uint32_t kdev, size_t *vfs_end)
{
	struct unix_diag_msg	*m;
	struct unix_diag_vfs	 vfs = { 4321, kdev };
	uint8_t			 shut = 0;
	size_t			 n;

	memset(a, 0, sizeof(*a));
	m = NLMSG_DATA(&a->nh);
	m->udiag_family = AF_UNIX;
	m->udiag_type = SOCK_STREAM;
	m->udiag_state = TCP_ESTABLISHED;
	m->udiag_ino = 1234;
	m->udiag_cookie[0] = 5;
	m->udiag_cookie[1] = 6;
	n = NLMSG_SPACE(sizeof(*m));
	n = add_attr(a, n, UNIX_DIAG_NAME, PATH, sizeof(PATH) - 1);
	*vfs_end = n = add_attr(a, n, UNIX_DIAG_VFS, &vfs, sizeof(vfs));
	n = add_attr(a, n, UNIX_DIAG_SHUTDOWN, &shut, sizeof(shut));
	a->nh.nlmsg_len = n;
	a->nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	a->nh.nlmsg_seq = SEQ;
	return n;
}

static int
parse_errno(union answer *a, size_t n)
{
	struct unixdiag	 d;

	errno = 0;
	if (unixdiag_parse(a, n, SEQ, &d) != -1)
		return 0;
	return errno;
}

ATF_TC_WITHOUT_HEAD(parse_reads_an_answer);
ATF_TC_BODY(parse_reads_an_answer, tc)
{
	union answer	 a;
	struct unixdiag	 d;
	size_t		 n, end;

	n = answer(&a, KDEV(254, 0), &end);
	ATF_REQUIRE_EQ(unixdiag_parse(&a, n, SEQ, &d), 0);
	ATF_CHECK_EQ(d.ino, 1234);
	ATF_CHECK_EQ(d.cookie[0], 5);
	ATF_CHECK_EQ(d.cookie[1], 6);
	ATF_CHECK_EQ(d.type, SOCK_STREAM);
	ATF_CHECK_EQ(d.state, TCP_ESTABLISHED);
	ATF_CHECK(d.bound);
	ATF_CHECK(d.vfs_dev == makedev(254, 0));
	ATF_CHECK_EQ(d.vfs_ino, 4321);
}

/* The kernel's major << 20 | minor, into what stat(2) says. */
ATF_TC_WITHOUT_HEAD(parse_converts_device_numbers);
ATF_TC_BODY(parse_converts_device_numbers, tc)
{
	static const struct {
		unsigned	 major, minor;
	} devs[] = {
		{ 0, 27 }, { 0, 300 }, { 8, 1 }, { 254, 0 }, { 259, 65537 },
		{ 4095, 0xfffff },
	};
	union answer	 a;
	struct unixdiag	 d;
	size_t		 i, n, end;

	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		n = answer(&a, KDEV(devs[i].major, devs[i].minor), &end);
		ATF_REQUIRE_EQ(unixdiag_parse(&a, n, SEQ, &d), 0);
		ATF_CHECK_MSG(major(d.vfs_dev) == devs[i].major &&
		    minor(d.vfs_dev) == devs[i].minor, "%u:%u read as %u:%u",
		    devs[i].major, devs[i].minor, major(d.vfs_dev),
		    minor(d.vfs_dev));
	}
}

/*
 * Fewer bytes than the header says, or a header saying fewer: only a
 * cut between attributes leaves a message, one with what it still has.
 */
ATF_TC_WITHOUT_HEAD(parse_refuses_every_truncation);
ATF_TC_BODY(parse_refuses_every_truncation, tc)
{
	union answer	 a;
	struct unixdiag	 d;
	size_t		 full, n, end, cuts[3];

	full = answer(&a, KDEV(254, 0), &end);
	for (n = 0; n < full; n++)
		ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "%zu bytes", n);
	cuts[0] = NLMSG_SPACE(sizeof(struct unix_diag_msg));
	cuts[1] = cuts[0] + RTA_SPACE(sizeof(PATH) - 1);
	cuts[2] = end;
	for (n = 0; n < full; n++) {
		answer(&a, KDEV(254, 0), &end);
		a.nh.nlmsg_len = n;
		if (n == cuts[0] || n == cuts[1] || n == cuts[2]) {
			ATF_CHECK_EQ_MSG(unixdiag_parse(&a, n, SEQ, &d), 0,
			    "cut at %zu", n);
			ATF_CHECK_EQ(d.bound, n == end);
		} else
			ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO,
			    "cut at %zu", n);
	}
}

ATF_TC_WITHOUT_HEAD(parse_refuses_malformed_answers);
ATF_TC_BODY(parse_refuses_malformed_answers, tc)
{
	union answer		 a;
	struct unix_diag_msg	*m;
	struct rtattr		*vfs;
	struct unix_diag_vfs	 two = { 1, 1 };
	size_t			 n, end, vfs_at;

	vfs_at = NLMSG_SPACE(sizeof(*m)) + RTA_SPACE(sizeof(PATH) - 1);
	n = answer(&a, 0, &end);
	a.nh.nlmsg_seq = SEQ + 1;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "another request's");
	n = answer(&a, 0, &end);
	a.nh.nlmsg_type = NLMSG_DONE;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "not a description");
	n = answer(&a, 0, &end);
	m = NLMSG_DATA(&a.nh);
	m->udiag_family = AF_INET;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "not a unix socket");
	n = answer(&a, 0, &end);
	vfs = (struct rtattr *)(a.buf + vfs_at);
	vfs->rta_len--;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "short VFS");
	n = answer(&a, 0, &end);
	vfs->rta_len = RTA_LENGTH(sizeof(two) + 4);
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "long VFS");
	n = answer(&a, 0, &end);
	vfs->rta_len = n;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "past the end");
	n = answer(&a, 0, &end);
	n = add_attr(&a, n, UNIX_DIAG_VFS, &two, sizeof(two));
	a.nh.nlmsg_len = n;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "two VFS");
	n = answer(&a, 0, &end) + 4;
	a.nh.nlmsg_len = n;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "trailing bytes");
	n = answer(&a, 0, &end);
	a.nh.nlmsg_len = n = sizeof(a);
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "too long");
}

static size_t
error_answer(union answer *a, int error)
{
	struct nlmsgerr	*e;

	memset(a, 0, sizeof(*a));
	e = NLMSG_DATA(&a->nh);
	e->error = error;
	a->nh.nlmsg_len = NLMSG_LENGTH(sizeof(*e));
	a->nh.nlmsg_type = NLMSG_ERROR;
	a->nh.nlmsg_seq = SEQ;
	return a->nh.nlmsg_len;
}

ATF_TC_WITHOUT_HEAD(parse_passes_on_kernel_errors);
ATF_TC_BODY(parse_passes_on_kernel_errors, tc)
{
	union answer	 a;
	size_t		 n;

	n = error_answer(&a, -ENOENT);
	ATF_CHECK_EQ(parse_errno(&a, n), ENOENT);
	n = error_answer(&a, -ESTALE);
	ATF_CHECK_EQ(parse_errno(&a, n), ESTALE);
	n = error_answer(&a, 0);
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "an ack is no answer");
	n = error_answer(&a, 1);
	ATF_CHECK_EQ(parse_errno(&a, n), EPROTO);
	n = error_answer(&a, -4096);
	ATF_CHECK_EQ(parse_errno(&a, n), EPROTO);
	n = error_answer(&a, -ENOENT) - 1;
	a.nh.nlmsg_len = n;
	ATF_CHECK_EQ_MSG(parse_errno(&a, n), EPROTO, "short error");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, accepted_connection_passes);
	ATF_TP_ADD_TC(tp, bound_file_is_the_one_stat_names);
	ATF_TP_ADD_TC(tp, client_end_fails);
	ATF_TP_ADD_TC(tp, listening_socket_fails);
	ATF_TP_ADD_TC(tp, socketpair_end_fails);
	ATF_TP_ADD_TC(tp, accepted_on_other_listener_fails);
	ATF_TP_ADD_TC(tp, seqpacket_connection_fails);
	ATF_TP_ADD_TC(tp, other_descriptors_fail);
	ATF_TP_ADD_TC(tp, same_name_in_other_mount_namespace_fails);
	ATF_TP_ADD_TC(tp, device_with_big_minor_matches_stat);
	ATF_TP_ADD_TC(tp, client_in_other_netns_refused_or_checked);
	ATF_TP_ADD_TC(tp, parse_reads_an_answer);
	ATF_TP_ADD_TC(tp, parse_converts_device_numbers);
	ATF_TP_ADD_TC(tp, parse_refuses_every_truncation);
	ATF_TP_ADD_TC(tp, parse_refuses_malformed_answers);
	ATF_TP_ADD_TC(tp, parse_passes_on_kernel_errors);
	return atf_no_error();
}
