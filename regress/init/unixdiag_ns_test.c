/*
 * The kernel tells a connection accepted on the listening socket from
 * every other socket a compromised sockd could pass init: the client's
 * own end, the listening socket, a socketpair, a connection accepted
 * elsewhere, and a client's socket bound to the same name in another
 * mount namespace, which getsockname() cannot tell apart.
 *
 * These cases fork a child that sets the scene in namespaces of its own
 * and passes its sockets back over a socketpair, as sockd passes one to
 * init.
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
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/fdpass.h"
#include "common/unixaddr.h"
#include "init/keeper/peer.h"
#include "init/keeper/unixdiag.h"
#include "regress/init/unixdiag_sock.h"
#include "regress/root_tc.h"

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
	if (fd_send(ctl, km, sizeof(*km), km->fds, km->nfds) != sizeof(*km))
		err(1, "fd_send");
}

/* The child's message; its descriptors replace the numbers it sent. */
static void
kid_recv(struct kid *k, struct kid_msg *km)
{
	struct pollfd	 pfd = { k->ctl, POLLIN, 0 };
	int		 fds[FDPASS_MAX], nfds;

	ATF_REQUIRE(poll(&pfd, 1, -1) == 1);
	ATF_REQUIRE_MSG(fd_recv(k->ctl, km, sizeof(*km), fds, FDPASS_MAX,
	    &nfds) == sizeof(*km), "the child sent nothing; see its stderr");
	ATF_REQUIRE(nfds > 0 && nfds <= KID_FDS && nfds == km->nfds);
	memcpy(km->fds, fds, nfds * sizeof(int));
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
    "namespace fools getsockname() but neither getpeername() nor the "
    "kernel")
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
	/*
	 * Its peer's credentials are root's, the listener's; where the
	 * kernel cannot vouch (another network namespace), the check by
	 * names refuses it all the same: its peer has a name, the path.
	 */
	byname = lst;
	byname.diag = 0;
	ATF_CHECK_EQ(peer_check(km.fds[0], &byname, &p), PEER_NOT_CLIENT);
	/* The kernel says what it is. */
	ATF_CHECK_EQ(accepted_on(km.fds[0], &st), 0);
	ATF_CHECK_EQ(peer_check(km.fds[0], &lst, &p), PEER_NOT_CLIENT);
	/*
	 * Its connection, as sockd would accept it, was accepted on the
	 * listener, but from a socket bound to a name, which no client of
	 * dinit's does: refused too.
	 */
	ATF_CHECK_EQ(accepted_on(a, &st), 1);
	ATF_CHECK_EQ(peer_check(a, &lst, &p), PEER_NOT_CLIENT);
	ATF_CHECK_EQ(peer_check(a, &byname, &p), PEER_NOT_CLIENT);
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

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, same_name_in_other_mount_namespace_fails);
	ATF_TP_ADD_TC(tp, device_with_big_minor_matches_stat);
	ATF_TP_ADD_TC(tp, client_in_other_netns_refused_or_checked);
	return atf_no_error();
}
