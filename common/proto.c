/*
 * The wire codec.  Encoders never write a frame the decoders would
 * refuse; decoders check every size and range before use and read each
 * field with memcpy at a fixed offset.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/proto.h"
#include "common/util.h"

#define OFF_TYPE	0
#define OFF_LEN		4
#define OFF_ID		8
#define OFF_VERSION	12
#define OFF_ARGC	16
#define OFF_ARGVLEN	18
#define OFF_SEQ		20
#define OFF_COUNT	21
#define OFF_FLAGS	22
#define OFF_UID		24
#define OFF_GID		28
#define OFF_TIME	32
#define OFF_ARGV	36
#define OFF_PID		16
#define OFF_CODE	16
#define OFF_ERRNO	20
#define OFF_SIG		16
#define OFF_VALUE	20
#define ERRNO_MAX	4095

static const char *const errstrs[] = {
	[PROTO_OK] = "no error",
	[PROTO_ESHORT] = "frame too short",
	[PROTO_ELEN] = "length mismatch",
	[PROTO_EVERSION] = "bad version",
	[PROTO_ETYPE] = "unexpected type",
	[PROTO_EARGC] = "bad argc",
	[PROTO_EARGVLEN] = "bad argv length",
	[PROTO_EEMPTY] = "empty argument",
	[PROTO_ENUL] = "argv not NUL-terminated",
	[PROTO_ECODE] = "bad refusal code or errno",
	[PROTO_EPID] = "bad pid",
	[PROTO_ESEQ] = "bad seq or count",
	[PROTO_EFLAGS] = "bad flags",
	[PROTO_ETARGET] = "bad uid or gid",
	[PROTO_ESIGNAL] = "bad signal",
	[PROTO_EEND] = "bad end",
	[PROTO_ESPACE] = "argv too large",
	[PROTO_EREASON] = "reason longer than 200 bytes",
};

static const struct {
	const char	*name;
	const char	*why;
} refusals[] = {
	[REFUSE_POLICY] = { "policy", "not allowed" },
	[REFUSE_LIMIT] = { "limit", "too many running submissions" },
	[REFUSE_RATE] = { "rate", "too many submissions per second" },
	[REFUSE_EXEC] = { "exec", "fork or exec failed" },
	[REFUSE_SHUTDOWN] = { "shutdown", "init is shutting down" },
	[REFUSE_CRED] = { "cred", "peer credentials could not be read" },
	[REFUSE_BUSY] = { "busy", "too many commands starting at once" },
	[REFUSE_NOMATCH] = { "policy", "no rule matches" },
	[REFUSE_DENIED] = { "policy", "denied by line" },
	[REFUSE_ATTACH] = { "attach",
	    "-wait wants fds 0, 1 and 2 from the submitter" },
	[REFUSE_REASON] = { "policy", "reason required" },
};

static const int signals[] = PROTO_SIGNALS;

static void
put16(unsigned char *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void
put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint16_t
get16(const unsigned char *p)
{
	uint16_t	 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t	 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void
put_header(unsigned char *p, uint32_t type, uint32_t len, uint32_t id)
{
	put32(p + OFF_TYPE, type);
	put32(p + OFF_LEN, len);
	put32(p + OFF_ID, id);
	put32(p + OFF_VERSION, PROTO_VERSION);
}

/* The header of a frame of n bytes: its len must be n, exactly. */
static enum proto_err
get_header(const unsigned char *p, size_t n, uint32_t *type, uint32_t *id)
{
	if (n < PROTO_HDRLEN)
		return PROTO_ESHORT;
	if (get32(p + OFF_LEN) != n)
		return PROTO_ELEN;
	if (get32(p + OFF_VERSION) != PROTO_VERSION)
		return PROTO_EVERSION;
	*type = get32(p + OFF_TYPE);
	*id = get32(p + OFF_ID);
	return PROTO_OK;
}

/* Count argv and its bytes, bounded so that no string is read past. */
static enum proto_err
argv_size(char *const argv[], size_t *argc, size_t *argvlen)
{
	size_t	 k;

	*argvlen = 0;
	for (*argc = 0; argv[*argc] != NULL; (*argc)++) {
		if (*argc == PROTO_ARGC_MAX)
			return PROTO_EARGC;
		k = strnlen(argv[*argc], PROTO_ARGV_MAX);
		if (k == 0)
			return PROTO_EEMPTY;
		if ((*argvlen += k + 1) > PROTO_ARGV_MAX)
			return PROTO_ESPACE;
	}
	return *argc == 0 ? PROTO_EARGC : PROTO_OK;
}

