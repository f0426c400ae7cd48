/*
 * sockd: accepts clients, reads one request line from each, and sends
 * init one SPAWN frame per command with the client's socket attached.
 * A -wait client's connection stays open for its command's life: its
 * "signal NAME" lines go to init as SIGNAL frames, init's END comes back
 * as "exit N", "signal NAME" or "time-limit", and its hanging up ends
 * the submission.  A control line (-signal, -kill) becomes one CONTROL
 * frame, answered "ok" or "error WHY"; -status asks init for the
 * listing a page at a time, one page in flight at once, and only when
 * the client has taken what came before: a client that never reads holds
 * its own connection and buffer, nothing else.  It runs sandboxed
 * (sandbox.c) and holds nothing that matters.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/bucket.h"
#include "common/clock.h"
#include "common/fdpass.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/signame.h"
#include "common/util.h"
#include "sockd/fair.h"
#include "sockd/parse.h"
#include "sockd/render.h"
#include "sockd/sandbox.h"
#include "sockd/sockd.h"

#define LISTEN_FD	PROTO_LISTEN_FD
#define PAIR_FD		PROTO_PAIR_FD
#define SPARE_FD	5
#define ACCEPT_BURST	64
#define ACCEPT_PAUSE_MS	100
#define STATUS_CONNS	4	/* listings under way at once */
#define STATUS_BUF	(PROTO_PAGE_MAX * RENDER_MAX)
#define STATUS_SPARE	512	/* for the header, or an error's line */
#define LOG_LINES	16	/* a second: half what PID 1 passes */

enum conn_state {
	C_FREE,
	C_READ,			/* reading the request line */
	C_WAIT,			/* waiting for init's answers */
	C_ATTACHED,		/* -wait: its command runs, the end to come */
	C_CONTROL,		/* -signal or -kill: waiting for init's DONE */
	C_STATUS,		/* -status: the listing, page by page */
};

/* What a listing has rendered and the client has yet to take. */
struct outbuf {
	int		 used;
	size_t		 len;
	size_t		 off;
	char		 b[STATUS_BUF + STATUS_SPARE];
};

/* "ok PID", or "error WHY" with WHY a fixed string or init's refusal. */
struct answer {
	int		 done;
	pid_t		 pid;
	const char	*why;
	uint32_t	 code;
	int		 error;
};

struct conn {
	enum conn_state	 state;
	int		 fd;
	uid_t		 uid;		/* the client's, from the kernel */
	size_t		 len;
	int64_t		 deadline;	/* ms, monotonic; C_READ, C_STATUS only */
	int		 wait;		/* -wait */
	int		 bundle;	/* its fds 0, 1 and 2 in a socket, or -1 */
	uint32_t	 base;		/* id of its first command */
	int		 ncmd;
	int		 nanswered;
	struct answer	 answer[REQ_CMD_MAX];
	char		 buf[REQ_LINE_MAX];
	/* C_STATUS */
	struct outbuf	*out;
	int		 json;
	int		 part;		/* where the next page begins */
	uint64_t	 after;
	int		 asked;		/* a page is in flight */
	int		 last;		/* no page to ask for */
	int		 headed;	/* the header is out */
	uint32_t	 got;		/* records of the page in flight */
	int		 max;		/* and how many were asked for */
};

static struct conn	 conns[SOCKD_CONN_MAX];
static int64_t		 accept_after;	/* no accept before, after a shortage */
static struct request	 req;
static uint32_t		 next_id = 1;
static int		 spare = -1;
static int		 nwaiting;	/* -wait connections */
static struct outbuf	 outs[STATUS_CONNS];
static struct conn	*paging;	/* whose page is in flight */
static struct bucket	 log_budget;	/* LOG_LINES */
static long		 log_held;	/* refusals not logged */

static void	signal_lines(struct conn *);

