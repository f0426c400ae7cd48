/* The frames of dinit -status, -signal and -kill: STATUS, CONTROL, RECORD, DONE. */
#include <atf-c.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "common/proto.h"
#include "common/util.h"
#include "regress/common/proto_layout.h"

/* Whatever the type says, decoded by its decoder. */
static enum proto_err
decode_any(const unsigned char *p, size_t n)
{
	static struct record_msg r;
	struct status_msg	 s;
	struct control_msg	 c;
	struct done_msg		 d;

	switch (proto_type(p, n)) {
	case MSG_STATUS:
		return proto_decode_status(p, n, &s);
	case MSG_CONTROL:
		return proto_decode_control(p, n, &c);
	case MSG_DONE:
		return proto_decode_done(p, n, &d);
	default:
		return proto_decode_record(p, n, &r);
	}
}

/* Every prefix and one byte more are refused; the whole is taken. */
static void
check_lengths(const unsigned char *frame, size_t len)
{
	unsigned char	 p[PROTO_FRAME_MAX + 1];
	size_t		 n;

	for (n = 0; n < len; n++) {
		memcpy(p, frame, len);
		ATF_CHECK_EQ_MSG(decode_any(p, n), n < PROTO_HDRLEN ?
		    PROTO_ESHORT : PROTO_ELEN, "n %zu", n);
		if (n < PROTO_HDRLEN)
			continue;
		put(p, OFF_LEN, 4, n);
		ATF_CHECK_MSG(decode_any(p, n) != PROTO_OK, "n %zu taken", n);
	}
	memcpy(p, frame, len);
	p[len] = 0;
	put(p, OFF_LEN, 4, len + 1);
	ATF_CHECK(decode_any(p, len + 1) != PROTO_OK);
	ATF_CHECK_EQ(decode_any(frame, len), PROTO_OK);
}

/* A u32 at off set to v: refused as want. */
static void
check_patch(const unsigned char *frame, size_t len, size_t off, uint32_t v,
    enum proto_err want)
{
	unsigned char	 p[PROTO_FRAME_MAX];

	memcpy(p, frame, len);
	put(p, off, 4, v);
	ATF_CHECK_EQ_MSG(decode_any(p, len), want, "offset %zu = %u", off, v);
}

ATF_TC_WITHOUT_HEAD(status_round_trip);
ATF_TC_BODY(status_round_trip, tc)
{
	unsigned char		 p[PROTO_STATUS_LEN];
	struct status_msg	 m;

	ATF_REQUIRE_EQ(proto_encode_status(p, sizeof(p), 9, PROTO_PAGE_MAX,
	    STATUS_SUBS, UINT64_MAX), PROTO_STATUS_LEN);
	ATF_REQUIRE_EQ(proto_decode_status(p, sizeof(p), &m), PROTO_OK);
	ATF_CHECK_EQ(m.id, 9);
	ATF_CHECK_EQ(m.max, PROTO_PAGE_MAX);
	ATF_CHECK_EQ(m.part, STATUS_SUBS);
	ATF_CHECK(m.after == UINT64_MAX);
	check_lengths(p, sizeof(p));
	ATF_REQUIRE_EQ(proto_encode_status(p, sizeof(p), 9, 1, STATUS_CMDS,
	    INT32_MAX), PROTO_STATUS_LEN);
	check_lengths(p, sizeof(p));
	check_patch(p, sizeof(p), 16, 0, PROTO_EFIELD);
	check_patch(p, sizeof(p), 16, PROTO_PAGE_MAX + 1, PROTO_EFIELD);
	check_patch(p, sizeof(p), 20, 2, PROTO_EFIELD);
	/* A command's part resumes after a pid, which fits 31 bits. */
	check_patch(p, sizeof(p), 24, (uint32_t)INT32_MAX + 1, PROTO_EFIELD);
	check_patch(p, sizeof(p), 28, 1, PROTO_EFIELD);
	check_patch(p, sizeof(p), 0, MSG_CONTROL, PROTO_EFIELD);
	ATF_CHECK_EQ(proto_encode_status(p, sizeof(p) - 1, 1, 1, 0, 0), -1);
	ATF_CHECK_EQ(proto_encode_status(p, sizeof(p), 1, 0, 0, 0), -1);
	ATF_CHECK_EQ(proto_encode_status(p, sizeof(p), 1, 1, -1, 0), -1);
	ATF_CHECK_EQ(proto_encode_status(p, sizeof(p), 1, 1, 2, 0), -1);
}

