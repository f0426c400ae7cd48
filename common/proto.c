/*
 * The wire codec.  Encoders never write a frame the decoders would
 * refuse; decoders check every size and range before use and read each
 * field with memcpy at a fixed offset.
 */
#include <sys/types.h>

#include <errno.h>
#include <stddef.h>
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
/* DONE, RECORD */
#define OFF_DCODE	16
#define OFF_DETAIL	20
#define OFF_MORE	24
#define OFF_DPART	28
#define OFF_DAFTER	32
#define OFF_DCOUNT	40
#define OFF_DZERO	44
#define OFF_RSUBID	16
#define OFF_RSTARTED	24
#define OFF_RPID	32
#define OFF_RKIND	36
#define OFF_RUID	40
#define OFF_RGID	44
#define OFF_RPEER	48
#define OFF_RASUID	52
#define OFF_RASGID	56
#define OFF_RLIMIT	60
#define OFF_RLEFT	64
#define OFF_RFLAGS	68
#define OFF_RARGC	72
#define OFF_RARGVLEN	74
#define OFF_RARGV	76

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
	[PROTO_EFIELD] = "bad status or control field",
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
	[REFUSE_NOSUCH] = { "no such id", "nothing of that id runs" },
	[REFUSE_NOTYOURS] = { "not yours",
	    "another uid's submission, and no rule grants it" },
};

static const int signals[] = PROTO_SIGNALS;
static const int ctl_signals[] = PROTO_CTL_SIGNALS;

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

static void
put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t	 v;

	memcpy(&v, p, sizeof(v));
	return v;
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

/*
 * argc strings (non-empty unless empty_ok) filling exactly argvlen
 * bytes, into buf, each pointed to by argv; *outc: how many.
 */
static enum proto_err
get_strings(const unsigned char *p, size_t argc, size_t argvlen, int empty_ok,
    char *buf, char **argv, int *outc)
{
	size_t	 i, start = 0;

	if (p[argvlen - 1] != '\0')
		return PROTO_ENUL;
	memcpy(buf, p, argvlen);
	*outc = 0;
	for (i = 0; i < argvlen; i++) {
		if (buf[i] != '\0')
			continue;
		if (i == start && !empty_ok)
			return PROTO_EEMPTY;
		if ((size_t)*outc == argc)
			return PROTO_EARGC;
		argv[(*outc)++] = buf + start;
		start = i + 1;
	}
	if ((size_t)*outc != argc)
		return PROTO_EARGC;
	argv[argc] = NULL;
	return PROTO_OK;
}