static void
say(int fd, const char *line, size_t len)
{
	(void)send(fd, line, len, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/*
 * Close after taking in what the client sent: closing a unix socket with
 * unread data resets it, and the client may never see our answer.
 */
static void
hang_up(int fd)
{
	char	 junk[REQ_LINE_MAX];

	(void)recv(fd, junk, sizeof(junk), MSG_DONTWAIT);
	close(fd);
}

static void
conn_close(struct conn *c)
{
	hang_up(c->fd);
	if (c->bundle != -1)
		close(c->bundle);
	if (c->out != NULL)
		c->out->used = 0;
	c->out = NULL;
	if (paging == c)
		paging = NULL;
	if (c->wait && c->state != C_READ)
		nwaiting--;
	c->state = C_FREE;
	c->fd = -1;
	c->bundle = -1;
	c->wait = 0;
}

/* "error WHY\n" into line; its length. */
static size_t
error_line(char line[128], const char *why)
{
	int	 n;

	n = snprintf(line, 128, "error %s\n", why);
	return n < 0 ? 0 : n < 128 ? (size_t)n : 127;
}

/* "error WHY" to the client, and the end of its connection. */
static void
conn_error_close(struct conn *c, const char *why)
{
	char	 line[128];

	say(c->fd, line, error_line(line, why));
	conn_close(c);
}

/*
 * A refusal of sockd's own, logged like init's.  Its line goes through
 * PID 1, which passes 32 of sockd's lines a second: sockd writes no
 * more than LOG_LINES, lest a flood of bad requests keep it writing or
 * crowd out its other lines, and says how many it held back in the
 * next line.
 */
static void
conn_refuse(struct conn *c, const char *why)
{
	if (!bucket_take(&log_budget, LOG_LINES, LOG_LINES)) {
		log_held++;
	} else {
		if (log_held > 0)
			log_warnx("%ld refusal%s not logged", log_held,
			    log_held == 1 ? "" : "s");
		log_held = 0;
		log_warnx("refused a request of uid %u: %s", (unsigned)c->uid,
		    why);
	}
	conn_error_close(c, why);
}

/* All answers in: one line per command, in the request's order. */
static void
conn_flush(struct conn *c)
{
	char		 out[REQ_CMD_MAX * 80], why[64];
	struct answer	*a;
	size_t		 n = 0;
	int		 i, r;

	for (i = 0; i < c->ncmd; i++) {
		a = &c->answer[i];
		if (a->pid > 0)
			r = snprintf(out + n, sizeof(out) - n, "ok %d\n",
			    (int)a->pid);
		else
			r = snprintf(out + n, sizeof(out) - n, "error %s\n",
			    a->why != NULL ? a->why :
			    proto_refusal(a->code, a->error, why, sizeof(why)));
		if (r > 0 && (size_t)r < sizeof(out) - n)
			n += r;
	}
	say(c->fd, out, n);
	if (c->wait && c->answer[0].pid > 0) {
		c->state = C_ATTACHED;
		signal_lines(c);
		return;
	}
	conn_close(c);
}

/* Command i of c is answered; once all are, the client is told. */
static void
conn_answer(struct conn *c, int i, const struct answer *a)
{
	if (c->answer[i].done)
		return;
	c->answer[i] = *a;
	c->answer[i].done = 1;
	if (++c->nanswered == c->ncmd)
		conn_flush(c);
}

static void
conn_error(struct conn *c, int i, const char *why)
{
	struct answer	 a = { .why = why };

	conn_answer(c, i, &a);
}

/* One SPAWN frame per command, each carrying the client's socket. */
static void
conn_submit(struct conn *c)
{
	unsigned char	 frame[PROTO_FRAME_MAX];
	const char	*why = NULL;
	enum proto_err	 e;
	size_t		 n;
	int		 i, ncmd = req.ncmd, fds[2] = { c->fd, c->bundle };

	if (c->wait)
		nwaiting++;
	c->state = C_WAIT;
	c->base = next_id;
	c->ncmd = ncmd;
	c->nanswered = 0;
	next_id += ncmd;
	for (i = 0; i < ncmd; i++)
		c->answer[i].done = 0;
	/*
	 * init takes a request's commands in order, at once: after one
	 * that cannot go, none of the rest goes either.  ETOOMANYREFS: the
	 * kernel bounds the fds in flight per uid by the sender's fd limit,
	 * across every process of that uid (other containers' sockds as
	 * nobody too): busy, for now.
	 */
	for (i = 0; i < ncmd && why == NULL; i++) {
		if ((e = proto_encode_spawn(frame, sizeof(frame), c->base + i,
		    i, ncmd, &req.as, req.reason, req.cmd[i], &n)) != PROTO_OK)
			why = proto_strerror(e);
		else if (fd_send(PAIR_FD, frame, n, fds, c->wait ? 2 : 1) == -1)
			why = errno == EAGAIN || errno == ETOOMANYREFS ?
			    "busy" : "init unreachable";
		if (why != NULL)
			conn_error(c, i, why);
	}
	for (; i < ncmd; i++)
		conn_error(c, i, why);
	/* Passed on: the bundle is init's business. */
	if (c->state != C_FREE && c->bundle != -1) {
		close(c->bundle);
		c->bundle = -1;
	}
}

/* The CONTROL frame of a -signal or -kill line, with the client's socket. */
static void
conn_control(struct conn *c)
{
	unsigned char	 frame[PROTO_CONTROL_LEN];
	const struct control_req *r = &req.ctl;
	ssize_t		 n;
	int		 op;

	op = r->verb == VERB_KILL ? CTL_KILL :
	    r->pid ? CTL_SIGNAL_PID : CTL_SIGNAL;
	c->state = C_CONTROL;
	c->base = next_id++;
	if ((n = proto_encode_control(frame, sizeof(frame), c->base, op,
	    r->sig, r->target)) == -1)
		conn_error_close(c, "bad control request");
	else if (fd_send(PAIR_FD, frame, n, &c->fd, 1) == -1)
		conn_error_close(c, errno == EAGAIN || errno == ETOOMANYREFS ?
		    "busy" : "init unreachable");
}

/* The control's answer: "ok", or why not. */
static void
control_done(struct conn *c, const struct done_msg *d)
{
	char	 why[64];

	if (d->code == 0) {
		say(c->fd, "ok\n", 3);
		conn_close(c);
	} else		/* init's decision, which init logs */
		conn_error_close(c, proto_refusal(d->code, d->detail, why,
		    sizeof(why)));
}

static void
out_add(struct outbuf *o, const char *s, size_t n)
{
	if (n > sizeof(o->b) - o->len)
		n = sizeof(o->b) - o->len;
	memcpy(o->b + o->len, s, n);
	o->len += n;
}

/* Past the listing's last line: why it ends early, then the end. */
static void
status_fail(struct conn *c, const char *why)
{
	char	 line[128];

	out_add(c->out, line, error_line(line, why));
	c->last = 1;
}

/*
 * What the client takes of the listing now; once all of it is taken and
 * no page is to come, the end.  Progress moves the deadline.
 */
static void
status_flush(struct conn *c)
{
	struct outbuf	*o = c->out;
	ssize_t		 n;

	while (o->off < o->len) {
		n = send(c->fd, o->b + o->off, o->len - o->off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_close(c);
			return;
		}
		o->off += n;
		c->deadline = now_ms() + SOCKD_REPLY_MS;
	}
	o->off = o->len = 0;
	if (c->last && !c->asked)
		conn_close(c);
}

/* How many records the buffer has room for now. */
static int
status_room(const struct conn *c)
{
	size_t	 free = STATUS_BUF - c->out->len;

	return free / RENDER_MAX > PROTO_PAGE_MAX ? PROTO_PAGE_MAX :
	    (int)(free / RENDER_MAX);
}

/* A page for c, with its socket, for init to see who asks. */
static void
status_ask(struct conn *c)
{
	unsigned char	 frame[PROTO_STATUS_LEN];
	ssize_t		 n;

	c->base = next_id++;
	c->max = status_room(c);
	c->got = 0;
	if ((n = proto_encode_status(frame, sizeof(frame), c->base, c->max,
	    c->part, c->after)) == -1 ||
	    fd_send(PAIR_FD, frame, n, &c->fd, 1) == -1) {
		status_fail(c, n == -1 ? "bad page" :
		    errno == EAGAIN ? "busy" : "init unreachable");
		status_flush(c);
		return;
	}
	c->asked = 1;
	paging = c;
}

/*
 * One page in flight at once, for the listing whose client has taken
 * enough to make room for it; in turn, from the one after the last.
 */
static void
status_next(void)
{
	static int	 turn;
	struct conn	*c;
	int		 i;

	for (i = 0; i < SOCKD_CONN_MAX && paging == NULL; i++) {
		c = &conns[(turn + i) % SOCKD_CONN_MAX];
		if (c->state != C_STATUS || c->asked || c->last ||
		    status_room(c) == 0)
			continue;
		turn = (turn + i + 1) % SOCKD_CONN_MAX;
		status_ask(c);
	}
}

static void
status_begin(struct conn *c)
{
	int	 i;

	for (i = 0; i < STATUS_CONNS && outs[i].used; i++)
		;
	if (i == STATUS_CONNS) {
		conn_error_close(c, "busy");
		return;
	}
	c->out = &outs[i];
	c->out->used = 1;
	c->out->len = c->out->off = 0;
	c->state = C_STATUS;
	c->json = req.ctl.json;
	c->part = STATUS_CMDS;
	c->after = 0;
	c->asked = c->last = c->headed = 0;
	c->deadline = now_ms() + SOCKD_REPLY_MS;
}

/* The text's header, once, before the first line of the listing. */
static void
status_header(struct conn *c)
{
	char	 line[256];

	if (!c->headed && !c->json)
		out_add(c->out, line, render_header(line, sizeof(line)));
	c->headed = 1;
}

static void
status_record(struct conn *c, const struct record_msg *r)
{
	static char	 line[RENDER_MAX];

	if (!c->asked || c->last || (int)c->got == c->max)
		return;
	c->got++;
	status_header(c);
	out_add(c->out, line, render_record(line, sizeof(line), r, c->json));
}

/* A page's end: where the next begins, or why there is none. */
static void
status_done(struct conn *c, const struct done_msg *d)
{
	char	 why[64];

	if (!c->asked)
		return;
	c->asked = 0;
	paging = NULL;
	if (d->code != 0)
		status_fail(c, proto_refusal(d->code, d->detail, why,
		    sizeof(why)));
	else if (d->count != c->got)
		status_fail(c, "records lost on the way");
	else {
		status_header(c);
		c->part = d->part;
		c->after = d->after;
		c->last = !d->more;
	}
	status_flush(c);
}

/* A control line: not a command to run, so no fds with it. */
static void
conn_verb(struct conn *c)
{
	if (c->bundle != -1)
		conn_refuse(c, "fds without -wait");
	else if (req.ctl.verb == VERB_STATUS)
		status_begin(c);
	else
		conn_control(c);
}

/*
 * fds come from a -wait client only: one socket (the bundle holding its
 * fds 0, 1 and 2), with the request's first bytes.  NULL if these may
 * come now.
 */
static const char *
check_fds(struct conn *c, const int *fds, int nfds)
{
	int	 i;

	if (nfds == 0)
		return NULL;
	if (c->len == 0 && c->bundle == -1 && nfds == 1) {
		c->bundle = fds[0];
		return NULL;
	}
	for (i = 0; i < nfds; i++)
		close(fds[i]);
	return c->len == 0 ? "-wait wants one socket holding fds 0, 1 and 2" :
	    "fds after the request's first bytes";
}

/* The request is whole: its fds must be as -wait says. */
static const char *
check_request(struct conn *c)
{
	c->wait = (req.as.flags & SPAWN_WAIT) != 0;
	if (!c->wait && c->bundle != -1)
		return "fds without -wait";
	if (c->wait && c->bundle == -1)
		return "-wait wants one socket holding fds 0, 1 and 2";
	if (c->wait && nwaiting >= SOCKD_WAIT_MAX)
		return "busy";
	return NULL;
}

static void
conn_read(struct conn *c)
{
	const char	*why = NULL;
	ssize_t		 n;
	int		 eof = 0, fds[FDPASS_MAX], nfds;

	n = fd_recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, fds,
	    FDPASS_MAX, &nfds);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1 && (errno == EMSGSIZE || errno == EBADMSG)) {
		conn_refuse(c, "too many fds, or not fds");
		return;
	}
	if (n == -1) {
		conn_close(c);
		return;
	}
	if ((why = check_fds(c, fds, nfds)) != NULL) {
		conn_refuse(c, why);
		return;
	}
	if (n == 0)
		eof = 1;
	c->len += n;
	if (eof && c->len == 0) {
		/* It asked for nothing: answered, not logged. */
		conn_error_close(c, "no -r");
		return;
	}
	switch (request_parse(&req, c->buf, c->len, eof)) {
	case REQ_MORE:
		if (eof)
			conn_refuse(c, "incomplete request");
		break;
	case REQ_ERROR:
		conn_refuse(c, req.why);
		break;
	case REQ_DONE:
		if (req.ctl.verb != VERB_SPAWN)
			conn_verb(c);
		else if ((why = check_request(c)) != NULL)
			conn_refuse(c, why);
		else
			conn_submit(c);
		/* What a -wait client sent after its line: signals, kept. */
		c->len = c->state == C_WAIT && c->wait ? c->len - req.used : 0;
		memmove(c->buf, c->buf + req.used, c->len);
		break;
	}
}

