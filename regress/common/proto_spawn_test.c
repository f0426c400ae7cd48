/* The SPAWN frame: encoding, decoding, and every way to get it wrong. */
#include <atf-c.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "common/proto.h"
#include "common/util.h"
#include "regress/common/proto_frames.h"

/* argv lists for round trips; built-up ones are filled in at run time. */
static char	 big[PROTO_ARGV_MAX];
static char	*many[PROTO_ARGC_MAX + 1];

static void
fill_big(void)
{
	static char	 one[PROTO_ARGC_MAX][2];
	int		 i;

	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < PROTO_ARGC_MAX; i++) {
		one[i][0] = 'a' + i % 26;
		many[i] = one[i];
	}
	many[PROTO_ARGC_MAX] = NULL;
}

static void
check_same(char *const want[], const struct spawn_msg *m, size_t i)
{
	int	 k;

	for (k = 0; want[k] != NULL && k < m->argc; k++) {
		ATF_CHECK_STREQ_MSG(m->argv[k], want[k], "case %zu arg %d",
		    i, k);
		ATF_CHECK_MSG(m->argv[k] >= m->buf && m->argv[k] <
		    m->buf + sizeof(m->buf), "case %zu arg %d outside", i, k);
	}
	ATF_CHECK_MSG(want[k] == NULL && k == m->argc,
	    "case %zu: argc %d", i, m->argc);
	ATF_CHECK_MSG(m->argv[m->argc] == NULL, "case %zu: no NULL", i);
}

/* Targets for round trips: none, uid 0, a uid, a uid and gid, the most. */
static const struct spawn_as targets[] = {
	{ 0, 0, 0, 0 },
	{ SPAWN_AS, 0, 0, 1 },
	{ SPAWN_AS, 101, 0, 30000 },
	{ SPAWN_AS | SPAWN_AS_GID, 101, 33, 0 },
	{ SPAWN_AS | SPAWN_AS_GID, PROTO_ID_MAX, PROTO_ID_MAX, UINT32_MAX },
};

/* proto_encode_spawn as a length, or -1 with *e: what the cases check. */
static ssize_t
encode(void *buf, size_t size, uint32_t id, int seq, int count,
    const struct spawn_as *as, char *const argv[], enum proto_err *e)
{
	size_t	 len;

	if ((*e = proto_encode_spawn(buf, size, id, seq, count, as, NULL,
	    argv, &len)) != PROTO_OK)
		return -1;
	return len;
}

/* A reason comes back byte for byte; one over PROTO_REASON_MAX is not sent. */
ATF_TC_WITHOUT_HEAD(spawn_reason_round_trip);
ATF_TC_BODY(spawn_reason_round_trip, tc)
{
	static char *const	 argv[] = { "true", NULL };
	unsigned char		 p[PROTO_FRAME_MAX];
	char			 why[PROTO_REASON_MAX + 2];
	struct spawn_msg	 m;
	size_t			 n;

	ATF_REQUIRE_EQ(proto_encode_spawn(p, sizeof(p), 1, 0, 1, NULL,
	    "ticket \"42\"\n\x01\xff", argv, &n), PROTO_OK);
	ATF_REQUIRE_EQ(proto_decode_spawn(p, n, &m), PROTO_OK);
	ATF_CHECK_STREQ(m.reason, "ticket \"42\"\n\x01\xff");
	ATF_CHECK_STREQ(m.argv[0], "true");
	memset(why, 'y', sizeof(why));
	why[PROTO_REASON_MAX + 1] = '\0';
	ATF_CHECK_EQ(proto_encode_spawn(p, sizeof(p), 1, 0, 1, NULL, why,
	    argv, &n), PROTO_EREASON);
	why[PROTO_REASON_MAX] = '\0';
	ATF_CHECK_EQ(proto_encode_spawn(p, sizeof(p), 1, 0, 1, NULL, why,
	    argv, &n), PROTO_OK);
	ATF_CHECK_EQ(proto_encode_spawn(p, n - 1, 1, 0, 1, NULL, why,
	    argv, &n), PROTO_ESPACE);
}

