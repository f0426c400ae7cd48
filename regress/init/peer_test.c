#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <atf-c.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "common/unixaddr.h"
#include "init/peer.h"

#define PATH	"peer_test.sock"

static int
listening(void)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, PATH);
	unlink(PATH);
	ATF_REQUIRE((fd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_REQUIRE(listen(fd, 4) == 0);
	return fd;
}

static int
connected(void)
{
	struct sockaddr_un	 sun;
	int			 fd;

	unix_addr(&sun, PATH);
	ATF_REQUIRE((fd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	return fd;
}

static struct listener	 lst;

ATF_TC_WITHOUT_HEAD(accepted_connection_is_a_client);
ATF_TC_BODY(accepted_connection_is_a_client, tc)
{
	struct listener	 other;
	struct peer	 p;
	int		 l, c, a;

	l = listening();
	peer_listener(&lst, PATH, l);
	ATF_REQUIRE(lst.diag);
	c = connected();
	ATF_REQUIRE((a = accept(l, NULL, NULL)) != -1);
	ATF_REQUIRE(peer_check(a, &lst, &p) == 0);
	ATF_CHECK_EQ(p.cred.uid, getuid());
	ATF_CHECK_EQ(p.cred.gid, getgid());
	ATF_CHECK_EQ(p.cred.pid, getpid());
	ATF_CHECK(p.ngroups >= 0);
	/* The original client closes without waiting for an answer. */
	close(c);
	ATF_REQUIRE(peer_check(a, &lst, &p) == 0);
	ATF_CHECK_EQ(p.cred.pid, getpid());
	other = lst;
	unix_addr(&other.name, "other.sock");
	other.namelen = offsetof(struct sockaddr_un, sun_path) +
	    sizeof("other.sock");
	ATF_CHECK_EQ(peer_check(a, &other, &p), PEER_NOT_CLIENT);
}

static int
not_client(int fd)
{
	struct peer	 p;

	return peer_check(fd, &lst, &p) == PEER_NOT_CLIENT;
}

/* What a compromised sockd might pass instead: each would say "root". */
ATF_TC_WITHOUT_HEAD(other_sockets_are_not_clients);
ATF_TC_BODY(other_sockets_are_not_clients, tc)
{
	int	 l, c, sp[2], sq[2], d, in;

	l = listening();
	peer_listener(&lst, PATH, l);
	c = connected();
	ATF_CHECK_MSG(not_client(l), "listening socket");
	ATF_CHECK_MSG(not_client(c), "client's own end");
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) == 0);
	ATF_CHECK_MSG(not_client(sp[0]), "seqpacket pair");
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sq) == 0);
	ATF_CHECK_MSG(not_client(sq[0]), "stream pair");
	ATF_REQUIRE((d = socket(AF_UNIX, SOCK_DGRAM, 0)) != -1);
	ATF_CHECK_MSG(not_client(d), "datagram socket");
	ATF_REQUIRE((in = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	ATF_CHECK_MSG(not_client(in), "inet socket");
	ATF_CHECK_MSG(not_client(STDERR_FILENO), "not a socket");
	ATF_CHECK_MSG(not_client(-1), "no fd");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, accepted_connection_is_a_client);
	ATF_TP_ADD_TC(tp, other_sockets_are_not_clients);
	return atf_no_error();
}