static void
send_signal(struct conn *c, int sig)
{
	unsigned char	 frame[PROTO_REPLY_LEN];
	ssize_t		 n;

	if ((n = proto_encode_signal(frame, sizeof(frame), c->base, sig)) > 0)
		(void)fd_send(PAIR_FD, frame, n, &c->fd, 1);
}

/* The client is gone, or broke the rules: its submission ends. */
static void
conn_gone(struct conn *c)
{
	send_signal(c, SIGNAL_GONE);
	conn_close(c);
}

/* "signal NAME", one of the client's; anything else is dropped. */
static void
signal_line(struct conn *c, char *line)
{
	int	 sig;

	if (strncmp(line, "signal ", 7) != 0 ||
	    (sig = signum(line + 7)) == 0 || sig == SIGCONT ||
	    !proto_signal_ok(sig))
		return;
	send_signal(c, sig);
}

/* The whole lines in c's buffer, as signal lines; too long a one ends c. */
static void
signal_lines(struct conn *c)
{
	char	*nl;

	c->buf[c->len] = '\0';
	while ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
		*nl = '\0';
		signal_line(c, c->buf);
		c->len -= nl + 1 - c->buf;
		memmove(c->buf, nl + 1, c->len);
	}
	if (c->len == sizeof(c->buf) - 1)
		conn_gone(c);
}

