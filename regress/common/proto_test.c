#include <atf-c.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "common/proto.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The layout as DESIGN.md gives it, restated here so that it is checked. */
enum {
	OFF_TYPE = 0, OFF_LEN = 4, OFF_ID = 8, OFF_VERSION = 12,
	OFF_ARGC = 16, OFF_ARGVLEN = 18, OFF_ARGV = 20,
	OFF_PID = 16, OFF_CODE = 16, OFF_ERRNO = 20,
};

/* A field of width 1, 2 or 4 set to a value, and what decoding then says. */
struct patch {
	size_t		 off;
	int		 width;
	uint32_t	 val;
	enum proto_err	 want;
};

static void
put(unsigned char *p, size_t off, int width, uint32_t v)
{
	uint16_t	 v16 = v;

	if (width == 1)
		p[off] = v;
	else if (width == 2)
		memcpy(p + off, &v16, sizeof(v16));
	else
		memcpy(p + off, &v, sizeof(v));
}

static void
header(unsigned char *p, uint32_t type, size_t len)
{
	put(p, OFF_TYPE, 4, type);
	put(p, OFF_LEN, 4, len);
	put(p, OFF_ID, 4, 7);
	put(p, OFF_VERSION, 4, PROTO_VERSION);
}

/* Frames by hand, to check the encoders' bytes and to forge. */
static size_t
spawn_frame(unsigned char *p, int argc, const char *argv, size_t argvlen)
{
	size_t	 len = OFF_ARGV + argvlen;

	header(p, MSG_SPAWN, len);
	put(p, OFF_ARGC, 2, argc);
	put(p, OFF_ARGVLEN, 2, argvlen);
	memcpy(p + OFF_ARGV, argv, argvlen);
	return len;
}

static size_t
reply_frame(unsigned char *p, uint32_t type, uint32_t a, uint32_t b)
{
	header(p, type, PROTO_REPLY_LEN);
	put(p, OFF_PID, 4, a);
	put(p, OFF_ERRNO, 4, b);
	return PROTO_REPLY_LEN;
}

static enum proto_err
decode(const unsigned char *p, size_t n, int spawn)
{
	struct spawn_msg	 m;
	struct reply_msg	 r;

	return spawn ? proto_decode_spawn(p, n, &m) :
	    proto_decode_reply(p, n, &r);
}

/* Each prefix is refused, whether its len field is left or made to fit. */
static void
check_truncations(const unsigned char *frame, size_t len, int spawn)
{
	unsigned char	 p[PROTO_FRAME_MAX + 1];
	size_t		 n;

	for (n = 0; n < len; n++) {
		memcpy(p, frame, len);
		ATF_CHECK_EQ_MSG(decode(p, n, spawn),
		    n < PROTO_HDRLEN ? PROTO_ESHORT : PROTO_ELEN, "n %zu", n);
		if (n < PROTO_HDRLEN)
			continue;
		put(p, OFF_LEN, 4, n);
		ATF_CHECK_MSG(decode(p, n, spawn) != PROTO_OK,
		    "n %zu with len %zu accepted", n, n);
	}
	memcpy(p, frame, len);
	p[len] = 0;
	ATF_CHECK_EQ(decode(p, len + 1, spawn), PROTO_ELEN);
	put(p, OFF_LEN, 4, len + 1);
	ATF_CHECK(decode(p, len + 1, spawn) != PROTO_OK);
	ATF_CHECK_EQ(decode(frame, len, spawn), PROTO_OK);
}

static void
check_patches(const unsigned char *frame, size_t len,
    const struct patch *pt, size_t npt, int spawn)
{
	unsigned char	 p[PROTO_FRAME_MAX];
	size_t		 i;

	for (i = 0; i < npt; i++) {
		memcpy(p, frame, len);
		put(p, pt[i].off, pt[i].width, pt[i].val);
		ATF_CHECK_EQ_MSG(decode(p, len, spawn), pt[i].want,
		    "patch %zu: offset %zu = %u: got \"%s\"", i, pt[i].off,
		    pt[i].val, proto_strerror(decode(p, len, spawn)));
	}
}