ATF_TC_WITHOUT_HEAD(control_round_trip);
ATF_TC_BODY(control_round_trip, tc)
{
	static const int	 sigs[] = PROTO_CTL_SIGNALS;
	unsigned char		 p[PROTO_CONTROL_LEN];
	struct control_msg	 m;
	size_t			 i;

	for (i = 0; i < nitems(sigs); i++) {
		ATF_REQUIRE_EQ(proto_encode_control(p, sizeof(p), 3, CTL_SIGNAL,
		    sigs[i], 77), PROTO_CONTROL_LEN);
		ATF_REQUIRE_EQ(proto_decode_control(p, sizeof(p), &m),
		    PROTO_OK);
		ATF_CHECK_EQ(m.id, 3);
		ATF_CHECK_EQ(m.op, CTL_SIGNAL);
		ATF_CHECK_EQ(m.sig, sigs[i]);
		ATF_CHECK(m.target == 77);
	}
	check_lengths(p, sizeof(p));
	ATF_REQUIRE_EQ(proto_encode_control(p, sizeof(p), 3, CTL_KILL, 0,
	    UINT64_MAX), PROTO_CONTROL_LEN);
	check_lengths(p, sizeof(p));
	check_patch(p, sizeof(p), 20, SIGTERM, PROTO_EFIELD);
	check_patch(p, sizeof(p), 16, 0, PROTO_EFIELD);
	check_patch(p, sizeof(p), 16, 4, PROTO_EFIELD);
	check_patch(p, sizeof(p), 16, CTL_SIGNAL_PID, PROTO_EFIELD);
	ATF_REQUIRE_EQ(proto_encode_control(p, sizeof(p), 3, CTL_SIGNAL_PID,
	    SIGHUP, INT32_MAX), PROTO_CONTROL_LEN);
	check_patch(p, sizeof(p), 24, (uint32_t)INT32_MAX + 1, PROTO_EFIELD);
	check_patch(p, sizeof(p), 28, 1, PROTO_EFIELD);
	check_patch(p, sizeof(p), 24, 0, PROTO_EFIELD);
	/* KILL is -kill's; a signal outside the set is no control. */
	check_patch(p, sizeof(p), 20, SIGKILL, PROTO_EFIELD);
	check_patch(p, sizeof(p), 20, SIGSEGV, PROTO_EFIELD);
	check_patch(p, sizeof(p), 20, 0, PROTO_EFIELD);
	ATF_CHECK_EQ(proto_encode_control(p, sizeof(p), 1, CTL_SIGNAL,
	    SIGKILL, 1), -1);
	ATF_CHECK_EQ(proto_encode_control(p, sizeof(p), 1, CTL_SIGNAL,
	    SIGTERM, 0), -1);
	ATF_CHECK_EQ(proto_encode_control(p, sizeof(p), 1, CTL_KILL,
	    SIGTERM, 1), -1);
	ATF_CHECK_EQ(proto_encode_control(p, sizeof(p) - 1, 1, CTL_KILL,
	    0, 1), -1);
}

ATF_TC_WITHOUT_HEAD(done_round_trip);
ATF_TC_BODY(done_round_trip, tc)
{
	unsigned char	 p[PROTO_DONE_LEN];
	struct done_msg	 d, e;

	memset(&d, 0, sizeof(d));
	d.id = 5;
	d.more = 1;
	d.part = STATUS_SUBS;
	d.after = 1234;
	d.count = PROTO_PAGE_MAX;
	ATF_REQUIRE_EQ(proto_encode_done(p, sizeof(p), &d), PROTO_DONE_LEN);
	ATF_REQUIRE_EQ(proto_decode_done(p, sizeof(p), &e), PROTO_OK);
	ATF_CHECK(memcmp(&d, &e, sizeof(d)) == 0);
	check_lengths(p, sizeof(p));
	check_patch(p, sizeof(p), 40, PROTO_PAGE_MAX + 1, PROTO_EFIELD);
	check_patch(p, sizeof(p), 24, 2, PROTO_EFIELD);
	check_patch(p, sizeof(p), 44, 1, PROTO_EFIELD);
	/* A refusal ends it: no more, no records. */
	check_patch(p, sizeof(p), 16, REFUSE_NOSUCH, PROTO_EFIELD);
	memset(&d, 0, sizeof(d));
	d.code = REFUSE_DENIED;
	d.detail = 3;
	ATF_REQUIRE_EQ(proto_encode_done(p, sizeof(p), &d), PROTO_DONE_LEN);
	ATF_REQUIRE_EQ(proto_decode_done(p, sizeof(p), &e), PROTO_OK);
	ATF_CHECK_EQ(e.code, REFUSE_DENIED);
	ATF_CHECK_EQ(e.detail, 3);
	check_patch(p, sizeof(p), 20, 0, PROTO_EFIELD);
	check_patch(p, sizeof(p), 16, REFUSE_MAX + 1, PROTO_EFIELD);
	d.more = 1;
	ATF_CHECK_EQ(proto_encode_done(p, sizeof(p), &d), -1);
}

static void
record(struct record_msg *r)
{
	memset(r, 0, sizeof(*r));
	r->id = 8;
	r->subid = 42;
	r->started_ms = UINT64_C(1765000000123);
	r->pid = 4242;
	r->kind = REC_SUBMISSION;
	r->uid = 1000;
	r->gid = 1001;
	r->peer_pid = 77;
	r->as_uid = PROTO_ID_MAX;
	r->as_gid = 0;
	r->limit_ms = 30000;
	r->left_ms = 1200;
	r->flags = REC_CUT;
}