/*
 * What a -wait client sends while its command runs: signal lines.  recv
 * takes no fds (the kernel drops any) and no credentials (init's mark,
 * claim.c, has the kernel attach them now).
 */
static void
conn_input(struct conn *c)
{
	ssize_t	 n;

	n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len,
	    MSG_DONTWAIT);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_gone(c);
		return;
	}
	c->len += n;
	signal_lines(c);
}

/* The slot a newcomer of uid may have by pushing out another, or NULL. */
static struct conn *
conn_victim(uid_t uid)
{
	struct slot	 s[SOCKD_CONN_MAX];
	struct conn	*c[SOCKD_CONN_MAX];
	int		 i, k, n = 0;

	for (i = 0; i < SOCKD_CONN_MAX; i++) {
		if (conns[i].state == C_FREE)
			continue;
		c[n] = &conns[i];
		s[n].uid = conns[i].uid;
		s[n].silent = conns[i].state == C_READ;
		s[n++].since = conns[i].deadline;
	}
	if ((k = fair_victim(s, n, uid)) == -1)
		return NULL;
	/* Pushed out before its request came: not a refusal of one. */
	conn_error_close(c[k], "busy");
	return c[k];
}

static struct conn *
conn_free(void)
{
	int	 i;

	for (i = 0; i < SOCKD_CONN_MAX; i++)
		if (conns[i].state == C_FREE)
			return &conns[i];
	return NULL;
}