ATF_TC_WITHOUT_HEAD(spawn_round_trip);
ATF_TC_BODY(spawn_round_trip, tc)
{
	static char *const sleep20[] = { "sleep", "20", NULL };
	static char *const a[] = { "a", NULL };
	static char *const quoted[] = { "echo", "a b", "say \"hi\"", NULL };
	static char *const bytes[] = { "x\ny", "\x01\x7f\xff", "-r", NULL };
	static char *const bigv[] = { big, NULL };
	char *const		*cases[] = { sleep20, a, quoted, bytes, bigv,
				    many };
	const struct spawn_as	*as;
	unsigned char		 p[PROTO_FRAME_MAX];
	struct spawn_msg	 m;
	enum proto_err		 e;
	ssize_t			 n;
	size_t			 i, t;

	fill_big();
	for (i = 0; i < nitems(cases) * nitems(targets); i++) {
		as = &targets[i % nitems(targets)];
		n = encode(p, sizeof(p), 100 + i, 0, 1, as,
		    cases[i / nitems(targets)], &e);
		ATF_REQUIRE_MSG(n > 0, "case %zu: %s", i, proto_strerror(e));
		memset(&m, 0xa5, sizeof(m));
		e = proto_decode_spawn(p, n, &m);
		ATF_REQUIRE_MSG(e == PROTO_OK, "case %zu: %s", i,
		    proto_strerror(e));
		ATF_CHECK_EQ(m.id, 100 + i);
		t = i % nitems(targets);
		ATF_CHECK_MSG(m.as.flags == as->flags && m.as.uid == as->uid &&
		    m.as.gid == as->gid && m.as.time_ms == as->time_ms,
		    "case %zu: target %zu came back as %u %u %u %u", i, t,
		    m.as.flags, m.as.uid, m.as.gid, m.as.time_ms);
		check_same(cases[i / nitems(targets)], &m, i);
	}
}

ATF_TC_WITHOUT_HEAD(spawn_encoder_bytes);
ATF_TC_BODY(spawn_encoder_bytes, tc)
{
	static char *const		 argv[] = { "ab", "c", NULL };
	static const struct spawn_as	 ug = { SPAWN_AS | SPAWN_AS_GID, 101,
					    33, 0 };
	static const struct spawn_as	 u = { SPAWN_AS, 101, 33, 0 };
	unsigned char			 got[64], want[64];
	enum proto_err			 e;
	size_t				 len;

	len = spawn_frame(want, 2, "ab\0c", 5);
	ATF_REQUIRE_EQ(encode(got, sizeof(got), 7, 0, 1, NULL,
	    argv, &e), (ssize_t)len);
	ATF_CHECK(memcmp(got, want, len) == 0);
	ATF_CHECK_EQ(len, 41);
	/* Command 3 of 5: only seq and count differ. */
	put(want, OFF_SEQ, 1, 3);
	put(want, OFF_COUNT, 1, 5);
	ATF_REQUIRE_EQ(encode(got, sizeof(got), 7, 3, 5, NULL,
	    argv, &e), (ssize_t)len);
	ATF_CHECK(memcmp(got, want, len) == 0);
	/* A target: flags, uid, gid; a gid without its flag is not sent. */
	len = spawn_frame_as(want, 2, "ab\0c", 5, SPAWN_AS | SPAWN_AS_GID,
	    101, 33);
	ATF_REQUIRE_EQ(encode(got, sizeof(got), 7, 0, 1, &ug,
	    argv, &e), (ssize_t)len);
	ATF_CHECK(memcmp(got, want, len) == 0);
	len = spawn_frame_as(want, 2, "ab\0c", 5, SPAWN_AS, 101, 0);
	ATF_REQUIRE_EQ(encode(got, sizeof(got), 7, 0, 1, &u,
	    argv, &e), (ssize_t)len);
	ATF_CHECK(memcmp(got, want, len) == 0);
}

