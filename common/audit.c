/*
 * The audit trail's sinks, its sequence and its keyed chain.  PID 1 alone
 * has sinks (sockd and the client never add one), so an event logged
 * anywhere else goes nowhere here.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/audit.h"
#include "common/clock.h"
#include "common/hmac.h"
#include "common/json.h"
#include "common/jsonev.h"
#include "common/log.h"
#include "common/util.h"

#define JOURNAL_MAX	(3 * AUDIT_LINEMAX)

enum sink_kind {
	SINK_FILE,
	SINK_SYSLOG,
	SINK_JOURNALD,
};

struct sink {
	enum sink_kind		 kind;
	const char		*spec;		/* as given, for "dropped" */
	int			 fd;
	int			 connected;	/* a socket's */
	struct sockaddr_un	 sun;
	long			 dropped;	/* events it could not take */
};

/* An event on its way out: the line, and what syslog and journald add. */
struct out {
	enum log_level		 lv;
	const char		*event;
	const struct log_field	*f;
	const char		*stamp;
	char			 line[AUDIT_LINEMAX];	/* with its "\n" */
	size_t			 n;
	const char		*mac;		/* in line, or NULL */
};

static struct sink	 sinks[AUDIT_SINKS_MAX];
static int		 nsinks;
static struct hmac	*key;		/* NULL: no chain */
static char		 run[AUDIT_RUNLEN + 1];
static char		 prev[HMAC_HEXLEN + 1];	/* the last mac, or run */
static unsigned long long seq;
static unsigned long long checked;	/* seq of the last checkpoint */
static struct timespec	 checkby;	/* the next one, if seq > checked */
static char		 host[256] = "-";

/* The events of the trail: decisions and lives, no plain message. */
static int
wanted(const char *event)
{
	static const char *const events[] = {
		"policy", "submission", "started", "failed", "exited",
		"killed", "sockd", "shutdown", "drain", "timeout", "exit",
		"signal", "kill",
	};
	size_t	 i;

	for (i = 0; i < nitems(events); i++)
		if (strcmp(event, events[i]) == 0)
			return 1;
	return 0;
}