/*
 * Whether a newcomer may find a slot: a free one, or, once the requests
 * that have arrived are taken in, one that is still silent.
 */
static int
conn_room(void)
{
	int	 i;

	if (conn_free() != NULL)
		return 1;
	for (i = 0; i < SOCKD_CONN_MAX; i++)
		if (conns[i].state == C_READ)
			conn_read(&conns[i]);
	for (i = 0; i < SOCKD_CONN_MAX; i++)
		if (conns[i].state == C_FREE || conns[i].state == C_READ)
			return 1;
	return 0;
}

/* A slot for a newcomer of uid, or NULL. */
static struct conn *
conn_slot(uid_t uid)
{
	struct conn	*c;

	if ((c = conn_free()) != NULL)
		return c;
	return conn_victim(uid);
}

/*
 * A new connection takes the slot that its uid's fair share allows, or
 * is refused.  nofd: slots are free maybe, fds are not.
 */
static void
conn_admit(int fd, int nofd)
{
	struct ucred	 cred;
	socklen_t	 len = sizeof(cred);
	struct conn	*c;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
		hang_up(fd);
		return;
	}
	c = nofd ? conn_victim(cred.uid) : conn_slot(cred.uid);
	if (c == NULL) {
		say(fd, "error busy\n", 11);
		hang_up(fd);
		return;
	}
	c->state = C_READ;
	c->fd = fd;
	c->uid = cred.uid;
	c->len = 0;
	c->wait = 0;
	c->bundle = -1;
	c->deadline = now_ms() + SOCKD_READ_MS;
}