ATF_TC_WITHOUT_HEAD(spawn_encoder_targets);
ATF_TC_BODY(spawn_encoder_targets, tc)
{
	static char *const argv[] = { "id", NULL };
	static const struct {
		struct spawn_as	 as;
		enum proto_err	 want;
	} cases[] = {
		{ { 0, 0, 0, 0 }, PROTO_OK },
		{ { 0, 5, 5, 0 }, PROTO_OK },
		{ { SPAWN_AS, 0, 0, 0 }, PROTO_OK },
		{ { SPAWN_AS, PROTO_ID_MAX, 0, 0 }, PROTO_OK },
		{ { SPAWN_AS, PROTO_ID_MAX + 1, 0, 0 }, PROTO_ETARGET },
		{ { SPAWN_AS | SPAWN_AS_GID, 1, PROTO_ID_MAX, 0 }, PROTO_OK },
		{ { SPAWN_AS | SPAWN_AS_GID, 1, PROTO_ID_MAX + 1, 0 },
		    PROTO_ETARGET },
		{ { SPAWN_AS_GID, 0, 1, 0 }, PROTO_EFLAGS },
		{ { SPAWN_FLAGS + 1, 0, 0, 0 }, PROTO_EFLAGS },
		{ { 0x8000 | SPAWN_AS, 1, 0, 0 }, PROTO_EFLAGS },
	};
	unsigned char	 p[PROTO_FRAME_MAX];
	enum proto_err	 e;
	ssize_t		 n;
	size_t		 i;

	for (i = 0; i < nitems(cases); i++) {
		e = PROTO_OK;
		n = encode(p, sizeof(p), 1, 0, 1, &cases[i].as,
		    argv, &e);
		ATF_CHECK_MSG(cases[i].want == PROTO_OK ? n > 0 : n == -1,
		    "case %zu: %zd", i, n);
		ATF_CHECK_EQ_MSG(e, cases[i].want, "case %zu: %s", i,
		    proto_strerror(e));
	}
}

ATF_TC_WITHOUT_HEAD(spawn_encoder_refuses);
ATF_TC_BODY(spawn_encoder_refuses, tc)
{
	static char	 over[PROTO_ARGV_MAX + 1];
	static char	*toomany[PROTO_ARGC_MAX + 2];
	static char *const none[] = { NULL };
	static char *const empty[] = { "a", "", NULL };
	static char *const overv[] = { over, NULL };
	static char *const twobig[] = { big + 2, "ab", NULL };
	static char *const fits[] = { big + 2, "a", NULL };
	static const struct {
		char *const	*argv;
		size_t		 size;
		enum proto_err	 want;
	} cases[] = {
		{ none, PROTO_FRAME_MAX, PROTO_EARGC },
		{ empty, PROTO_FRAME_MAX, PROTO_EEMPTY },
		{ toomany, PROTO_FRAME_MAX, PROTO_EARGC },
		{ many, PROTO_FRAME_MAX, PROTO_OK },
		{ overv, PROTO_FRAME_MAX, PROTO_ESPACE },
		{ twobig, PROTO_FRAME_MAX, PROTO_ESPACE },
		{ fits, PROTO_FRAME_MAX, PROTO_OK },
		{ many, OFF_ARGV + 128 - 1,
		    PROTO_ESPACE },
		{ many, OFF_ARGV + 128, PROTO_OK },
	};
	unsigned char	 p[PROTO_FRAME_MAX];
	enum proto_err	 e;
	ssize_t		 n;
	size_t		 i;

	fill_big();
	memset(over, 'o', sizeof(over) - 1);
	memcpy(toomany, many, sizeof(many));
	toomany[PROTO_ARGC_MAX] = "z";
	for (i = 0; i < nitems(cases); i++) {
		e = PROTO_OK;
		n = encode(p, cases[i].size, 1, 0, 1, NULL,
		    cases[i].argv, &e);
		ATF_CHECK_MSG(cases[i].want == PROTO_OK ? n > 0 : n == -1,
		    "case %zu: %zd", i, n);
		ATF_CHECK_EQ_MSG(e, cases[i].want, "case %zu: %s", i,
		    proto_strerror(e));
	}
}

ATF_TC_WITHOUT_HEAD(spawn_truncations);
ATF_TC_BODY(spawn_truncations, tc)
{
	unsigned char	 p[PROTO_FRAME_MAX];
	size_t		 len;

	len = spawn_frame(p, 2, "sleep\0" "20", 9);
	check_truncations(p, len, 1);
}

