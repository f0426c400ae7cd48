/* The SPAWNED and REFUSED replies, and which side takes which frame. */
#include <atf-c.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "common/proto.h"
#include "common/util.h"
#include "regress/common/proto_frames.h"

ATF_TC_WITHOUT_HEAD(reply_round_trip);
ATF_TC_BODY(reply_round_trip, tc)
{
	static const pid_t	 pids[] = { 1, 2, 4242, INT32_MAX };
	static const int	 errs[] = { 0, ENOENT, 4095 };
	static const int	 lines[] = { 1, 7, PROTO_LINE_MAX };
	unsigned char		 p[PROTO_REPLY_LEN];
	struct reply_msg	 r;
	size_t			 i;
	uint32_t		 code;
	int			 v;

	for (i = 0; i < nitems(pids); i++) {
		ATF_REQUIRE_EQ(proto_encode_spawned(p, sizeof(p), 9 + i,
		    pids[i]), PROTO_REPLY_LEN);
		ATF_REQUIRE_EQ(proto_decode_reply(p, sizeof(p), &r), PROTO_OK);
		ATF_CHECK_EQ(r.type, MSG_SPAWNED);
		ATF_CHECK_EQ(r.id, 9 + i);
		ATF_CHECK_EQ(r.pid, pids[i]);
	}
	for (code = 1; code <= REFUSE_MAX; code++)
		for (i = 0; i < nitems(errs); i++) {
			/* A denial's detail is its rule's line. */
			v = code == REFUSE_DENIED ? lines[i] : errs[i];
			ATF_REQUIRE_EQ(proto_encode_refused(p, sizeof(p), code,
			    code, v), PROTO_REPLY_LEN);
			ATF_REQUIRE_EQ(proto_decode_reply(p, sizeof(p), &r),
			    PROTO_OK);
			ATF_CHECK_EQ(r.type, MSG_REFUSED);
			ATF_CHECK_EQ(r.id, code);
			ATF_CHECK_EQ(r.code, code);
			ATF_CHECK_EQ(r.error, v);
			ATF_CHECK_EQ(r.pid, 0);
		}
}

ATF_TC_WITHOUT_HEAD(reply_encoder_refuses);
ATF_TC_BODY(reply_encoder_refuses, tc)
{
	unsigned char	 p[PROTO_REPLY_LEN];

	ATF_CHECK_EQ(proto_encode_spawned(p, sizeof(p) - 1, 1, 1), -1);
	ATF_CHECK_EQ(proto_encode_spawned(p, sizeof(p), 1, 0), -1);
	ATF_CHECK_EQ(proto_encode_spawned(p, sizeof(p), 1, -1), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p) - 1, 1, 1, 0), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, 0, 0), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, REFUSE_MAX + 1,
	    0), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, 1, -1), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, 1, 4096), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, REFUSE_DENIED, 0),
	    -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, REFUSE_DENIED,
	    PROTO_LINE_MAX + 1), -1);
	ATF_CHECK_EQ(proto_encode_refused(p, sizeof(p), 1, REFUSE_NOMATCH,
	    4096), -1);
}

ATF_TC_WITHOUT_HEAD(reply_truncations);
ATF_TC_BODY(reply_truncations, tc)
{
	unsigned char	 p[PROTO_REPLY_LEN];

	check_truncations(p, reply_frame(p, MSG_SPAWNED, 42, 0), 0);
	check_truncations(p, reply_frame(p, MSG_REFUSED, REFUSE_EXEC,
	    ENOENT), 0);
}