/*
 * Out of fds: the spare one takes the next client in, to learn whose it
 * is, and is made again once that client or the one it pushed out is
 * gone.
 */
static int
refuse_nofd(void)
{
	int	 fd;

	if (spare == -1 && (spare = dup(STDERR_FILENO)) == -1)
		return 0;
	close(spare);
	fd = accept4(LISTEN_FD, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd != -1)
		conn_admit(fd, 1);
	spare = dup(STDERR_FILENO);
	return 1;
}

/*
 * accept failed, as errno says.  A passing error is tried again at
 * once; a shortage that nothing here can relieve leaves new clients in
 * the backlog for a while rather than spinning on a listening socket
 * that stays readable; anything else means the listening socket is no
 * use to this sockd: it exits, and init starts another after its
 * backoff.
 */
static void
accept_failed(void)
{
	switch (errno) {
	case EAGAIN:
	case EINTR:
	case ECONNABORTED:
	case EPROTO:
		return;
	case EMFILE:
	case ENFILE:
		if (refuse_nofd())
			return;
		/* FALLTHROUGH */
	case ENOBUFS:
	case ENOMEM:
		accept_after = now_ms() + ACCEPT_PAUSE_MS;
		return;
	default:
		fatal("accept");
	}
}

static void
do_accept(void)
{
	int	 fd, i;

	/* Every slot waits for init: the rest wait in the backlog. */
	for (i = 0; i < ACCEPT_BURST && conn_room(); i++) {
		fd = accept4(LISTEN_FD, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			accept_failed();
			return;
		}
		conn_admit(fd, 0);
	}
}

static struct conn *
conn_by_id(uint32_t id)
{
	int	 i;

	for (i = 0; i < SOCKD_CONN_MAX; i++)
		if ((conns[i].state == C_WAIT || conns[i].state == C_ATTACHED) &&
		    id - conns[i].base < (uint32_t)conns[i].ncmd)
			return &conns[i];
	return NULL;
}