/*
 * The flags and the uid and gid fields of a target; those of a field
 * whose flag is clear are 0.  The decoder's rules, both ways.
 */
static enum proto_err
check_as(unsigned flags, uint32_t uid, uint32_t gid)
{
	if ((flags & ~SPAWN_FLAGS) != 0 ||
	    (flags & (SPAWN_AS | SPAWN_AS_GID)) == SPAWN_AS_GID ||
	    (flags & (SPAWN_WAIT | SPAWN_TTY)) == SPAWN_TTY)
		return PROTO_EFLAGS;
	if (flags & SPAWN_AS ? uid > PROTO_ID_MAX : uid != 0)
		return PROTO_ETARGET;
	if (flags & SPAWN_AS_GID ? gid > PROTO_ID_MAX : gid != 0)
		return PROTO_ETARGET;
	return PROTO_OK;
}

/*
 * The SPAWN frame into buf, its length into *lenp: PROTO_OK, or why it
 * cannot be (as in a decoder).  as: NULL or flags 0 for none; reason:
 * NULL or "" for none.
 */
enum proto_err
proto_encode_spawn(void *buf, size_t size, uint32_t id, int seq, int count,
    const struct spawn_as *as, const char *reason, char *const argv[],
    size_t *lenp)
{
	static const struct spawn_as	 none;
	unsigned char			*p = buf;
	size_t				 argc, argvlen, len, off, k, i, rlen;
	enum proto_err			 e;

	*lenp = 0;
	if (as == NULL)
		as = &none;
	if ((rlen = reason == NULL ? 0 : strnlen(reason,
	    PROTO_REASON_MAX + 1)) > PROTO_REASON_MAX)
		return PROTO_EREASON;
	if (count < 1 || count > PROTO_COUNT_MAX || seq < 0 || seq >= count ||
	    (as->flags & SPAWN_WAIT && count != 1))
		return PROTO_ESEQ;
	if ((e = check_as(as->flags, as->flags & SPAWN_AS ? as->uid : 0,
	    as->flags & SPAWN_AS_GID ? as->gid : 0)) != PROTO_OK)
		return e;
	if ((e = argv_size(argv, &argc, &argvlen)) != PROTO_OK)
		return e;
	len = OFF_ARGV + argvlen + rlen;
	if (size < len)
		return PROTO_ESPACE;
	put_header(p, MSG_SPAWN, len, id);
	put16(p + OFF_ARGC, argc);
	put16(p + OFF_ARGVLEN, argvlen);
	p[OFF_SEQ] = seq;
	p[OFF_COUNT] = count;
	put16(p + OFF_FLAGS, as->flags);
	put32(p + OFF_UID, as->flags & SPAWN_AS ? as->uid : 0);
	put32(p + OFF_GID, as->flags & SPAWN_AS_GID ? as->gid : 0);
	put32(p + OFF_TIME, as->time_ms);
	for (i = 0, off = OFF_ARGV; i < argc; i++, off += k) {
		k = strlen(argv[i]) + 1;
		memcpy(p + off, argv[i], k);
	}
	if (rlen > 0)
		memcpy(p + off, reason, rlen);
	*lenp = len;
	return PROTO_OK;
}

/* The 24-byte frames: a header and two u32 fields, a and b. */
static ssize_t
put_short(void *buf, uint32_t type, uint32_t id, uint32_t a, uint32_t b)
{
	put_header(buf, type, PROTO_REPLY_LEN, id);
	put32((unsigned char *)buf + PROTO_HDRLEN, a);
	put32((unsigned char *)buf + PROTO_HDRLEN + 4, b);
	return PROTO_REPLY_LEN;
}

ssize_t
proto_encode_spawned(void *buf, size_t size, uint32_t id, pid_t pid)
{
	if (size < PROTO_REPLY_LEN || pid <= 0)
		return -1;
	return put_short(buf, MSG_SPAWNED, id, pid, 0);
}

