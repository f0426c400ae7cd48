/*
 * The parser of sock_diag's answers, fed answers shaped as the kernel's,
 * cut and bent: every truncation, every malformed attribute, and the
 * kernel's own errors.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include <atf-c.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <string.h>

#include "common/util.h"
#include "init/keeper/unixdiag.h"

#define PATH		"unixdiag_test.sock"
#define SEQ		7
#define KDEV(ma, mi)	((uint32_t)(ma) << 20 | (mi))	/* the kernel's */

union answer {
	struct nlmsghdr	 nh;
	char		 buf[2048];
};

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

	for (i = 0; i < nitems(devs); i++) {
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
	ATF_TP_ADD_TC(tp, parse_reads_an_answer);
	ATF_TP_ADD_TC(tp, parse_converts_device_numbers);
	ATF_TP_ADD_TC(tp, parse_refuses_every_truncation);
	ATF_TP_ADD_TC(tp, parse_refuses_malformed_answers);
	ATF_TP_ADD_TC(tp, parse_passes_on_kernel_errors);
	return atf_no_error();
}