/* An attached command's end, to its client, who then is done. */
static void
conn_end(struct conn *c, const struct reply_msg *r)
{
	char	 line[64];
	int	 n;

	if (c->state != C_ATTACHED)
		return;
	if (r->code == END_EXIT)
		n = snprintf(line, sizeof(line), "exit %d\n", r->error);
	else if (r->code == END_LIMIT)
		n = snprintf(line, sizeof(line), "time-limit\n");
	else
		n = snprintf(line, sizeof(line), "signal %s\n",
		    signame(r->error));
	say(c->fd, line, n);
	conn_close(c);
}

/* The listing or control whose frame this is, or NULL. */
static struct conn *
conn_by_base(uint32_t id, enum conn_state state)
{
	int	 i;

	for (i = 0; i < SOCKD_CONN_MAX; i++)
		if (conns[i].state == state && conns[i].base == id)
			return &conns[i];
	return NULL;
}

/* A RECORD or DONE: for a listing, or a control's answer. */
static void
control_reply(const unsigned char *buf, size_t n)
{
	static struct record_msg r;
	struct done_msg		 d;
	struct conn		*c;

	if (proto_type(buf, n) == MSG_RECORD) {
		if (proto_decode_record(buf, n, &r) == PROTO_OK &&
		    (c = conn_by_base(r.id, C_STATUS)) != NULL)
			status_record(c, &r);
		return;
	}
	if (proto_decode_done(buf, n, &d) != PROTO_OK)
		return;
	if ((c = conn_by_base(d.id, C_STATUS)) != NULL)
		status_done(c, &d);
	else if ((c = conn_by_base(d.id, C_CONTROL)) != NULL)
		control_done(c, &d);
}

static void
read_replies(void)
{
	unsigned char	 buf[PROTO_FRAME_MAX];
	struct reply_msg r;
	struct answer	 a;
	struct conn	*c;
	ssize_t		 n;

	while ((n = recv(PAIR_FD, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		if (proto_type(buf, n) == MSG_RECORD ||
		    proto_type(buf, n) == MSG_DONE) {
			control_reply(buf, n);
			continue;
		}
		if (proto_decode_reply(buf, n, &r) != PROTO_OK ||
		    (c = conn_by_id(r.id)) == NULL)
			continue;
		if (r.type == MSG_END) {
			conn_end(c, &r);
			continue;
		}
		if (c->state != C_WAIT)
			continue;
		memset(&a, 0, sizeof(a));
		if (r.type == MSG_SPAWNED)
			a.pid = r.pid;
		else {
			a.code = r.code;
			a.error = r.error;
		}
		conn_answer(c, r.id - c->base, &a);
	}
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR))
		exit(0);	/* init is gone */
}

/*
 * A connection reading its line has SOCKD_READ_MS to send it, a listing
 * SOCKD_REPLY_MS to make progress.  One whose request init holds (C_WAIT
 * before init's answers, C_CONTROL) has none: init answers every frame
 * (or is gone, and sockd with it), and an answer of sockd's own there,
 * "timeout", would be wrong whenever init then did what was asked.
 */
static int
has_deadline(const struct conn *c)
{
	return c->state == C_READ || c->state == C_STATUS;
}

static void
expire(int64_t now)
{
	struct conn	*c;
	int		 i;

	for (i = 0; i < SOCKD_CONN_MAX; i++) {
		c = &conns[i];
		if (!has_deadline(c) || c->deadline > now)
			continue;
		if (c->state == C_STATUS) {
			conn_close(c);
			continue;
		}
		/*
		 * C_READ.  A line that came while sockd was busy with others
		 * is in time: "timeout" is for a client that has not sent it.
		 */
		conn_read(c);
		if (c->state == C_READ)
			conn_refuse(c, "timeout");
	}
}

/*
 * The socket pair, the listening socket and each connection still
 * reading, with who[] naming the connection of each entry; no more
 * entries than open fds, or poll refuses them all over RLIMIT_NOFILE.
 */