ATF_TC_WITHOUT_HEAD(wait_is_one_command);
ATF_TC_BODY(wait_is_one_command, tc)
{
	static const struct patch pt[] = {
		{ OFF_COUNT, 1, 2, PROTO_ESEQ },
		{ OFF_FLAGS, 2, SPAWN_WAIT | SPAWN_AS, PROTO_OK },
		{ OFF_FLAGS, 2, SPAWN_WAIT | SPAWN_AS_GID, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, SPAWN_WAIT | SPAWN_TTY, PROTO_OK },
		{ OFF_FLAGS, 2, SPAWN_WAIT | SPAWN_TTY | SPAWN_AS, PROTO_OK },
		{ OFF_FLAGS, 2, SPAWN_TTY, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, SPAWN_TTY | SPAWN_AS, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, 0, PROTO_OK },
	};
	struct spawn_as	 as = { SPAWN_WAIT, 0, 0, 0 };
	char		*argv[] = { "true", NULL };
	unsigned char	 p[PROTO_FRAME_MAX];
	struct spawn_msg m;
	enum proto_err	 e;
	ssize_t		 n;

	ATF_CHECK_EQ(encode(p, sizeof(p), 7, 0, 2, &as, argv, &e),
	    -1);
	ATF_CHECK_EQ(e, PROTO_ESEQ);
	n = encode(p, sizeof(p), 7, 0, 1, &as, argv, &e);
	ATF_REQUIRE(n > 0);
	ATF_REQUIRE_EQ(proto_decode_spawn(p, n, &m), PROTO_OK);
	ATF_CHECK_EQ(m.as.flags, SPAWN_WAIT);
	check_patches(p, n, pt, nitems(pt), 1);
}

ATF_TC_WITHOUT_HEAD(spawn_fields);
ATF_TC_BODY(spawn_fields, tc)
{
	static const struct patch pt[] = {
		{ OFF_TYPE, 4, MSG_SPAWN - 1, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_SPAWN + 1, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_REFUSED, PROTO_ETYPE },
		{ OFF_TYPE, 4, 0xffffffff, PROTO_ETYPE },
		{ OFF_LEN, 4, 41 - 1, PROTO_ELEN },
		{ OFF_LEN, 4, 41 + 1, PROTO_ELEN },
		{ OFF_LEN, 4, 0, PROTO_ELEN },
		{ OFF_ID, 4, 7 - 1, PROTO_OK },
		{ OFF_ID, 4, 7 + 1, PROTO_OK },
		{ OFF_ID, 4, 0xffffffff, PROTO_OK },
		{ OFF_VERSION, 4, PROTO_VERSION - 1, PROTO_EVERSION },
		{ OFF_VERSION, 4, PROTO_VERSION + 1, PROTO_EVERSION },
		{ OFF_ARGC, 2, 2 - 1, PROTO_EARGC },
		{ OFF_ARGC, 2, 2 + 1, PROTO_EARGC },
		{ OFF_ARGC, 2, 0, PROTO_EARGC },
		{ OFF_ARGC, 2, PROTO_ARGC_MAX + 1, PROTO_EARGC },
		{ OFF_ARGC, 2, 0xffff, PROTO_EARGC },
		{ OFF_ARGVLEN, 2, 9 - 1, PROTO_EARGVLEN },
		{ OFF_ARGVLEN, 2, 9 + 1, PROTO_EARGVLEN },
		{ OFF_ARGVLEN, 2, 0, PROTO_EARGVLEN },
		{ OFF_ARGVLEN, 2, 1, PROTO_EARGVLEN },
		{ OFF_ARGVLEN, 2, PROTO_ARGV_MAX + 1, PROTO_EARGVLEN },
		{ OFF_ARGVLEN, 2, 0xffff, PROTO_EARGVLEN },
		{ OFF_COUNT, 1, 0, PROTO_ESEQ },
		{ OFF_COUNT, 1, 2, PROTO_OK },
		{ OFF_COUNT, 1, PROTO_COUNT_MAX, PROTO_OK },
		{ OFF_COUNT, 1, PROTO_COUNT_MAX + 1, PROTO_ESEQ },
		{ OFF_COUNT, 1, 0xff, PROTO_ESEQ },
		{ OFF_SEQ, 1, 1, PROTO_ESEQ },
		{ OFF_SEQ, 1, 0xff, PROTO_ESEQ },
		{ OFF_FLAGS, 2, SPAWN_AS, PROTO_OK },
		{ OFF_FLAGS, 2, SPAWN_AS_GID, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, SPAWN_AS | SPAWN_AS_GID, PROTO_OK },
		{ OFF_FLAGS, 2, SPAWN_FLAGS + 1, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, 0x8000, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, 0xffff, PROTO_EFLAGS },
		{ OFF_UID, 4, 1, PROTO_ETARGET },
		{ OFF_UID, 4, 0xffffffff, PROTO_ETARGET },
		{ OFF_GID, 4, 1, PROTO_ETARGET },
		{ OFF_GID, 4, 0xffffffff, PROTO_ETARGET },
		{ OFF_ARGV + 5, 1, 'x', PROTO_EARGC },
		{ OFF_ARGV + 8, 1, 'x', PROTO_ENUL },
		{ OFF_ARGV, 1, 0, PROTO_EEMPTY },
		{ OFF_ARGV + 6, 1, 0, PROTO_EEMPTY },
	};
	unsigned char	 p[PROTO_FRAME_MAX];
	size_t		 len;

	len = spawn_frame(p, 2, "sleep\0" "20", 9);
	check_patches(p, len, pt, nitems(pt), 1);
}