/* A refusal's detail: the rule's line for REFUSE_DENIED, else an errno. */
static int
detail_ok(uint32_t code, int64_t v)
{
	if (code == REFUSE_DENIED)
		return v >= 1 && v <= PROTO_LINE_MAX;
	return v >= 0 && v <= ERRNO_MAX;
}

ssize_t
proto_encode_refused(void *buf, size_t size, uint32_t id, uint32_t code,
    int error)
{
	if (size < PROTO_REPLY_LEN || code < 1 || code > REFUSE_MAX ||
	    !detail_ok(code, error))
		return -1;
	return put_short(buf, MSG_REFUSED, id, code, error);
}

int
proto_signal_ok(int sig)
{
	size_t	 i;

	for (i = 0; i < nitems(signals); i++)
		if (signals[i] == sig)
			return 1;
	return 0;
}

ssize_t
proto_encode_signal(void *buf, size_t size, uint32_t id, int sig)
{
	if (size < PROTO_REPLY_LEN || (sig != SIGNAL_GONE &&
	    !proto_signal_ok(sig)))
		return -1;
	return put_short(buf, MSG_SIGNAL, id, sig, 0);
}

/* An exit status 0..255, or a signal 1..PROTO_SIG_MAX. */
static int
end_ok(uint32_t how, int64_t v)
{
	if (how == END_EXIT)
		return v >= 0 && v <= 255;
	if (how == END_LIMIT)
		return v == 0;
	return how == END_SIGNAL && v >= 1 && v <= PROTO_SIG_MAX;
}

ssize_t
proto_encode_end(void *buf, size_t size, uint32_t id, uint32_t how, int v)
{
	if (size < PROTO_REPLY_LEN || !end_ok(how, v))
		return -1;
	return put_short(buf, MSG_END, id, how, v);
}

/* argc non-empty strings filling exactly argvlen bytes, into out. */
static enum proto_err
get_argv(const unsigned char *p, size_t argc, size_t argvlen,
    struct spawn_msg *out)
{
	size_t	 i, start = 0;

	if (p[argvlen - 1] != '\0')
		return PROTO_ENUL;
	memcpy(out->buf, p, argvlen);
	out->argc = 0;
	for (i = 0; i < argvlen; i++) {
		if (out->buf[i] != '\0')
			continue;
		if (i == start)
			return PROTO_EEMPTY;
		if ((size_t)out->argc == argc)
			return PROTO_EARGC;
		out->argv[out->argc++] = out->buf + start;
		start = i + 1;
	}
	if ((size_t)out->argc != argc)
		return PROTO_EARGC;
	out->argv[argc] = NULL;
	return PROTO_OK;
}

enum proto_err
proto_decode_spawn(const void *buf, size_t n, struct spawn_msg *out)
{
	const unsigned char	*p = buf;
	struct spawn_as		 as;
	enum proto_err		 e;
	uint32_t		 type;
	size_t			 argc, argvlen;

	memset(&out->as, 0, sizeof(out->as));
	out->argc = 0;
	out->argv[0] = NULL;
	out->reason[0] = '\0';
	if ((e = get_header(p, n, &type, &out->id)) != PROTO_OK)
		return e;
	if (type != MSG_SPAWN)
		return PROTO_ETYPE;
	if (n < OFF_ARGV)
		return PROTO_ESHORT;
	argc = get16(p + OFF_ARGC);
	argvlen = get16(p + OFF_ARGVLEN);
	out->seq = p[OFF_SEQ];
	out->count = p[OFF_COUNT];
	as.flags = get16(p + OFF_FLAGS);
	if (out->count < 1 || out->count > PROTO_COUNT_MAX ||
	    out->seq >= out->count || (as.flags & SPAWN_WAIT && out->count != 1))
		return PROTO_ESEQ;
	as.uid = get32(p + OFF_UID);
	as.gid = get32(p + OFF_GID);
	if ((e = check_as(as.flags, as.uid, as.gid)) != PROTO_OK)
		return e;
	as.time_ms = get32(p + OFF_TIME);
	if (argc < 1 || argc > PROTO_ARGC_MAX)
		return PROTO_EARGC;
	/* What follows argv is a reason: bytes, none NUL, if argvlen is. */
	if (argvlen < 2 || argvlen > PROTO_ARGV_MAX || n < OFF_ARGV + argvlen ||
	    n - OFF_ARGV - argvlen > PROTO_REASON_MAX ||
	    memchr(p + OFF_ARGV + argvlen, '\0', n - OFF_ARGV - argvlen) != NULL)
		return PROTO_EARGVLEN;
	if ((e = get_argv(p + OFF_ARGV, argc, argvlen, out)) != PROTO_OK) {
		out->argc = 0;
		out->argv[0] = NULL;
		return e;
	}
	memcpy(out->reason, p + OFF_ARGV + argvlen, n - OFF_ARGV - argvlen);
	out->reason[n - OFF_ARGV - argvlen] = '\0';
	out->as = as;
	return PROTO_OK;
}