static int
build_pollfds(struct pollfd *pfd, struct conn **who, int *timeout)
{
	int64_t		 now = now_ms(), next = -1;
	int		 i, n = 0, room = 0;

	pfd[n].fd = PAIR_FD;
	pfd[n++].events = POLLIN;
	pfd[n].fd = -1;			/* the listening socket, if there is room */
	pfd[n++].events = POLLIN;
	for (i = 0; i < SOCKD_CONN_MAX; i++) {
		if (conns[i].state == C_FREE || conns[i].state == C_READ)
			room = 1;
		if (conns[i].state == C_FREE)
			continue;
		if (has_deadline(&conns[i]) &&
		    (next == -1 || conns[i].deadline < next))
			next = conns[i].deadline;
		if (conns[i].state == C_STATUS && conns[i].out->len > 0) {
			who[n] = &conns[i];
			pfd[n].fd = conns[i].fd;
			pfd[n++].events = POLLOUT;
			continue;
		}
		if (conns[i].state != C_READ && !conns[i].wait)
			continue;
		who[n] = &conns[i];
		pfd[n].fd = conns[i].fd;
		pfd[n++].events = POLLIN;
	}
	if (room && accept_after <= now)
		pfd[1].fd = LISTEN_FD;
	else if (room && (next == -1 || accept_after < next))
		next = accept_after;
	*timeout = next == -1 ? -1 : next <= now ? 0 : (int)(next - now);
	return n;
}

/*
 * Only the listening socket, the socket pair, stderr and a spare stay
 * open; 3 and 4 are what init handed over.
 */
static void
keep_fds(void)
{
	int	 flags;

	if ((flags = fcntl(LISTEN_FD, F_GETFL)) == -1 ||
	    fcntl(PAIR_FD, F_GETFL) == -1)
		fatalx("sockd: no socket on fd 3 or 4; init starts sockd");
	close(STDIN_FILENO);
	close(STDOUT_FILENO);
	fd_closefrom(PAIR_FD + 1);
	if ((spare = dup3(STDERR_FILENO, SPARE_FD, O_CLOEXEC)) == -1)
		fatal("sockd: spare fd");
	if (fcntl(LISTEN_FD, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(PAIR_FD, F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(LISTEN_FD, F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(PAIR_FD, F_SETFL, O_NONBLOCK) == -1)
		fatal("sockd: fcntl");
}

int
sockd_main(int argc, char **argv)
{
	struct pollfd	 pfd[2 + SOCKD_CONN_MAX];
	struct conn	*who[2 + SOCKD_CONN_MAX];
	struct sandbox	 sb;
	sigset_t	 mask;
	int		 i, n, timeout;

	log_init("sockd");
	(void)prctl(PR_SET_NAME, PROTO_SOCKD_ARGV0);
	setproctitle("-dinit: sockd");
	sandbox_args(&sb, argc, argv);
	sb.maxfds = SOCKD_NOFILE;
	keep_fds();
	/*
	 * init's signals stay blocked, as init left them, until the sandbox
	 * is whole: a TERM between making and removing its empty root would
	 * leave the directory behind.  Then those meant for the commands
	 * stay blocked: sockd ends when init says so (SIGKILL, or its end of
	 * the pair closing), never by a TERM or INT sent to every process.
	 */
	sandbox_enter(&sb);
	sigemptyset(&mask);
	sigaddset(&mask, SIGPIPE);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	if (sigprocmask(SIG_SETMASK, &mask, NULL) == -1)
		fatal("sigprocmask");

	for (;;) {
		n = build_pollfds(pfd, who, &timeout);
		if (poll(pfd, n, timeout) == -1 && errno != EINTR)
			fatal("poll");
		if (pfd[0].revents)
			read_replies();
		for (i = 2; i < n; i++) {
			if (pfd[i].revents == 0 || who[i]->fd != pfd[i].fd)
				continue;
			if (who[i]->state == C_READ)
				conn_read(who[i]);
			else if (who[i]->state == C_STATUS)
				status_flush(who[i]);
			else if (who[i]->wait && who[i]->state != C_FREE)
				conn_input(who[i]);
		}
		if (pfd[1].revents)
			do_accept();
		expire(now_ms());
		status_next();
	}
}