/* A frame with a target, uid 101 and gid 33: each field one off. */
ATF_TC_WITHOUT_HEAD(spawn_target_fields);
ATF_TC_BODY(spawn_target_fields, tc)
{
	static const struct patch pt[] = {
		{ OFF_UID, 4, 101 - 1, PROTO_OK },
		{ OFF_UID, 4, 101 + 1, PROTO_OK },
		{ OFF_UID, 4, 0, PROTO_OK },
		{ OFF_UID, 4, PROTO_ID_MAX, PROTO_OK },
		{ OFF_UID, 4, PROTO_ID_MAX + 1, PROTO_ETARGET },
		{ OFF_GID, 4, 33 - 1, PROTO_OK },
		{ OFF_GID, 4, 33 + 1, PROTO_OK },
		{ OFF_GID, 4, 0, PROTO_OK },
		{ OFF_GID, 4, PROTO_ID_MAX, PROTO_OK },
		{ OFF_GID, 4, PROTO_ID_MAX + 1, PROTO_ETARGET },
		{ OFF_FLAGS, 2, 0, PROTO_ETARGET },
		{ OFF_FLAGS, 2, SPAWN_AS, PROTO_ETARGET },
		{ OFF_FLAGS, 2, SPAWN_AS_GID, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, SPAWN_FLAGS + 1, PROTO_EFLAGS },
		{ OFF_FLAGS, 2, SPAWN_FLAGS | 0x8000, PROTO_EFLAGS },
	};
	unsigned char		 p[PROTO_FRAME_MAX];
	struct spawn_msg	 m;
	size_t			 len;

	len = spawn_frame_as(p, 2, "sleep\0" "20", 9, SPAWN_AS | SPAWN_AS_GID,
	    101, 33);
	ATF_REQUIRE_EQ(proto_decode_spawn(p, len, &m), PROTO_OK);
	ATF_CHECK_EQ(m.as.flags, SPAWN_AS | SPAWN_AS_GID);
	ATF_CHECK_EQ(m.as.uid, 101);
	ATF_CHECK_EQ(m.as.gid, 33);
	check_patches(p, len, pt, nitems(pt), 1);
	check_truncations(p, len, 1);
	/* A refused frame leaves no target behind. */
	put(p, OFF_GID, 4, PROTO_ID_MAX + 1);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_ETARGET);
	ATF_CHECK_EQ(m.as.flags, 0);
}

ATF_TC_WITHOUT_HEAD(spawn_version_bits);
ATF_TC_BODY(spawn_version_bits, tc)
{
	unsigned char	 p[PROTO_FRAME_MAX];
	size_t		 len;

	len = spawn_frame(p, 1, "a", 2);
	check_version_bits(p, len, 1);
}

#define ARGV(s)	s, sizeof(s)

ATF_TC_WITHOUT_HEAD(spawn_strings);
ATF_TC_BODY(spawn_strings, tc)
{
	/* The terminating NUL of each literal is part of the frame. */
	static const struct {
		const char	*argv;
		size_t		 argvlen;
		int		 argc;
		enum proto_err	 want;
	} cases[] = {
		{ ARGV("a"), 1, PROTO_OK },
		{ ARGV("a\0b"), 2, PROTO_OK },
		{ ARGV("a\0b"), 1, PROTO_EARGC },
		{ ARGV("a\0b"), 3, PROTO_EARGC },
		{ ARGV("a\0b\0c"), 2, PROTO_EARGC },
		{ "ab", 2, 1, PROTO_ENUL },
		{ "a\0b", 3, 2, PROTO_ENUL },
		{ "a", 1, 1, PROTO_EARGVLEN },
		{ ARGV("\0a"), 2, PROTO_EEMPTY },
		{ ARGV("\0"), 1, PROTO_EEMPTY },
		{ ARGV("\0"), 2, PROTO_EEMPTY },
		{ ARGV("a\0"), 1, PROTO_EEMPTY },
		{ ARGV("a\0"), 2, PROTO_EEMPTY },
		{ ARGV("a\0\0b"), 2, PROTO_EEMPTY },
		{ ARGV("\n\x01\x7f\xff"), 1, PROTO_OK },
	};
	unsigned char		 p[PROTO_FRAME_MAX];
	struct spawn_msg	 m;
	size_t			 i, len;
	enum proto_err		 e;

	for (i = 0; i < nitems(cases); i++) {
		len = spawn_frame(p, cases[i].argc, cases[i].argv,
		    cases[i].argvlen);
		e = proto_decode_spawn(p, len, &m);
		ATF_CHECK_EQ_MSG(e, cases[i].want, "case %zu: got \"%s\"", i,
		    proto_strerror(e));
		if (e != PROTO_OK)
			ATF_CHECK_MSG(m.argc == 0 && m.argv[0] == NULL,
			    "case %zu: argv left behind", i);
	}
}