ATF_TC_WITHOUT_HEAD(reply_fields);
ATF_TC_BODY(reply_fields, tc)
{
	static const struct patch spawned[] = {
		{ OFF_TYPE, 4, MSG_SPAWN, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_REFUSED + 1, PROTO_ETYPE },
		{ OFF_TYPE, 4, 0, PROTO_ETYPE },
		{ OFF_LEN, 4, PROTO_REPLY_LEN - 1, PROTO_ELEN },
		{ OFF_LEN, 4, PROTO_REPLY_LEN + 1, PROTO_ELEN },
		{ OFF_ID, 4, 0xffffffff, PROTO_OK },
		{ OFF_VERSION, 4, PROTO_VERSION - 1, PROTO_EVERSION },
		{ OFF_VERSION, 4, PROTO_VERSION + 1, PROTO_EVERSION },
		{ OFF_PID, 4, 1, PROTO_OK },
		{ OFF_PID, 4, 0, PROTO_EPID },
		{ OFF_PID, 4, 0xffffffff, PROTO_EPID },
		{ OFF_PID, 4, 0x80000000, PROTO_EPID },
		{ OFF_PID, 4, INT32_MAX, PROTO_OK },
		{ OFF_ERRNO, 4, 1, PROTO_EPID },
	};
	static const struct patch refused[] = {
		{ OFF_TYPE, 4, MSG_SPAWNED, PROTO_EPID },
		{ OFF_TYPE, 4, MSG_REFUSED + 1, PROTO_ETYPE },
		{ OFF_CODE, 4, 0, PROTO_ECODE },
		{ OFF_CODE, 4, 1, PROTO_OK },
		{ OFF_CODE, 4, REFUSE_MAX, PROTO_OK },
		{ OFF_CODE, 4, REFUSE_MAX + 1, PROTO_ECODE },
		{ OFF_CODE, 4, 0xffffffff, PROTO_ECODE },
		{ OFF_ERRNO, 4, 0, PROTO_OK },
		{ OFF_ERRNO, 4, 4095, PROTO_OK },
		{ OFF_ERRNO, 4, 4096, PROTO_ECODE },
		{ OFF_ERRNO, 4, 0xffffffff, PROTO_ECODE },
	};
	static const struct patch denied[] = {
		{ OFF_ERRNO, 4, 7 - 1, PROTO_OK },
		{ OFF_ERRNO, 4, 7 + 1, PROTO_OK },
		{ OFF_ERRNO, 4, 0, PROTO_ECODE },
		{ OFF_ERRNO, 4, 1, PROTO_OK },
		{ OFF_ERRNO, 4, PROTO_LINE_MAX, PROTO_OK },
		{ OFF_ERRNO, 4, PROTO_LINE_MAX + 1, PROTO_ECODE },
		{ OFF_ERRNO, 4, 0xffffffff, PROTO_ECODE },
		{ OFF_CODE, 4, REFUSE_DENIED - 1, PROTO_OK },
		{ OFF_CODE, 4, REFUSE_ATTACH, PROTO_OK },
		{ OFF_CODE, 4, REFUSE_MAX + 1, PROTO_ECODE },
	};
	unsigned char	 p[PROTO_REPLY_LEN];

	reply_frame(p, MSG_SPAWNED, 42, 0);
	check_patches(p, sizeof(p), spawned, nitems(spawned), 0);
	reply_frame(p, MSG_REFUSED, REFUSE_EXEC, ENOENT);
	check_patches(p, sizeof(p), refused, nitems(refused), 0);
	/* A denial carries the rule's line: 1..PROTO_LINE_MAX. */
	reply_frame(p, MSG_REFUSED, REFUSE_DENIED, 7);
	check_patches(p, sizeof(p), denied, nitems(denied), 0);
}

ATF_TC_WITHOUT_HEAD(end_fields);
ATF_TC_BODY(end_fields, tc)
{
	static const struct patch exited[] = {
		{ OFF_ERRNO, 4, 0, PROTO_OK },
		{ OFF_ERRNO, 4, 255, PROTO_OK },
		{ OFF_ERRNO, 4, 256, PROTO_EEND },
		{ OFF_ERRNO, 4, 0xffffffff, PROTO_EEND },
		{ OFF_CODE, 4, 0, PROTO_EEND },
		{ OFF_CODE, 4, END_LIMIT + 1, PROTO_EEND },
		{ OFF_CODE, 4, END_SIGNAL, PROTO_OK },
		/* A time limit's end carries 0, and this one 3. */
		{ OFF_CODE, 4, END_LIMIT, PROTO_EEND },
		{ OFF_TYPE, 4, MSG_END + 1, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_SIGNAL, PROTO_ETYPE },
	};
	static const struct patch signaled[] = {
		{ OFF_ERRNO, 4, 0, PROTO_EEND },
		{ OFF_ERRNO, 4, 1, PROTO_OK },
		{ OFF_ERRNO, 4, PROTO_SIG_MAX, PROTO_OK },
		{ OFF_ERRNO, 4, PROTO_SIG_MAX + 1, PROTO_EEND },
	};
	unsigned char	 p[PROTO_REPLY_LEN];
	struct reply_msg r;

	ATF_REQUIRE_EQ(proto_encode_end(p, sizeof(p), 5, END_EXIT, 3),
	    PROTO_REPLY_LEN);
	ATF_REQUIRE_EQ(proto_decode_reply(p, sizeof(p), &r), PROTO_OK);
	ATF_CHECK(r.type == MSG_END && r.id == 5 && r.code == END_EXIT &&
	    r.error == 3);
	ATF_CHECK_EQ(proto_encode_end(p, sizeof(p), 5, END_EXIT, 256), -1);
	ATF_CHECK_EQ(proto_encode_end(p, sizeof(p), 5, END_SIGNAL, 0), -1);
	ATF_CHECK_EQ(proto_encode_end(p, sizeof(p), 5, END_LIMIT + 1, 0), -1);
	ATF_CHECK_EQ(proto_encode_end(p, sizeof(p), 5, END_LIMIT, 1), -1);
	ATF_CHECK_EQ(proto_encode_end(p, sizeof(p) - 1, 5, END_EXIT, 1), -1);
	check_patches(p, sizeof(p), exited, nitems(exited), 0);
	check_truncations(p, sizeof(p), 0);
	check_version_bits(p, sizeof(p), 0);
	reply_frame(p, MSG_END, END_SIGNAL, SIGTERM);
	check_patches(p, sizeof(p), signaled, nitems(signaled), 0);
	ATF_REQUIRE_EQ(proto_encode_end(p, sizeof(p), 6, END_LIMIT, 0),
	    PROTO_REPLY_LEN);
	ATF_REQUIRE_EQ(proto_decode_reply(p, sizeof(p), &r), PROTO_OK);
	ATF_CHECK(r.type == MSG_END && r.id == 6 && r.code == END_LIMIT &&
	    r.error == 0);
}

