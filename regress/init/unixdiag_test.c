/*
 * The kernel tells a connection accepted on the listening socket from
 * every other socket a compromised sockd could pass init: the client's
 * own end, the listening socket, a socketpair, a connection accepted
 * elsewhere, and a client's socket bound to the same name in another
 * mount namespace, which getsockname() cannot tell apart.
 *
 * The namespace cases (unixdiag_ns_test.c) and the parser
 * (unixdiag_parse_test.c) have programs of their own.
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

#include "common/unixaddr.h"
#include "init/keeper/peer.h"
#include "init/keeper/unixdiag.h"
#include "regress/init/unixdiag_sock.h"

#define PATH		"unixdiag_test.sock"
#define OTHER		"unixdiag_other.sock"
#define REGULAR		"unixdiag_test.txt"

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
	return atf_no_error();
}