enum proto_err
proto_decode_reply(const void *buf, size_t n, struct reply_msg *out)
{
	const unsigned char	*p = buf;
	enum proto_err		 e;
	int32_t			 v;

	memset(out, 0, sizeof(*out));
	if ((e = get_header(p, n, &out->type, &out->id)) != PROTO_OK)
		return e;
	if (out->type != MSG_SPAWNED && out->type != MSG_REFUSED &&
	    out->type != MSG_END)
		return PROTO_ETYPE;
	if (n < PROTO_REPLY_LEN)
		return PROTO_ESHORT;
	if (n != PROTO_REPLY_LEN)
		return PROTO_ELEN;
	v = (int32_t)get32(p + OFF_ERRNO);
	if (out->type == MSG_SPAWNED) {
		out->pid = (int32_t)get32(p + OFF_PID);
		return out->pid > 0 && v == 0 ? PROTO_OK : PROTO_EPID;
	}
	out->code = get32(p + OFF_CODE);
	out->error = v;
	if (out->type == MSG_END)
		return end_ok(out->code, v) ? PROTO_OK : PROTO_EEND;
	if (out->code < 1 || out->code > REFUSE_MAX ||
	    !detail_ok(out->code, v))
		return PROTO_ECODE;
	return PROTO_OK;
}

enum proto_err
proto_decode_signal(const void *buf, size_t n, struct signal_msg *out)
{
	const unsigned char	*p = buf;
	enum proto_err		 e;
	uint32_t		 type, sig;

	memset(out, 0, sizeof(*out));
	if ((e = get_header(p, n, &type, &out->id)) != PROTO_OK)
		return e;
	if (type != MSG_SIGNAL)
		return PROTO_ETYPE;
	if (n != PROTO_REPLY_LEN)
		return n < PROTO_REPLY_LEN ? PROTO_ESHORT : PROTO_ELEN;
	sig = get32(p + OFF_SIG);
	if (sig > PROTO_SIG_MAX || (sig != SIGNAL_GONE &&
	    !proto_signal_ok(sig)) ||
	    get32(p + OFF_VALUE) != 0)
		return PROTO_ESIGNAL;
	out->sig = sig;
	return PROTO_OK;
}

const char *
proto_strerror(enum proto_err e)
{
	if ((size_t)e >= nitems(errstrs))
		return "unknown error";
	return errstrs[e];
}

/* "exec: No such file or directory", "limit: too many running ..." */
const char *
proto_refusal(uint32_t code, int error, char *buf, size_t size)
{
	const char	*why;

	if (code < 1 || code > REFUSE_MAX) {
		snprintf(buf, size, "refused (code %u)", (unsigned)code);
		return buf;
	}
	if (code == REFUSE_DENIED) {
		snprintf(buf, size, "policy: denied by line %d", error);
		return buf;
	}
	if (code == REFUSE_EXEC && error == ETIMEDOUT)
		why = "timeout";
	else if (code == REFUSE_EXEC && error == ECANCELED)
		why = "died before exec";
	else if (code == REFUSE_BUSY && error == ETIMEDOUT)
		why = "the rest of the request came too late";
	else if (code == REFUSE_BUSY && error == ECONNRESET)
		why = "the client left during its request";
	else if (code == REFUSE_ATTACH && error == EACCES)
		why = "a terminal goes only to a command run as its submitter";
	else if (code == REFUSE_ATTACH && error == ENOTTY)
		why = "-t wants a new terminal of the submitter's";
	else
		why = error != 0 ? strerror(error) : refusals[code].why;
	snprintf(buf, size, "%s: %s", refusals[code].name, why);
	return buf;
}