ATF_TC_WITHOUT_HEAD(signal_fields);
ATF_TC_BODY(signal_fields, tc)
{
	static const struct patch pt[] = {
		{ OFF_PID, 4, SIGINT, PROTO_OK },
		{ OFF_PID, 4, SIGWINCH, PROTO_OK },
		{ OFF_PID, 4, SIGCONT, PROTO_OK },
		{ OFF_PID, 4, SIGKILL, PROTO_ESIGNAL },
		{ OFF_PID, 4, SIGSTOP, PROTO_ESIGNAL },
		{ OFF_PID, 4, SIGNAL_GONE, PROTO_OK },
		{ OFF_PID, 4, SIGTSTP, PROTO_ESIGNAL },
		{ OFF_PID, 4, 0xffffffff, PROTO_ESIGNAL },
		{ OFF_ERRNO, 4, 1, PROTO_ESIGNAL },
		{ OFF_TYPE, 4, MSG_SPAWN, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_END, PROTO_ETYPE },
	};
	unsigned char	 p[PROTO_REPLY_LEN];
	struct signal_msg m;

	ATF_REQUIRE_EQ(proto_encode_signal(p, sizeof(p), 9, SIGUSR1),
	    PROTO_REPLY_LEN);
	ATF_REQUIRE_EQ(proto_decode_signal(p, sizeof(p), &m), PROTO_OK);
	ATF_CHECK(m.id == 9 && m.sig == SIGUSR1);
	ATF_CHECK_EQ(proto_encode_signal(p, sizeof(p), 9, SIGKILL), -1);
	/* The client gone: signal 0, both ways. */
	ATF_REQUIRE_EQ(proto_encode_signal(p, sizeof(p), 9, SIGNAL_GONE),
	    PROTO_REPLY_LEN);
	ATF_REQUIRE_EQ(proto_decode_signal(p, sizeof(p), &m), PROTO_OK);
	ATF_CHECK(m.id == 9 && m.sig == SIGNAL_GONE);
	ATF_CHECK_EQ(proto_encode_signal(p, sizeof(p) - 1, 9, SIGINT), -1);
	/* A SIGNAL is no reply, and a reply no SIGNAL. */
	ATF_REQUIRE_EQ(proto_encode_signal(p, sizeof(p), 9, SIGHUP),
	    PROTO_REPLY_LEN);
	ATF_CHECK_EQ(proto_decode_reply(p, sizeof(p), &(struct reply_msg){ 0 }),
	    PROTO_ETYPE);
	check_patches(p, sizeof(p), pt, nitems(pt), DECODE_SIGNAL);
	check_truncations(p, sizeof(p), DECODE_SIGNAL);
	check_version_bits(p, sizeof(p), DECODE_SIGNAL);
}

ATF_TC_WITHOUT_HEAD(reply_version_bits);
ATF_TC_BODY(reply_version_bits, tc)
{
	unsigned char	 p[PROTO_REPLY_LEN];

	check_version_bits(p, reply_frame(p, MSG_SPAWNED, 42, 0), 0);
	check_version_bits(p, reply_frame(p, MSG_REFUSED, 1, 0), 0);
}

/* Neither decoder takes the other side's frames. */
ATF_TC_WITHOUT_HEAD(wrong_direction);
ATF_TC_BODY(wrong_direction, tc)
{
	unsigned char		 p[PROTO_FRAME_MAX];
	struct spawn_msg	 m;
	struct reply_msg	 r;
	size_t			 len;

	len = spawn_frame(p, 1, "abc", 4);
	ATF_CHECK_EQ(proto_decode_reply(p, len, &r), PROTO_ETYPE);
	len = reply_frame(p, MSG_SPAWNED, 42, 0);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_ETYPE);
	len = reply_frame(p, MSG_REFUSED, 1, 0);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_ETYPE);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, reply_round_trip);
	ATF_TP_ADD_TC(tp, reply_encoder_refuses);
	ATF_TP_ADD_TC(tp, reply_truncations);
	ATF_TP_ADD_TC(tp, reply_fields);
	ATF_TP_ADD_TC(tp, reply_version_bits);
	ATF_TP_ADD_TC(tp, end_fields);
	ATF_TP_ADD_TC(tp, signal_fields);
	ATF_TP_ADD_TC(tp, wrong_direction);
	return atf_no_error();
}
