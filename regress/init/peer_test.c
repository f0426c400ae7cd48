#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <atf-c.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/unixaddr.h"
#include "init/keeper/peer.h"

#define PATH	"peer_test.sock"

/* A socket at name, listening; its connection in *a if a is not NULL. */
static int
listening_at(const char *name, int *a)
{
	struct sockaddr_un	 sun;
	int			 fd, c;

	unix_addr(&sun, name);
	unlink(name);
	ATF_REQUIRE((fd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	ATF_REQUIRE(listen(fd, 4) == 0);
	if (a != NULL) {
		ATF_REQUIRE((c = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
		ATF_REQUIRE(connect(c, (struct sockaddr *)&sun,
		    sizeof(sun)) == 0);
		ATF_REQUIRE((*a = accept(fd, NULL, NULL)) != -1);
	}
	return fd;
}

static int
listening(void)
{
	return listening_at(PATH, NULL);
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

/*
 * init/listen.c binds a socket beside its path and renames it there:
 * its name stays the one it was bound to, which is free after.
 */
ATF_TC_WITHOUT_HEAD(renamed_listener_keeps_clients_and_name);
ATF_TC_BODY(renamed_listener_keeps_clients_and_name, tc)
{
	struct peer	 p;
	int		 l, a, squat;

	l = listening_at(".dinit-aside", NULL);
	unlink(PATH);
	ATF_REQUIRE(rename(".dinit-aside", PATH) == 0);
	peer_listener(&lst, PATH, l);
	ATF_REQUIRE(lst.diag);
	(void)connected();
	ATF_REQUIRE((a = accept(l, NULL, NULL)) != -1);
	ATF_CHECK_EQ(peer_check(a, &lst, &p), 0);
	/* Someone else's socket at the name, free since the rename. */
	(void)listening_at(".dinit-aside", &squat);
	ATF_CHECK_EQ(peer_check(squat, &lst, &p), PEER_NOT_CLIENT);
	unlink(".dinit-aside");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, accepted_connection_is_a_client);
	ATF_TP_ADD_TC(tp, other_sockets_are_not_clients);
	ATF_TP_ADD_TC(tp, renamed_listener_keeps_clients_and_name);
	return atf_no_error();
}