ATF_TC_WITHOUT_HEAD(record_round_trip);
ATF_TC_BODY(record_round_trip, tc)
{
	char			*argv[] = { "sleep", "", "a b\n", NULL };
	unsigned char		 p[PROTO_RECORD_MAX];
	struct record_msg	 r;
	static struct record_msg e;
	size_t			 n;

	record(&r);
	ATF_REQUIRE_EQ(proto_encode_record(p, sizeof(p), &r, argv, &n),
	    PROTO_OK);
	ATF_REQUIRE_EQ(proto_decode_record(p, n, &e), PROTO_OK);
	ATF_CHECK_EQ(e.id, 8);
	ATF_CHECK(e.subid == 42 && e.started_ms == r.started_ms);
	ATF_CHECK_EQ(e.pid, 4242);
	ATF_CHECK_EQ(e.kind, REC_SUBMISSION);
	ATF_CHECK(e.uid == 1000 && e.gid == 1001 && e.peer_pid == 77);
	ATF_CHECK(e.as_uid == PROTO_ID_MAX && e.as_gid == 0);
	ATF_CHECK(e.limit_ms == 30000 && e.left_ms == 1200);
	ATF_CHECK_EQ(e.flags, REC_CUT);
	ATF_REQUIRE_EQ(e.argc, 3);
	ATF_CHECK_STREQ(e.argv[0], "sleep");
	/* Unlike a SPAWN's, a command's words may be empty. */
	ATF_CHECK_STREQ(e.argv[1], "");
	ATF_CHECK_STREQ(e.argv[2], "a b\n");
	ATF_CHECK(e.argv[3] == NULL);
	check_lengths(p, n);
	check_patch(p, n, 32, 0, PROTO_EFIELD);		/* pid */
	check_patch(p, n, 36, 4, PROTO_EFIELD);		/* kind */
	check_patch(p, n, 40, UINT32_MAX, PROTO_EFIELD);	/* uid */
	check_patch(p, n, 48, UINT32_MAX, PROTO_EFIELD);	/* peer pid */
	check_patch(p, n, 64, 30001, PROTO_EFIELD);	/* left > limit */
	check_patch(p, n, 68, 2, PROTO_EFIELD);		/* flags */
	check_patch(p, n, 16, 0, PROTO_EFIELD);		/* no id */
	check_patch(p, n, 72, 4 | (uint32_t)(n - 76) << 16, PROTO_EARGC);
	check_patch(p, n, 72, 2 | (uint32_t)(n - 76) << 16, PROTO_EARGC);
	check_patch(p, n, 72, 3 | (uint32_t)(n - 75) << 16, PROTO_EARGVLEN);
	p[n - 1] = 'x';
	ATF_CHECK_EQ(decode_any(p, n), PROTO_ENUL);
	/* A command has no id and no time limit. */
	r.kind = REC_COMMAND;
	ATF_CHECK_EQ(proto_encode_record(p, sizeof(p), &r, argv, &n),
	    PROTO_EFIELD);
	r.subid = 0;
	r.limit_ms = r.left_ms = 0;
	ATF_CHECK_EQ(proto_encode_record(p, sizeof(p), &r, argv, &n),
	    PROTO_OK);
	ATF_CHECK_EQ(proto_encode_record(p, n - 1, &r, argv, &n),
	    PROTO_ESPACE);
}

ATF_TC_WITHOUT_HEAD(record_sizes);
ATF_TC_BODY(record_sizes, tc)
{
	static char		 big[PROTO_ARGV_MAX];
	char			*one[] = { big, NULL };
	char			*none[] = { NULL };
	unsigned char		 p[PROTO_RECORD_MAX];
	struct record_msg	 r;
	size_t			 n;

	record(&r);
	memset(big, 'x', sizeof(big) - 1);
	ATF_REQUIRE_EQ(proto_encode_record(p, sizeof(p), &r, one, &n),
	    PROTO_OK);
	ATF_CHECK_EQ(n, PROTO_RECORD_MAX);
	ATF_CHECK(PROTO_RECORD_MAX <= PROTO_FRAME_MAX);
	big[sizeof(big) - 1] = 'x';
	ATF_CHECK_EQ(proto_encode_record(p, sizeof(p), &r, one, &n),
	    PROTO_ESPACE);
	ATF_CHECK_EQ(proto_encode_record(p, sizeof(p), &r, none, &n),
	    PROTO_EARGC);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, status_round_trip);
	ATF_TP_ADD_TC(tp, control_round_trip);
	ATF_TP_ADD_TC(tp, done_round_trip);
	ATF_TP_ADD_TC(tp, record_round_trip);
	ATF_TP_ADD_TC(tp, record_sizes);
	return atf_no_error();
}
