/*
 * One record with fds attached, over a SOCK_SEQPACKET pair: what
 * arrives, and that nothing is left open when it cannot be taken.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atf-c.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/fdpass.h"
#include "common/util.h"

#define FLOOD		(FDPASS_MAX * 4 + 3)	/* more than fd_recv sees */

static void
pair(int sv[2])
{
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
	    sv) == 0);
}

/* The open descriptors, not counting the one that lists them. */
static int
open_fds(void)
{
	struct dirent	*de;
	DIR		*d;
	int		 n = 0;

	ATF_REQUIRE_MSG((d = opendir("/proc/self/fd")) != NULL,
	    "/proc/self/fd: %s", strerror(errno));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;
}

/* n distinct files to pass: the read ends of n pipes, no close-on-exec. */
static void
open_files(int *fds, int n)
{
	int	 p[2], i;

	for (i = 0; i < n; i++) {
		ATF_REQUIRE(pipe(p) == 0);
		close(p[1]);
		fds[i] = p[0];
	}
}

static void
close_all(int *fds, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* got[i] is a new descriptor for the file of sent[i], close-on-exec. */
static void
check_same_files(const int *sent, const int *got, int n)
{
	struct stat	 a, b;
	int		 i, fl;

	for (i = 0; i < n; i++) {
		ATF_REQUIRE(fstat(sent[i], &a) == 0);
		ATF_REQUIRE_MSG(fstat(got[i], &b) == 0, "fd %d: %s", got[i],
		    strerror(errno));
		ATF_CHECK(got[i] != sent[i]);
		ATF_CHECK_MSG(a.st_dev == b.st_dev && a.st_ino == b.st_ino,
		    "fd %d of %d is another file", i, n);
		ATF_REQUIRE((fl = fcntl(got[i], F_GETFD)) != -1);
		ATF_CHECK_MSG(fl & FD_CLOEXEC, "fd %d not close-on-exec", i);
	}
}

/* fd_recv failed with error, took no fd and left none open. */
static void
check_refused(int sock, size_t len, int max, int error)
{
	char	 buf[64];
	ssize_t	 r;
	int	 got[FDPASS_MAX], nfds = -1, before, after, e;

	ATF_REQUIRE(len <= sizeof(buf) && max <= FDPASS_MAX);
	before = open_fds();
	r = fd_recv(sock, buf, len, got, max, &nfds);
	e = errno;
	if (r != -1)
		close_all(got, nfds);
	after = open_fds();
	ATF_CHECK_EQ(r, -1);
	ATF_CHECK_EQ_MSG(e, error, "errno %s, want %s", strerror(e),
	    strerror(error));
	ATF_CHECK_EQ(nfds, 0);
	ATF_CHECK_EQ_MSG(after, before, "%d fds left open", after - before);
}

ATF_TC_WITHOUT_HEAD(round_trip);
ATF_TC_BODY(round_trip, tc)
{
	static const int	 counts[] = { 0, 1, FDPASS_MAX };
	char			 buf[64];
	int			 sv[2], sent[FDPASS_MAX], got[FDPASS_MAX];
	int			 nfds, i, n, before;
	ssize_t			 len;

	pair(sv);
	before = open_fds();
	for (i = 0; i < (int)nitems(counts); i++) {
		n = counts[i];
		open_files(sent, n);
		ATF_REQUIRE_EQ(fd_send(sv[0], "record", 6, sent, n), 6);
		memset(got, -1, sizeof(got));
		nfds = -1;
		len = fd_recv(sv[1], buf, sizeof(buf), got, FDPASS_MAX, &nfds);
		ATF_REQUIRE_EQ_MSG(len, 6, "%d fds: %s", n, strerror(errno));
		ATF_CHECK(memcmp(buf, "record", 6) == 0);
		ATF_REQUIRE_EQ_MSG(nfds, n, "%d fds sent, %d came", n, nfds);
		check_same_files(sent, got, n);
		close_all(sent, n);
		close_all(got, nfds);
	}
	ATF_CHECK_EQ(open_fds(), before);
	close_all(sv, 2);
}

ATF_TC_WITHOUT_HEAD(more_fds_than_max);
ATF_TC_BODY(more_fds_than_max, tc)
{
	int	 sv[2], sent[FDPASS_MAX];

	pair(sv);
	open_files(sent, FDPASS_MAX);
	ATF_REQUIRE_EQ(fd_send(sv[0], "x", 1, sent, FDPASS_MAX), 1);
	check_refused(sv[1], 64, FDPASS_MAX - 1, EMSGSIZE);
	ATF_REQUIRE_EQ(fd_send(sv[0], "x", 1, sent, 1), 1);
	check_refused(sv[1], 64, 0, EMSGSIZE);
	close_all(sent, FDPASS_MAX);
	close_all(sv, 2);
}

ATF_TC_WITHOUT_HEAD(record_too_long);
ATF_TC_BODY(record_too_long, tc)
{
	char	 rec[32];
	int	 sv[2], sent[FDPASS_MAX];

	pair(sv);
	memset(rec, 'r', sizeof(rec));
	open_files(sent, FDPASS_MAX);
	ATF_REQUIRE_EQ(fd_send(sv[0], rec, sizeof(rec), sent, FDPASS_MAX),
	    (ssize_t)sizeof(rec));
	check_refused(sv[1], sizeof(rec) - 1, FDPASS_MAX, EMSGSIZE);
	close_all(sent, FDPASS_MAX);
	close_all(sv, 2);
}

ATF_TC_WITHOUT_HEAD(empty_record_is_not_eof);
ATF_TC_BODY(empty_record_is_not_eof, tc)
{
	char	 buf[8];
	int	 sv[2], sent[1], got[FDPASS_MAX], nfds = -1;

	pair(sv);
	open_files(sent, 1);
	ATF_REQUIRE_EQ(fd_send(sv[0], "", 0, sent, 1), 0);
	ATF_CHECK_EQ(fd_recv(sv[1], buf, sizeof(buf), got, FDPASS_MAX,
	    &nfds), 0);
	ATF_REQUIRE_EQ(nfds, 1);
	check_same_files(sent, got, 1);
	close(got[0]);

	close(sv[0]);
	nfds = -1;
	ATF_CHECK_EQ(fd_recv(sv[1], buf, sizeof(buf), got, FDPASS_MAX,
	    &nfds), 0);
	ATF_CHECK_EQ(nfds, 0);
	close(sent[0]);
	close(sv[1]);
}

/* More fds than the receiver's control buffer holds: MSG_CTRUNC. */
ATF_TC_WITHOUT_HEAD(control_overflow);
ATF_TC_BODY(control_overflow, tc)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) * FLOOD)];
	} cmsg;
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	struct iovec	 iov;
	char		 x = 'x';
	int		 sv[2], flood[FLOOD], file, i;

	pair(sv);
	open_files(&file, 1);
	for (i = 0; i < FLOOD; i++)
		flood[i] = file;
	memset(&cmsg, 0, sizeof(cmsg));
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = &x;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = sizeof(cmsg.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(flood));
	memcpy(CMSG_DATA(cm), flood, sizeof(flood));
	ATF_REQUIRE_EQ_MSG(sendmsg(sv[0], &msg, 0), 1, "sendmsg: %s",
	    strerror(errno));
	check_refused(sv[1], 64, FDPASS_MAX, EMSGSIZE);
	close(file);
	close_all(sv, 2);
}