static const char *
unix_path(struct sink *s, const char *path)
{
	if (strlcpy(s->sun.sun_path, path, sizeof(s->sun.sun_path)) >=
	    sizeof(s->sun.sun_path))
		return "path too long";
	s->sun.sun_family = AF_UNIX;
	if ((s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return strerror(errno);
	return NULL;
}

/*
 * -audit SINK, at start: a file is opened now, for appending, made 0600
 * if it is new (a FIFO without a reader fails here); a socket is reached
 * when the first event goes, and again after its reader went away.
 */
const char *
audit_sink(const char *spec)
{
	static const struct {
		const char	*name;
		enum sink_kind	 kind;
		const char	*path;		/* without :PATH */
	} socks[] = {
		{ "syslog", SINK_SYSLOG, AUDIT_SYSLOG },
		{ "journald", SINK_JOURNALD, AUDIT_JOURNALD },
	};
	struct sink	*s;
	const char	*why;
	size_t		 i, k;

	if (nsinks == AUDIT_SINKS_MAX)
		return "too many sinks";
	s = &sinks[nsinks];
	memset(s, 0, sizeof(*s));
	s->spec = spec;
	if (strncmp(spec, "file:", 5) == 0 && spec[5] != '\0') {
		s->kind = SINK_FILE;
		if ((s->fd = open(spec + 5, O_WRONLY | O_APPEND | O_CREAT |
		    O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600)) == -1)
			return strerror(errno);
		nsinks++;
		return NULL;
	}
	for (i = 0; i < nitems(socks); i++) {
		k = strlen(socks[i].name);
		if (strncmp(spec, socks[i].name, k) != 0 || (spec[k] != '\0' &&
		    (spec[k] != ':' || spec[k + 1] == '\0')))
			continue;
		s->kind = socks[i].kind;
		if ((why = unix_path(s, spec[k] == '\0' ? socks[i].path :
		    spec + k + 1)) != NULL)
			return why;
		nsinks++;
		return NULL;
	}
	return "want file:PATH, syslog[:PATH] or journald[:PATH]";
}

/*
 * -audit-key-file PATH, at start.  The key is kept only as its hashed
 * pads, on a page of its own that no child inherits (MADV_DONTFORK) and
 * no core dump holds: sockd and the commands are forked from PID 1, and
 * not one of them has it in its memory even before its exec.  (The pads
 * make macs as the key does, so they are kept as the key would be.  A
 * child made with vfork shares PID 1's memory until it execs, but only
 * dinit's own commands are, as root, which may read PID 1's anyway.)
 */
const char *
audit_key(const char *path)
{
	void		*page;
	const char	*why;

	page = mmap(NULL, sizeof(*key), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return strerror(errno);
	if (madvise(page, sizeof(*key), MADV_DONTFORK) == -1 ||
	    madvise(page, sizeof(*key), MADV_DONTDUMP) == -1) {
		munmap(page, sizeof(*key));
		return strerror(errno);
	}
	if ((why = hmac_keyfile(page, path, 0)) != NULL) {
		munmap(page, sizeof(*key));
		return why;
	}
	key = page;
	return NULL;
}

/* This run's id, once the sinks are open: the chain starts from it. */
void
audit_begin(void)
{
	uint8_t	 id[AUDIT_RUNLEN / 2];

	random_bytes(id, sizeof(id));
	hmac_hex(id, sizeof(id), run);
	strlcpy(prev, run, sizeof(prev));
	if (gethostname(host, sizeof(host)) == -1 || host[0] == '\0')
		strlcpy(host, "-", sizeof(host));
	host[strcspn(host, " ")] = '\0';
}

int
audit_on(void)
{
	return nsinks > 0;
}

/* A socket reached again, if its reader is back. */
static int
reach(struct sink *s)
{
	if (s->connected)
		return 0;
	if (connect(s->fd, (struct sockaddr *)&s->sun, sizeof(s->sun)) == -1)
		return -1;
	s->connected = 1;
	return 0;
}

/* buf to a socket sink, never waiting; -1 if it could not take it. */
static int
sock_put(struct sink *s, const void *buf, size_t n)
{
	if (reach(s) == -1)
		return -1;
	if (send(s->fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)n)
		return 0;
	/* Its reader went away: the next event goes to whoever is there. */
	if (errno == ECONNREFUSED || errno == ENOTCONN)
		s->connected = 0;
	return -1;
}

/* <PRI>1 TIME HOST dinit PID EVENT - JSON, facility authpriv (10). */
static int
syslog_put(struct sink *s, const struct out *o)
{
	static const int	 severity[] = {
		[LL_INFO] = 6, [LL_WARN] = 4, [LL_FATAL] = 2,
	};
	char			 buf[AUDIT_LINEMAX + 512];
	int			 k;

	k = snprintf(buf, sizeof(buf), "<%d>1 %s %s dinit %d %s - ",
	    10 * 8 + severity[o->lv], o->stamp, host, (int)getpid(), o->event);
	if (k < 0 || (size_t)k + o->n > sizeof(buf))
		return -1;
	memcpy(buf + k, o->line, o->n - 1);	/* without the newline */
	return sock_put(s, buf, k + o->n - 1);
}

/* KEY\n, its length (64 bits, little-endian), value, \n: any bytes. */
static void
jfield(char *b, size_t *n, const char *k, const char *v, size_t len)
{
	uint64_t	 le;
	size_t		 i, kl = strlen(k);
	int		 j;

	if (*n + kl + 1 + 8 + len + 1 > JOURNAL_MAX)
		return;
	for (i = 0; i < kl; i++)
		b[(*n)++] = toupper((unsigned char)k[i]);
	b[(*n)++] = '\n';
	for (le = len, j = 0; j < 8; j++, le >>= 8)
		b[(*n)++] = le & 0xff;
	memcpy(b + *n, v, len);
	*n += len;
	b[(*n)++] = '\n';
}

/* A field's value as the JSON has it, strings without their quotes. */
static size_t
jvalue(char *v, size_t size, const struct log_field *f)
{
	switch (f->type) {
	case LT_INT:
		return snprintf(v, size, "%lld", f->i);
	case LT_STR:
		return f->s == NULL ? strlcpy(v, "null", size) :
		    json_escape(v, size, f->s, strlen(f->s));
	case LT_BYTES:
		return json_escape(v, size, f->s, f->n);
	case LT_ARGV:
		return json_argv(v, size, f->argv);
	case LT_DESC:
		return strlcpy(v, f->js, size);
	default:	/* LT_NULL */
		return strlcpy(v, "null", size);
	}
}

/*
 * MESSAGE (the JSON line), PRIORITY, SYSLOG_IDENTIFIER, SYSLOG_FACILITY,
 * EVENT, SEQ, RUN, MAC, and a field for each of the event's.
 */
static int
journal_put(struct sink *s, const struct out *o)
{
	static const char *const prio[] = {
		[LL_INFO] = "6", [LL_WARN] = "4", [LL_FATAL] = "2",
	};
	static char		 b[JOURNAL_MAX];
	const struct log_field	*f;
	char			 v[LOG_LINEMAX], num[32];
	size_t			 n = 0, len;

	jfield(b, &n, "MESSAGE", o->line, o->n - 1);
	jfield(b, &n, "PRIORITY", prio[o->lv], 1);
	jfield(b, &n, "SYSLOG_IDENTIFIER", "dinit", 5);
	jfield(b, &n, "SYSLOG_FACILITY", "10", 2);
	jfield(b, &n, "EVENT", o->event, strlen(o->event));
	len = snprintf(num, sizeof(num), "%llu", seq);
	jfield(b, &n, "SEQ", num, len);
	jfield(b, &n, "RUN", run, AUDIT_RUNLEN);
	if (o->mac != NULL)
		jfield(b, &n, "MAC", o->mac, HMAC_HEXLEN);
	for (f = o->f; f->type != LT_END; f++) {
		if (f->type == LT_SKIP || f->type == LT_TEXT)
			continue;
		len = jvalue(v, sizeof(v), f);
		jfield(b, &n, f->key, v, len < sizeof(v) ? len : sizeof(v) - 1);
	}
	return sock_put(s, b, n);
}

static int
put(struct sink *s, const struct out *o)
{
	switch (s->kind) {
	case SINK_FILE:
		/* Shorter than PIPE_BUF: a FIFO takes all of it or none. */
		return write(s->fd, o->line, o->n) == (ssize_t)o->n ? 0 : -1;
	case SINK_SYSLOG:
		return syslog_put(s, o);
	case SINK_JOURNALD:
		return journal_put(s, o);
	}
	return -1;
}

/* ,"seq":N,"run":"R"} and, chained, ,"mac":"M"} in place of the "}". */
static void
seal(struct out *o, struct jline *j)
{
	uint8_t		 mac[HMAC_LEN];
	struct iovec	 iov[2];
	int		 k;

	memcpy(o->line, j->b, j->n);
	k = snprintf(o->line + j->n, sizeof(o->line) - j->n,
	    ",\"seq\":%llu,\"run\":\"%s\"}", seq, run);
	o->n = j->n + k;
	o->mac = NULL;
	if (key != NULL) {
		iov[0].iov_base = prev;
		iov[0].iov_len = strlen(prev);
		iov[1].iov_base = o->line;
		iov[1].iov_len = o->n;
		hmac_iov(key, iov, 2, mac);
		hmac_hex(mac, sizeof(mac), prev);
		o->n--;
		k = snprintf(o->line + o->n, sizeof(o->line) - o->n,
		    ",\"mac\":\"%s\"}", prev);
		o->mac = o->line + o->n + 8;
		o->n += k;
	}
	o->line[o->n++] = '\n';
}

/* The event, next in the sequence, to every sink that can take it. */
static void
send_all(enum log_level lv, const char *event, const struct log_field *f)
{
	static struct out	 o;
	struct jline		 j;
	char			 stamp[64];
	int			 i;

	if (seq == checked) {
		ts_now(&checkby);
		ts_add_ms(&checkby, AUDIT_CHECK_MS);
	}
	seq++;
	jsonev_stamp(stamp, sizeof(stamp));
	jsonev_begin(&j, stamp, lv, event);
	jsonev_fields(&j, f);
	o.lv = lv;
	o.event = event;
	o.f = f;
	o.stamp = stamp;
	seal(&o, &j);
	for (i = 0; i < nsinks; i++)
		if (put(&sinks[i], &o) == -1)
			sinks[i].dropped++;
}

/* Whether a sink that dropped events would take one now. */
static int
ready(struct sink *s)
{
	struct pollfd	 pfd;

	if (s->kind != SINK_FILE && reach(s) == -1)
		return 0;
	pfd.fd = s->fd;
	pfd.events = POLLOUT;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT);
}

/* Each sink that takes again after dropping: how many, to every sink. */
static void
tell_drops(void)
{
	long	 count;
	int	 i;

	for (i = 0; i < nsinks; i++) {
		if (sinks[i].dropped == 0 || !ready(&sinks[i]))
			continue;
		count = sinks[i].dropped;
		sinks[i].dropped = 0;
		send_all(LL_WARN, "dropped", LOG_FIELDS(
		    LF_STR("sink", sinks[i].spec), LF_INT("count", count)));
	}
}

static void
checkpoint(void)
{
	send_all(LL_INFO, "checkpoint",
	    LOG_FIELDS(LF_INT("events", (long long)(seq - checked))));
	checked = seq;
}

void
audit_ev(enum log_level lv, const char *event, const struct log_field *f)
{
	if (nsinks == 0 || !wanted(event))
		return;
	tell_drops();
	send_all(lv, event, f);
	if (key != NULL && seq - checked >= AUDIT_CHECK_EVENTS)
		checkpoint();
}

/* Milliseconds until a checkpoint is due: only with events unanchored. */
int
audit_due(void)
{
	if (key == NULL || seq == checked)
		return -1;
	return ts_left_ms(&checkby);
}

void
audit_timer(void)
{
	tell_drops();
	checkpoint();
}