/* argc non-empty strings filling exactly argvlen bytes, into out. */
static enum proto_err
get_argv(const unsigned char *p, size_t argc, size_t argvlen,
    struct spawn_msg *out)
{
	return get_strings(p, argc, argvlen, 0, out->buf, out->argv,
	    &out->argc);
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

uint32_t
proto_type(const void *buf, size_t n)
{
	return n < PROTO_HDRLEN ? 0 : get32((const unsigned char *)buf +
	    OFF_TYPE);
}

int
proto_ctl_signal_ok(int sig)
{
	size_t	 i;

	for (i = 0; i < nitems(ctl_signals); i++)
		if (ctl_signals[i] == sig)
			return 1;
	return 0;
}

/* A page: 1..PROTO_PAGE_MAX records of a part, after a pid or an id. */
static int
status_ok(int64_t max, uint32_t part, uint64_t after)
{
	return max >= 1 && max <= PROTO_PAGE_MAX &&
	    (part == STATUS_SUBS || (part == STATUS_CMDS && after <= INT32_MAX));
}

/* The 32-byte frames STATUS and CONTROL: a header, two u32 and a u64. */
static ssize_t
put_wide(void *buf, uint32_t type, uint32_t id, uint32_t a, uint32_t b,
    uint64_t c)
{
	unsigned char	*p = buf;

	put_header(p, type, PROTO_STATUS_LEN, id);
	put32(p + PROTO_HDRLEN, a);
	put32(p + PROTO_HDRLEN + 4, b);
	put64(p + PROTO_HDRLEN + 8, c);
	return PROTO_STATUS_LEN;
}

/* The fields of a 32-byte frame of type want, as they are. */
static enum proto_err
get_wide(const unsigned char *p, size_t n, uint32_t want, uint32_t *id,
    uint32_t *a, uint32_t *b, uint64_t *c)
{
	enum proto_err	 e;
	uint32_t	 type;

	if ((e = get_header(p, n, &type, id)) != PROTO_OK)
		return e;
	if (type != want)
		return PROTO_ETYPE;
	if (n != PROTO_STATUS_LEN)
		return n < PROTO_STATUS_LEN ? PROTO_ESHORT : PROTO_ELEN;
	*a = get32(p + PROTO_HDRLEN);
	*b = get32(p + PROTO_HDRLEN + 4);
	*c = get64(p + PROTO_HDRLEN + 8);
	return PROTO_OK;
}

ssize_t
proto_encode_status(void *buf, size_t size, uint32_t id, int max, int part,
    uint64_t after)
{
	if (size < PROTO_STATUS_LEN || part < 0 || !status_ok(max, part, after))
		return -1;
	return put_wide(buf, MSG_STATUS, id, max, part, after);
}

enum proto_err
proto_decode_status(const void *buf, size_t n, struct status_msg *out)
{
	enum proto_err	 e;
	uint32_t	 max, part;
	uint64_t	 after;

	memset(out, 0, sizeof(*out));
	if ((e = get_wide(buf, n, MSG_STATUS, &out->id, &max, &part,
	    &after)) != PROTO_OK)
		return e;
	if (!status_ok(max, part, after))
		return PROTO_EFIELD;
	out->max = max;
	out->part = part;
	out->after = after;
	return PROTO_OK;
}

/* A signal of the set to a submission or a pid; a kill to a submission. */
static int
control_ok(uint32_t op, int64_t sig, uint64_t target)
{
	switch (op) {
	case CTL_SIGNAL:
		return sig > 0 && sig <= PROTO_SIG_MAX &&
		    proto_ctl_signal_ok(sig) && target >= 1;
	case CTL_KILL:
		return sig == 0 && target >= 1;
	case CTL_SIGNAL_PID:
		return sig > 0 && sig <= PROTO_SIG_MAX &&
		    proto_ctl_signal_ok(sig) && target >= 1 &&
		    target <= INT32_MAX;
	}
	return 0;
}

ssize_t
proto_encode_control(void *buf, size_t size, uint32_t id, int op, int sig,
    uint64_t target)
{
	if (size < PROTO_CONTROL_LEN || op < 0 || !control_ok(op, sig, target))
		return -1;
	return put_wide(buf, MSG_CONTROL, id, op, sig, target);
}

enum proto_err
proto_decode_control(const void *buf, size_t n, struct control_msg *out)
{
	enum proto_err	 e;
	uint32_t	 op, sig;
	uint64_t	 target;

	memset(out, 0, sizeof(*out));
	if ((e = get_wide(buf, n, MSG_CONTROL, &out->id, &op, &sig,
	    &target)) != PROTO_OK)
		return e;
	if (!control_ok(op, (int32_t)sig, target))
		return PROTO_EFIELD;
	out->op = op;
	out->sig = sig;
	out->target = target;
	return PROTO_OK;
}

/* A page's end, or a control's answer: a refusal ends it. */
static int
done_ok(const struct done_msg *d)
{
	if (d->more != 0 && d->more != 1)
		return 0;
	if (d->code == 0)
		return d->detail == 0 && d->count <= PROTO_PAGE_MAX &&
		    (!d->more || (d->part >= 0 && status_ok(1, d->part,
		    d->after)));
	return d->code <= REFUSE_MAX && detail_ok(d->code, d->detail) &&
	    !d->more && d->part == 0 && d->after == 0 && d->count == 0;
}

ssize_t
proto_encode_done(void *buf, size_t size, const struct done_msg *d)
{
	unsigned char	*p = buf;

	if (size < PROTO_DONE_LEN || !done_ok(d))
		return -1;
	put_header(p, MSG_DONE, PROTO_DONE_LEN, d->id);
	put32(p + OFF_DCODE, d->code);
	put32(p + OFF_DETAIL, d->detail);
	put32(p + OFF_MORE, d->more);
	put32(p + OFF_DPART, d->part);
	put64(p + OFF_DAFTER, d->after);
	put32(p + OFF_DCOUNT, d->count);
	put32(p + OFF_DZERO, 0);
	return PROTO_DONE_LEN;
}

enum proto_err
proto_decode_done(const void *buf, size_t n, struct done_msg *out)
{
	const unsigned char	*p = buf;
	enum proto_err		 e;
	uint32_t		 type;

	memset(out, 0, sizeof(*out));
	if ((e = get_header(p, n, &type, &out->id)) != PROTO_OK)
		return e;
	if (type != MSG_DONE)
		return PROTO_ETYPE;
	if (n != PROTO_DONE_LEN)
		return n < PROTO_DONE_LEN ? PROTO_ESHORT : PROTO_ELEN;
	out->code = get32(p + OFF_DCODE);
	out->detail = (int32_t)get32(p + OFF_DETAIL);
	out->more = (int32_t)get32(p + OFF_MORE);
	out->part = (int32_t)get32(p + OFF_DPART);
	out->after = get64(p + OFF_DAFTER);
	out->count = get32(p + OFF_DCOUNT);
	if (!done_ok(out) || get32(p + OFF_DZERO) != 0) {
		memset(out, 0, sizeof(*out));
		return PROTO_EFIELD;
	}
	return PROTO_OK;
}

/* A record's fields, both ways: ids as targets are, times as they can be. */
static int
record_ok(const struct record_msg *r)
{
	if (r->pid <= 0 || r->peer_pid < 0 || r->uid > PROTO_ID_MAX ||
	    r->gid > PROTO_ID_MAX || r->as_uid > PROTO_ID_MAX ||
	    r->as_gid > PROTO_ID_MAX || r->left_ms > r->limit_ms ||
	    (r->flags & ~REC_CUT) != 0)
		return 0;
	if (r->kind == REC_SUBMISSION)
		return r->subid >= 1;
	return (r->kind == REC_COMMAND || r->kind == REC_HOOK) &&
	    r->subid == 0 && r->limit_ms == 0;
}

enum proto_err
proto_encode_record(void *buf, size_t size, const struct record_msg *r,
    char *const argv[], size_t *lenp)
{
	unsigned char	*p = buf;
	size_t		 argc, argvlen, k, len;

	*lenp = 0;
	if (!record_ok(r))
		return PROTO_EFIELD;
	for (argc = argvlen = 0; argv[argc] != NULL; argc++) {
		if (argc == PROTO_ARGC_MAX)
			return PROTO_EARGC;
		k = strnlen(argv[argc], PROTO_ARGV_MAX);
		if ((argvlen += k + 1) > PROTO_ARGV_MAX)
			return PROTO_ESPACE;
	}
	if (argc == 0)
		return PROTO_EARGC;
	if (size < (len = OFF_RARGV + argvlen))
		return PROTO_ESPACE;
	put_header(p, MSG_RECORD, len, r->id);
	put64(p + OFF_RSUBID, r->subid);
	put64(p + OFF_RSTARTED, r->started_ms);
	put32(p + OFF_RPID, r->pid);
	put32(p + OFF_RKIND, r->kind);
	put32(p + OFF_RUID, r->uid);
	put32(p + OFF_RGID, r->gid);
	put32(p + OFF_RPEER, r->peer_pid);
	put32(p + OFF_RASUID, r->as_uid);
	put32(p + OFF_RASGID, r->as_gid);
	put32(p + OFF_RLIMIT, r->limit_ms);
	put32(p + OFF_RLEFT, r->left_ms);
	put32(p + OFF_RFLAGS, r->flags);
	put16(p + OFF_RARGC, argc);
	put16(p + OFF_RARGVLEN, argvlen);
	for (len = OFF_RARGV, k = 0; k < argc; len += strlen(argv[k++]) + 1)
		memcpy(p + len, argv[k], strlen(argv[k]) + 1);
	*lenp = len;
	return PROTO_OK;
}

enum proto_err
proto_decode_record(const void *buf, size_t n, struct record_msg *out)
{
	const unsigned char	*p = buf;
	enum proto_err		 e;
	uint32_t		 type;
	size_t			 argc, argvlen;

	memset(out, 0, offsetof(struct record_msg, argv));
	out->argv[0] = NULL;
	if ((e = get_header(p, n, &type, &out->id)) != PROTO_OK)
		return e;
	if (type != MSG_RECORD)
		return PROTO_ETYPE;
	if (n < OFF_RARGV)
		return PROTO_ESHORT;
	out->subid = get64(p + OFF_RSUBID);
	out->started_ms = get64(p + OFF_RSTARTED);
	out->pid = (int32_t)get32(p + OFF_RPID);
	out->kind = (int32_t)get32(p + OFF_RKIND);
	out->uid = get32(p + OFF_RUID);
	out->gid = get32(p + OFF_RGID);
	out->peer_pid = (int32_t)get32(p + OFF_RPEER);
	out->as_uid = get32(p + OFF_RASUID);
	out->as_gid = get32(p + OFF_RASGID);
	out->limit_ms = get32(p + OFF_RLIMIT);
	out->left_ms = get32(p + OFF_RLEFT);
	out->flags = get32(p + OFF_RFLAGS);
	argc = get16(p + OFF_RARGC);
	argvlen = get16(p + OFF_RARGVLEN);
	if (!record_ok(out))
		e = PROTO_EFIELD;
	else if (argc < 1 || argc > PROTO_ARGC_MAX)
		e = PROTO_EARGC;
	else if (argvlen < 1 || argvlen > PROTO_ARGV_MAX ||
	    n != OFF_RARGV + argvlen)
		e = PROTO_EARGVLEN;
	else
		e = get_strings(p + OFF_RARGV, argc, argvlen, 1, out->buf,
		    out->argv, &out->argc);
	if (e != PROTO_OK) {
		memset(out, 0, offsetof(struct record_msg, argv));
		out->argv[0] = NULL;
	}
	return e;
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