/* The largest frames that fit, and one byte or one string more. */
ATF_TC_WITHOUT_HEAD(spawn_sizes);
ATF_TC_BODY(spawn_sizes, tc)
{
	unsigned char		 p[PROTO_FRAME_MAX + 2];
	char			 argv[PROTO_ARGV_MAX + 2];
	struct spawn_msg	 m;
	size_t			 len;

	char			 why[PROTO_REASON_MAX + 1];

	memset(argv, 'x', sizeof(argv));
	memset(why, 'y', sizeof(why));
	argv[PROTO_ARGV_MAX - 1] = '\0';
	len = spawn_frame_why(p, 1, argv, PROTO_ARGV_MAX, why,
	    PROTO_REASON_MAX);
	ATF_CHECK_EQ(len, PROTO_FRAME_MAX);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_OK);
	ATF_CHECK_EQ(strlen(m.argv[0]), PROTO_ARGV_MAX - 1);
	ATF_CHECK_EQ(strlen(m.reason), PROTO_REASON_MAX);
	/* A reason one byte longer, or with a NUL, is argv's length wrong. */
	len = spawn_frame_why(p, 1, argv, PROTO_ARGV_MAX, why,
	    PROTO_REASON_MAX + 1);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_EARGVLEN);
	why[7] = '\0';
	len = spawn_frame_why(p, 1, argv, PROTO_ARGV_MAX, why, 10);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_EARGVLEN);
	why[7] = 'y';
	len = spawn_frame(p, 1, argv, PROTO_ARGV_MAX);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_OK);
	ATF_CHECK_STREQ(m.reason, "");
	argv[PROTO_ARGV_MAX] = '\0';
	len = spawn_frame(p, 1, argv, PROTO_ARGV_MAX + 1);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_EARGVLEN);

	for (len = 0; len < 2 * (PROTO_ARGC_MAX + 1); len += 2) {
		argv[len] = 'a';
		argv[len + 1] = '\0';
	}
	len = spawn_frame(p, PROTO_ARGC_MAX, argv, 2 * PROTO_ARGC_MAX);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_OK);
	ATF_CHECK_EQ(m.argc, PROTO_ARGC_MAX);
	ATF_CHECK(m.argv[PROTO_ARGC_MAX] == NULL);
	len = spawn_frame(p, PROTO_ARGC_MAX + 1, argv,
	    2 * (PROTO_ARGC_MAX + 1));
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_EARGC);
	len = spawn_frame(p, PROTO_ARGC_MAX, argv, 2 * (PROTO_ARGC_MAX + 1));
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_EARGC);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, spawn_round_trip);
	ATF_TP_ADD_TC(tp, spawn_reason_round_trip);
	ATF_TP_ADD_TC(tp, spawn_encoder_bytes);
	ATF_TP_ADD_TC(tp, spawn_encoder_refuses);
	ATF_TP_ADD_TC(tp, spawn_encoder_targets);
	ATF_TP_ADD_TC(tp, spawn_truncations);
	ATF_TP_ADD_TC(tp, spawn_fields);
	ATF_TP_ADD_TC(tp, wait_is_one_command);
	ATF_TP_ADD_TC(tp, spawn_target_fields);
	ATF_TP_ADD_TC(tp, spawn_version_bits);
	ATF_TP_ADD_TC(tp, spawn_strings);
	ATF_TP_ADD_TC(tp, spawn_sizes);
	return atf_no_error();
}