/* Every version bit but the one of PROTO_VERSION is reserved. */
static void
check_version_bits(const unsigned char *frame, size_t len, int spawn)
{
	unsigned char	 p[PROTO_FRAME_MAX];
	int		 bit;

	for (bit = 0; bit < 32; bit++) {
		memcpy(p, frame, len);
		put(p, OFF_VERSION, 4, PROTO_VERSION ^ (1U << bit));
		ATF_CHECK_EQ_MSG(decode(p, len, spawn), PROTO_EVERSION,
		    "bit %d", bit);
		put(p, OFF_VERSION, 4, PROTO_VERSION | (1U << bit));
		ATF_CHECK_EQ_MSG(decode(p, len, spawn),
		    bit == 0 ? PROTO_OK : PROTO_EVERSION, "bit %d", bit);
	}
}

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
	unsigned char		 p[PROTO_FRAME_MAX];
	struct spawn_msg	 m;
	enum proto_err		 e;
	ssize_t			 n;
	size_t			 i;

	fill_big();
	for (i = 0; i < NELEM(cases); i++) {
		n = proto_encode_spawn(p, sizeof(p), 100 + i, cases[i], &e);
		ATF_REQUIRE_MSG(n > 0, "case %zu: %s", i, proto_strerror(e));
		memset(&m, 0xa5, sizeof(m));
		e = proto_decode_spawn(p, n, &m);
		ATF_REQUIRE_MSG(e == PROTO_OK, "case %zu: %s", i,
		    proto_strerror(e));
		ATF_CHECK_EQ(m.id, 100 + i);
		check_same(cases[i], &m, i);
	}
}