/*
 * One free slot in the fd table for two fds: the kernel installs one and
 * says MSG_CTRUNC.  The record must be refused, not taken as one fd.
 */
ATF_TC_WITHOUT_HEAD(fd_table_full);
ATF_TC_BODY(fd_table_full, tc)
{
	struct rlimit	 old, one;
	int		 sv[2], sent[2], slot;

	pair(sv);
	open_files(sent, 2);
	ATF_REQUIRE_EQ(fd_send(sv[0], "x", 1, sent, 2), 1);
	ATF_REQUIRE((slot = dup(0)) != -1);
	close(slot);
	ATF_REQUIRE(getrlimit(RLIMIT_NOFILE, &old) == 0);
	one = old;
	one.rlim_cur = slot + 1;
	ATF_REQUIRE(setrlimit(RLIMIT_NOFILE, &one) == 0);
	check_refused(sv[1], 64, FDPASS_MAX, EMSGSIZE);
	ATF_REQUIRE(setrlimit(RLIMIT_NOFILE, &old) == 0);
	close_all(sent, 2);
	close_all(sv, 2);
}

/* SO_PASSCRED adds SCM_CREDENTIALS to every record the receiver gets. */
ATF_TC_WITHOUT_HEAD(foreign_control);
ATF_TC_BODY(foreign_control, tc)
{
	int	 sv[2], sent[FDPASS_MAX], on = 1;

	pair(sv);
	ATF_REQUIRE(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on,
	    sizeof(on)) == 0);
	open_files(sent, FDPASS_MAX);
	ATF_REQUIRE_EQ(fd_send(sv[0], "x", 1, sent, FDPASS_MAX), 1);
	check_refused(sv[1], 64, FDPASS_MAX, EBADMSG);
	ATF_REQUIRE_EQ(fd_send(sv[0], "x", 1, sent, 0), 1);
	check_refused(sv[1], 64, FDPASS_MAX, EBADMSG);
	close_all(sent, FDPASS_MAX);
	close_all(sv, 2);
}

ATF_TC_WITHOUT_HEAD(send_too_many);
ATF_TC_BODY(send_too_many, tc)
{
	char	 buf[8];
	int	 sv[2], sent[FDPASS_MAX + 1], got[FDPASS_MAX], nfds;

	pair(sv);
	open_files(sent, FDPASS_MAX + 1);
	errno = 0;
	ATF_CHECK_EQ(fd_send(sv[0], "x", 1, sent, FDPASS_MAX + 1), -1);
	ATF_CHECK_EQ(errno, EINVAL);
	errno = 0;
	ATF_CHECK_EQ(fd_send(sv[0], "x", 1, sent, -1), -1);
	ATF_CHECK_EQ(errno, EINVAL);
	/* Nothing went out. */
	ATF_CHECK_EQ(fd_recv(sv[1], buf, sizeof(buf), got, FDPASS_MAX,
	    &nfds), -1);
	ATF_CHECK_EQ_MSG(errno, EAGAIN, "errno %s", strerror(errno));
	close_all(sent, FDPASS_MAX + 1);
	close_all(sv, 2);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, round_trip);
	ATF_TP_ADD_TC(tp, more_fds_than_max);
	ATF_TP_ADD_TC(tp, record_too_long);
	ATF_TP_ADD_TC(tp, empty_record_is_not_eof);
	ATF_TP_ADD_TC(tp, control_overflow);
	ATF_TP_ADD_TC(tp, fd_table_full);
	ATF_TP_ADD_TC(tp, foreign_control);
	ATF_TP_ADD_TC(tp, send_too_many);
	return atf_no_error();
}