ATF_TC_WITHOUT_HEAD(spawn_encoder_bytes);
ATF_TC_BODY(spawn_encoder_bytes, tc)
{
	static char *const argv[] = { "ab", "c", NULL };
	unsigned char	 got[64], want[64];
	enum proto_err	 e;
	size_t		 len;

	len = spawn_frame(want, 2, "ab\0c", 5);
	ATF_REQUIRE_EQ(proto_encode_spawn(got, sizeof(got), 7, argv, &e),
	    (ssize_t)len);
	ATF_CHECK(memcmp(got, want, len) == 0);
	ATF_CHECK_EQ(len, 25);
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
	for (i = 0; i < NELEM(cases); i++) {
		e = PROTO_OK;
		n = proto_encode_spawn(p, cases[i].size, 1, cases[i].argv, &e);
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

ATF_TC_WITHOUT_HEAD(spawn_fields);
ATF_TC_BODY(spawn_fields, tc)
{
	static const struct patch pt[] = {
		{ OFF_TYPE, 4, MSG_SPAWN - 1, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_SPAWN + 1, PROTO_ETYPE },
		{ OFF_TYPE, 4, MSG_REFUSED, PROTO_ETYPE },
		{ OFF_TYPE, 4, 0xffffffff, PROTO_ETYPE },
		{ OFF_LEN, 4, 29 - 1, PROTO_ELEN },
		{ OFF_LEN, 4, 29 + 1, PROTO_ELEN },
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
		{ OFF_ARGV + 5, 1, 'x', PROTO_EARGC },
		{ OFF_ARGV + 8, 1, 'x', PROTO_ENUL },
		{ OFF_ARGV, 1, 0, PROTO_EEMPTY },
		{ OFF_ARGV + 6, 1, 0, PROTO_EEMPTY },
	};
	unsigned char	 p[PROTO_FRAME_MAX];
	size_t		 len;

	len = spawn_frame(p, 2, "sleep\0" "20", 9);
	check_patches(p, len, pt, NELEM(pt), 1);
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

	for (i = 0; i < NELEM(cases); i++) {
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

	memset(argv, 'x', sizeof(argv));
	argv[PROTO_ARGV_MAX - 1] = '\0';
	len = spawn_frame(p, 1, argv, PROTO_ARGV_MAX);
	ATF_CHECK_EQ(len, PROTO_FRAME_MAX);
	ATF_CHECK_EQ(proto_decode_spawn(p, len, &m), PROTO_OK);
	ATF_CHECK_EQ(strlen(m.argv[0]), PROTO_ARGV_MAX - 1);
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

ATF_TC_WITHOUT_HEAD(reply_round_trip);
ATF_TC_BODY(reply_round_trip, tc)
{
	static const pid_t	 pids[] = { 1, 2, 4242, INT32_MAX };
	static const int	 errs[] = { 0, ENOENT, 4095 };
	unsigned char		 p[PROTO_REPLY_LEN];
	struct reply_msg	 r;
	size_t			 i;
	uint32_t		 code;

	for (i = 0; i < NELEM(pids); i++) {
		ATF_REQUIRE_EQ(proto_encode_spawned(p, sizeof(p), 9 + i,
		    pids[i]), PROTO_REPLY_LEN);
		ATF_REQUIRE_EQ(proto_decode_reply(p, sizeof(p), &r), PROTO_OK);
		ATF_CHECK_EQ(r.type, MSG_SPAWNED);
		ATF_CHECK_EQ(r.id, 9 + i);
		ATF_CHECK_EQ(r.pid, pids[i]);
	}
	for (code = 1; code <= REFUSE_MAX; code++)
		for (i = 0; i < NELEM(errs); i++) {
			ATF_REQUIRE_EQ(proto_encode_refused(p, sizeof(p), code,
			    code, errs[i]), PROTO_REPLY_LEN);
			ATF_REQUIRE_EQ(proto_decode_reply(p, sizeof(p), &r),
			    PROTO_OK);
			ATF_CHECK_EQ(r.type, MSG_REFUSED);
			ATF_CHECK_EQ(r.id, code);
			ATF_CHECK_EQ(r.code, code);
			ATF_CHECK_EQ(r.error, errs[i]);
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
	unsigned char	 p[PROTO_REPLY_LEN];

	reply_frame(p, MSG_SPAWNED, 42, 0);
	check_patches(p, sizeof(p), spawned, NELEM(spawned), 0);
	reply_frame(p, MSG_REFUSED, REFUSE_EXEC, ENOENT);
	check_patches(p, sizeof(p), refused, NELEM(refused), 0);
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

ATF_TC_WITHOUT_HEAD(strerror_all);
ATF_TC_BODY(strerror_all, tc)
{
	const char	*s[PROTO_ESPACE + 1];
	int		 e, k;

	for (e = PROTO_OK; e <= PROTO_ESPACE; e++) {
		s[e] = proto_strerror(e);
		ATF_CHECK_MSG(s[e] != NULL && strcmp(s[e],
		    "unknown error") != 0, "error %d has no text", e);
		for (k = 0; k < e; k++)
			ATF_CHECK_MSG(strcmp(s[k], s[e]) != 0,
			    "errors %d and %d both say %s", k, e, s[e]);
	}
	ATF_CHECK_STREQ(proto_strerror(PROTO_ESPACE + 1), "unknown error");
	ATF_CHECK_STREQ(proto_strerror(-1), "unknown error");
}

ATF_TC_WITHOUT_HEAD(refusal_text);
ATF_TC_BODY(refusal_text, tc)
{
	static const struct {
		uint32_t	 code;
		int		 error;
		const char	*want;
	} cases[] = {
		{ REFUSE_EXEC, ENOENT, "exec: No such file or directory" },
		{ REFUSE_EXEC, EACCES, "exec: Permission denied" },
		{ REFUSE_EXEC, 0, "exec: fork or exec failed" },
		{ REFUSE_POLICY, 0, "policy: not allowed" },
		{ REFUSE_LIMIT, 0, "limit: too many running submissions" },
		{ REFUSE_LIMIT, ENOMEM, "limit: Cannot allocate memory" },
		{ REFUSE_RATE, 0, "rate: too many submissions per second" },
		{ REFUSE_SHUTDOWN, 0, "shutdown: init is shutting down" },
		{ REFUSE_CRED, 0, "cred: peer credentials could not be read" },
		{ REFUSE_BUSY, 0, "busy: too many commands starting at once" },
		{ 0, 0, "refused (code 0)" },
		{ REFUSE_MAX + 1, ENOENT, "refused (code 8)" },
	};
	char	 buf[128], small[6];
	size_t	 i;

	for (i = 0; i < NELEM(cases); i++) {
		ATF_CHECK(proto_refusal(cases[i].code, cases[i].error, buf,
		    sizeof(buf)) == buf);
		ATF_CHECK_STREQ(buf, cases[i].want);
	}
	ATF_CHECK_STREQ(proto_refusal(REFUSE_EXEC, ENOENT, small,
	    sizeof(small)), "exec:");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, spawn_round_trip);
	ATF_TP_ADD_TC(tp, spawn_encoder_bytes);
	ATF_TP_ADD_TC(tp, spawn_encoder_refuses);
	ATF_TP_ADD_TC(tp, spawn_truncations);
	ATF_TP_ADD_TC(tp, spawn_fields);
	ATF_TP_ADD_TC(tp, spawn_version_bits);
	ATF_TP_ADD_TC(tp, spawn_strings);
	ATF_TP_ADD_TC(tp, spawn_sizes);
	ATF_TP_ADD_TC(tp, reply_round_trip);
	ATF_TP_ADD_TC(tp, reply_encoder_refuses);
	ATF_TP_ADD_TC(tp, reply_truncations);
	ATF_TP_ADD_TC(tp, reply_fields);
	ATF_TP_ADD_TC(tp, reply_version_bits);
	ATF_TP_ADD_TC(tp, wrong_direction);
	ATF_TP_ADD_TC(tp, strerror_all);
	ATF_TP_ADD_TC(tp, refusal_text);
	return atf_no_error();
}
