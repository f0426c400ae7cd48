/*
 * Test double for sockd/sockd.c (dinit-adversary): a compromised sockd,
 * scripted by its clients.  It sandboxes itself as the real one does and
 * takes one connection at a time.  A request line whose first word is
 * not -r names an attack; the rest of the line is a normal request,
 * which the attack uses:
 *
 *	replay -r sh -c "id -u >>/tmp/ran"
 *
 * A line without an attack is served honestly, so that clients of the
 * next generation are served.  After an attack it waits to be killed;
 * an attack its seccomp filter forbids kills it at once.  ("forge-sent"
 * passes, as the connection, the fd the client sent with its line.)
 * Two lines only prepare one: "stash" keeps a -wait client's bundle
 * unused, "held" starts its command attached and keeps its connection;
 * the next client's "swap-bundle", "signal-held", "status-held",
 * "status-first-held" or "kill-held" then uses them.
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

#include "common/fdpass.h"
#include "common/log.h"
#include "common/proto.h"
#include "common/util.h"
#include "regress/common/proto_layout.h"
#include "sockd/parse.h"
#include "sockd/sandbox.h"
#include "sockd/sockd.h"

#define LISTEN_FD	PROTO_LISTEN_FD
#define PAIR_FD		PROTO_PAIR_FD
#define FLOOD_SPAWNS	10000
#define FLOOD_GARBAGE	200
#define MANY_FDS	20	/* more than init's control buffer holds */

/* The connection under attack and its request, parsed. */
struct victim {
	int		 fd;
	int		 bundle;	/* a -wait client's, or -1 */
	struct request	 req;
};

/* What "stash" and "held" keep for the next client's attack. */
static struct {
	int		 bundle;
	int		 fd;
	uint32_t	 id;
} kept = { -1, -1, 0 };

struct frame {
	unsigned char	 buf[PROTO_FRAME_MAX + 64];
	size_t		 len;
	uint32_t	 id;
};

static uint32_t		 next_id = 1;

/* Command i of the request as SPAWN seq of count, with an id of its own. */
static void
encode(struct frame *f, const struct victim *v, int i, int seq, int count)
{
	enum proto_err	 e;

	f->id = next_id++;
	if ((e = proto_encode_spawn(f->buf, sizeof(f->buf), f->id, seq, count,
	    &v->req.as, v->req.reason, v->req.cmd[i], &f->len)) != PROTO_OK)
		fatalx("adversary: %s", proto_strerror(e));
}

/*
 * As fast as init takes them: wait out a full socket pair and the
 * kernel's limit on fds in flight.  -1 once init has hung up.
 */
static int
send_frame(const struct frame *f, const int *fds, int nfds)
{
	static int	 said;
	struct pollfd	 pfd = { PAIR_FD, POLLOUT, 0 };
	struct timespec	 ms = { 0, 1000000 };

	while (fd_send(PAIR_FD, f->buf, f->len, fds, nfds) == -1) {
		if (errno == EAGAIN)
			(void)poll(&pfd, 1, 100);
		else if (errno == ETOOMANYREFS) {
			if (!said++)
				log_info("adversary: at the uid's limit of fds "
				    "in flight; waiting");
			(void)nanosleep(&ms, NULL);
		} else if (errno != EINTR)
			return -1;
	}
	return 0;
}

/* fd_send stops at FDPASS_MAX fds: n copies of fd, by hand. */
static void
send_many(const struct frame *f, int fd, int n)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) * MANY_FDS)];
	} cmsg;
	struct iovec	 iov = { (void *)(uintptr_t)f->buf, f->len };
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	int		 i;

	memset(&cmsg, 0, sizeof(cmsg));
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
	for (i = 0; i < n; i++)
		memcpy(CMSG_DATA(cm) + i * sizeof(int), &fd, sizeof(int));
	if (sendmsg(PAIR_FD, &msg, MSG_NOSIGNAL) == -1)
		fatal("adversary: sendmsg");
}

/* init's reply to id; -1 once init has hung up. */
static int
wait_reply(uint32_t id, struct reply_msg *r)
{
	unsigned char	 buf[PROTO_FRAME_MAX];
	ssize_t		 n;

	while ((n = recv(PAIR_FD, buf, sizeof(buf), 0)) != 0) {
		if (n == -1 && errno != EINTR)
			return -1;
		if (n > 0 && proto_decode_reply(buf, n, r) == PROTO_OK &&
		    r->id == id)
			return 0;
	}
	return -1;
}

/* Command i as SPAWN seq of count for the client, and init's reply. */
static void
ask(struct frame *f, struct victim *v, int i, int seq, int count,
    struct reply_msg *r)
{
	encode(f, v, i, seq, count);
	if (send_frame(f, &v->fd, 1) == -1 || wait_reply(f->id, r) == -1)
		fatalx("adversary: init hung up");
}

static void
say(int fd, const char *line)
{
	(void)send(fd, line, strlen(line), MSG_NOSIGNAL);
}

static void __attribute__((noreturn))
wait_death(void)
{
	for (;;)
		poll(NULL, 0, -1);
}

/* What an honest sockd does, one command after the other. */
static void
serve(struct victim *v)
{
	struct reply_msg r;
	struct frame	 f;
	char		 line[128], why[64];
	int		 i;

	for (i = 0; i < v->req.ncmd; i++) {
		ask(&f, v, i, i, v->req.ncmd, &r);
		if (r.type == MSG_SPAWNED)
			snprintf(line, sizeof(line), "ok %d\n", (int)r.pid);
		else
			snprintf(line, sizeof(line), "error %s\n",
			    proto_refusal(r.code, r.error, why, sizeof(why)));
		say(v->fd, line);
	}
}

/* The same SPAWN twice, the second after init has run the first. */
static void
replay(struct victim *v)
{
	struct reply_msg r;
	struct frame	 f;

	ask(&f, v, 0, 0, 1, &r);
	(void)send_frame(&f, &v->fd, 1);
}

/*
 * The first command for the client; once the client has gone, the
 * second on its connection, which still says who connected.
 */
static void
replay_held(struct victim *v)
{
	struct reply_msg r;
	struct frame	 f;
	char		 c;

	if (v->req.ncmd != 2)
		fatalx("adversary: replay-held wants two commands");
	ask(&f, v, 0, 0, 1, &r);
	say(v->fd, "ok\n");
	while (read(v->fd, &c, 1) > 0)
		;
	encode(&f, v, 1, 0, 1);
	(void)send_frame(&f, &v->fd, 1);
}

/*
 * The first of two commands at once, "ok" to the client, then the second
 * when it suits sockd: half a second later, or once the client has left.
 */
static void
late_part(struct victim *v, int afterclose)
{
	struct reply_msg r;
	struct frame	 f;
	char		 c;

	if (v->req.ncmd != 2)
		fatalx("adversary: late parts want two commands");
	ask(&f, v, 0, 0, 2, &r);
	say(v->fd, "ok\n");
	if (afterclose)
		while (read(v->fd, &c, 1) > 0)
			;
	else
		poll(NULL, 0, 500);
	encode(&f, v, 1, 1, 2);
	(void)send_frame(&f, &v->fd, 1);
}

static void
late_second(struct victim *v)
{
	late_part(v, 0);
}

static void
second_after_close(struct victim *v)
{
	late_part(v, 1);
}

/*
 * Read whatever any fd it holds but its sockets gives, for 2 s (what is
 * typed at a terminal init shares, say), and tell the client how much.
 */
static void
read_fds(struct victim *v)
{
	struct pollfd	 pfd[MANY_FDS];
	char		 buf[256], line[64];
	size_t		 got = 0;
	ssize_t		 r;
	int		 i, n = 0, tries;

	for (i = 0; i < MANY_FDS; i++)
		if (i != LISTEN_FD && i != PAIR_FD && i != v->fd) {
			pfd[n].fd = i;
			pfd[n++].events = POLLIN;
		}
	for (tries = 0; tries < 20; tries++) {
		if (poll(pfd, n, 100) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if ((pfd[i].revents & POLLIN) &&
			    (r = read(pfd[i].fd, buf, sizeof(buf))) > 0)
				got += r;
			else if (pfd[i].revents)
				pfd[i].fd = -1;
	}
	snprintf(line, sizeof(line), "read %zu bytes\n", got);
	say(v->fd, line);
}

/* Lines on its stderr that would pass for init's, and a split one. */
static void
forge_log(struct victim *v)
{
	static const char forged[] =
	    "2026/01/01 00:00:00 dinit: pid 4242 started: [forged] "
	    "(submitted by uid 0 gid 0 pid 1)\n"
	    "2026/01/01 00:00:00 dinit: sockd: x\r"
	    "2026/01/01 00:00:00 dinit: pid 4243 started: [forged]\n"
	    "{\"time\":\"2026-01-01T00:00:00.000000Z\",\"level\":\"info\","
	    "\"event\":\"message\",\"source\":\"sockd\",\"msg\":\"x\","
	    "\"pid\":4244}\n";

	(void)write(STDERR_FILENO, forged, sizeof(forged) - 1);
	say(v->fd, "written\n");
}

/* A thousand lines on its stderr at once. */
static void
flood_log(struct victim *v)
{
	int	 i;

	for (i = 0; i < 1000; i++)
		log_info("adversary: flood line %d", i);
	say(v->fd, "written\n");
}

/* O_NONBLOCK on 0, 1 and 2: on a description the -r commands share, say. */
static void
nonblock_fds(struct victim *v)
{
	int	 fd;

	for (fd = 0; fd < 3; fd++)
		(void)fcntl(fd, F_SETFL, O_NONBLOCK);
	say(v->fd, "set\n");
}

/* A SPAWN for the client with its connection attached n times. */
static void
attach(struct victim *v, int n)
{
	int		 fds[FDPASS_MAX] = { v->fd, v->fd, v->fd, v->fd };
	struct frame	 f;

	encode(&f, v, 0, 0, 1);
	if (n > FDPASS_MAX)
		send_many(&f, v->fd, n);
	else
		(void)send_frame(&f, fds, n);
}

/* A SPAWN for the client carrying fd instead of the client's. */
static void
forged(struct victim *v, int fd)
{
	struct frame	 f;

	encode(&f, v, 0, 0, 1);
	(void)send_frame(&f, &fd, 1);
}

static void
forge_listen(struct victim *v)
{
	forged(v, LISTEN_FD);
}

/* What only the sandbox may say: "cannot run here", so init gives up. */
static void
exit_unfit(struct victim *v)
{
	(void)v;
	_exit(PROTO_SOCKD_EXIT_PERMANENT + 256);
}

/* The socket a colluding client sent with its line, as its connection. */
static void
forge_sent(struct victim *v)
{
	forged(v, v->bundle);
}

static void
forge_pair(struct victim *v)
{
	forged(v, PAIR_FD);
}

/* Command 0 as seq 1 of 2: its seq 0 never came. */
static void
seq_gap(struct victim *v)
{
	struct frame	 f;

	encode(&f, v, 0, 1, 2);
	(void)send_frame(&f, &v->fd, 1);
}

static void
no_fd(struct victim *v)
{
	attach(v, 0);
}

static void
two_fds(struct victim *v)
{
	attach(v, 2);
}

static void
many_fds(struct victim *v)
{
	attach(v, MANY_FDS);
}

/* A record of no bytes, with or without the client's connection. */
static void
empty_record(struct victim *v, int nfds)
{
	struct frame	 f;

	f.len = 0;
	(void)send_frame(&f, &v->fd, nfds);
}

static void
empty(struct victim *v)
{
	empty_record(v, 0);
}

static void
empty_with_fd(struct victim *v)
{
	empty_record(v, 1);
}

static void
bad_version(struct victim *v)
{
	struct frame	 f;

	encode(&f, v, 0, 0, 1);
	put(f.buf, OFF_VERSION, 4, PROTO_VERSION + 1);
	(void)send_frame(&f, &v->fd, 1);
}

/* A SPAWN for the client, a byte short of what its len field says. */
static void
bad_length(struct victim *v)
{
	struct frame	 f;

	encode(&f, v, 0, 0, 1);
	f.len--;
	(void)send_frame(&f, &v->fd, 1);
}

/* A SPAWN for the client, padded past the size of any frame. */
static void
oversize(struct victim *v)
{
	struct frame	 f;

	memset(&f, 0, sizeof(f));
	encode(&f, v, 0, 0, 1);
	f.len = sizeof(f.buf);
	(void)send_frame(&f, &v->fd, 1);
}

/* The listening socket to the client: seccomp allows sendmsg on fd 4 only. */
static void
export_listen(struct victim *v)
{
	int	 fd = LISTEN_FD;

	(void)fd_send(v->fd, "x", 1, &fd, 1);
}

/*
 * seccomp tells fds by number: put the client's connection on fd 4,
 * pass it the listening socket, put the socket pair back, hang up.
 */
static void
export_renumbered(struct victim *v)
{
	int	 keep, fd, lfd = LISTEN_FD;

	if ((keep = dup(PAIR_FD)) == -1)
		fatal("adversary: dup");
	close(PAIR_FD);
	if ((fd = dup(v->fd)) != PAIR_FD)
		fatalx("adversary: fd %d, not fd 4", fd);
	(void)fd_send(PAIR_FD, "x", 1, &lfd, 1);
	close(PAIR_FD);
	if (dup(keep) != PAIR_FD)
		fatalx("adversary: socket pair not back on fd 4");
	close(v->fd);
	v->fd = -1;
}

/* The listening socket is init's and the next sockd's too. */
static void
shutdown_listen(struct victim *v)
{
	(void)v;
	(void)shutdown(LISTEN_FD, SHUT_RDWR);
}

/* Whatever fds a colluding client sends with its bytes. */
static void
recv_fd(struct victim *v)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int))];
	} cmsg;
	struct iovec	 iov;
	struct msghdr	 msg;
	char		 c;

	iov.iov_base = &c;
	iov.iov_len = 1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = sizeof(cmsg.buf);
	(void)recvmsg(v->fd, &msg, 0);
}

/* n copies of f, as fast as init takes them, until init hangs up. */
static void
flood(struct victim *v, const struct frame *f, int n)
{
	int	 i;

	for (i = 0; i < n && send_frame(f, &v->fd, 1) == 0; i++)
		;
	log_info("adversary: %d of %d frames sent", i, n);
}

/* seq 0 of 1 for the same connection, over and over. */
static void
flood_spawns(struct victim *v)
{
	struct frame	 f;

	encode(&f, v, 0, 0, 1);
	flood(v, &f, FLOOD_SPAWNS);
}

static void
flood_garbage(struct victim *v)
{
	struct frame	 f;

	encode(&f, v, 0, 0, 1);
	put(f.buf, OFF_VERSION, 4, PROTO_VERSION + 1);
	flood(v, &f, FLOOD_GARBAGE);
}

/* Keep the client's bundle, unused, for the next client. */
static void
stash(struct victim *v)
{
	kept.bundle = v->bundle;
	v->bundle = -1;
	say(v->fd, "ok stashed\n");
}

/* Start the client's command attached, honestly, and keep it. */
static void
held(struct victim *v)
{
	struct reply_msg r;
	struct frame	 f;
	int		 fds[2] = { v->fd, v->bundle };
	char		 line[64];

	encode(&f, v, 0, 0, 1);
	if (send_frame(&f, fds, 2) == -1 || wait_reply(f.id, &r) == -1)
		fatalx("adversary: init hung up");
	snprintf(line, sizeof(line), "ok %d\n", (int)r.pid);
	say(v->fd, line);
	kept.fd = dup(v->fd);
	kept.id = f.id;
}

/* This client's command with the stashed client's fds. */
static void
swap_bundle(struct victim *v)
{
	struct reply_msg r;
	struct frame	 f;
	int		 fds[2] = { v->fd, kept.bundle };
	char		 line[128], why[64];

	encode(&f, v, 0, 0, 1);
	if (send_frame(&f, fds, 2) == -1 || wait_reply(f.id, &r) == -1)
		fatalx("adversary: init hung up");
	snprintf(line, sizeof(line), "%s\n", r.type == MSG_SPAWNED ? "ran" :
	    proto_refusal(r.code, r.error, why, sizeof(why)));
	say(v->fd, line);
}

/* USR1 for the held client's command, on this client's connection. */
static void
signal_held(struct victim *v)
{
	unsigned char	 buf[PROTO_REPLY_LEN];
	struct frame	 f;
	ssize_t		 n;

	if ((n = proto_encode_signal(buf, sizeof(buf), kept.id,
	    SIGUSR1)) == -1)
		fatalx("adversary: signal");
	memcpy(f.buf, buf, n);
	f.len = n;
	(void)send_frame(&f, &v->fd, 1);
}

/* A frame of n bytes from buf, carrying the held client's connection. */
static void
on_held(const unsigned char *buf, ssize_t n)
{
	struct frame	 f;

	if (n <= 0)
		fatalx("adversary: encode");
	memcpy(f.buf, buf, n);
	f.len = n;
	(void)send_frame(&f, &kept.fd, 1);
}

/* A listing's later page, then its first, on the held root connection. */
static void
status_held(struct victim *v)
{
	unsigned char	 buf[PROTO_STATUS_LEN];

	(void)v;
	on_held(buf, proto_encode_status(buf, sizeof(buf), next_id++,
	    PROTO_PAGE_MAX, STATUS_SUBS, 0));
}

static void
status_first_held(struct victim *v)
{
	unsigned char	 buf[PROTO_STATUS_LEN];

	(void)v;
	on_held(buf, proto_encode_status(buf, sizeof(buf), next_id++,
	    PROTO_PAGE_MAX, STATUS_CMDS, 0));
}

/* -kill of the held command, on its own root connection. */
static void
kill_held(struct victim *v)
{
	unsigned char	 buf[PROTO_CONTROL_LEN];

	(void)v;
	on_held(buf, proto_encode_control(buf, sizeof(buf), next_id++,
	    CTL_KILL, 0, 1));
}

static const struct {
	const char	*name;
	void		(*fn)(struct victim *);
} attacks[] = {
	{ "status-held",	status_held },
	{ "status-first-held",	status_first_held },
	{ "kill-held",		kill_held },
	{ "swap-bundle",	swap_bundle },
	{ "signal-held",	signal_held },
	{ "forge-listen",	forge_listen },
	{ "forge-pair",		forge_pair },
	{ "forge-sent",		forge_sent },
	{ "exit-unfit",		exit_unfit },
	{ "replay",		replay },
	{ "replay-held",	replay_held },
	{ "late-second",	late_second },
	{ "second-after-close",	second_after_close },
	{ "seq-gap",		seq_gap },
	{ "no-fd",		no_fd },
	{ "two-fds",		two_fds },
	{ "many-fds",		many_fds },
	{ "empty",		empty },
	{ "empty-with-fd",	empty_with_fd },
	{ "bad-version",	bad_version },
	{ "bad-length",		bad_length },
	{ "oversize",		oversize },
	{ "export-listen",	export_listen },
	{ "export-renumbered",	export_renumbered },
	{ "shutdown-listen",	shutdown_listen },
	{ "recv-fd",		recv_fd },
	{ "read-fds",		read_fds },
	{ "nonblock-fds",	nonblock_fds },
	{ "forge-log",		forge_log },
	{ "flood-log",		flood_log },
	{ "flood",		flood_spawns },
	{ "flood-garbage",	flood_garbage },
};

static int
accept_client(void)
{
	struct pollfd	 pfd = { LISTEN_FD, POLLIN, 0 };
	int		 fd;

	for (;;) {
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			fatal("adversary: poll");
		if ((fd = accept4(LISTEN_FD, NULL, NULL, SOCK_CLOEXEC)) != -1)
			return fd;
		if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
			fatal("adversary: accept");
	}
}

/*
 * The line up to its newline, which is kept, and the bundle that came
 * with it, if any; -1 if no line came.
 */
static ssize_t
read_line(struct victim *v, char *buf, size_t size)
{
	size_t	 len = 0;
	ssize_t	 n;
	int	 fds[FDPASS_MAX], nfds, i;

	while (len < size && memchr(buf, '\n', len) == NULL) {
		while ((n = fd_recv(v->fd, buf + len, size - len, fds,
		    FDPASS_MAX, &nfds)) == -1 && errno == EAGAIN)
			(void)poll(&(struct pollfd){ v->fd, POLLIN, 0 }, 1, -1);
		if (n <= 0)
			return -1;
		for (i = 0; i < nfds; i++) {
			if (v->bundle == -1)
				v->bundle = fds[i];
			else
				close(fds[i]);
		}
		len += n;
	}
	return memchr(buf, '\n', len) == NULL ? -1 : (ssize_t)len;
}

/*
 * The attack the line names ("" for none) and, after it, the request,
 * which request_parse takes; NULL if there is no request.
 */
static const char *
split_line(char *buf, size_t len, char **req, size_t *reqlen)
{
	char	*sp;

	*req = buf;
	*reqlen = len;
	if (strncmp(buf, "-r", 2) == 0)
		return "";
	if ((sp = memchr(buf, ' ', len)) == NULL)
		return NULL;
	*sp = '\0';
	*req = sp + 1;
	*reqlen = len - (*req - buf);
	return buf;
}

/* One client: an attack (then death), or an honest answer. */
static void
take(int fd)
{
	static struct victim	 v;
	char			 buf[REQ_LINE_MAX + 64], *req;
	const char		*name;
	ssize_t			 len;
	size_t			 reqlen, i;

	v.fd = fd;
	v.bundle = -1;
	if ((len = read_line(&v, buf, sizeof(buf))) == -1)
		return;
	if ((name = split_line(buf, len, &req, &reqlen)) == NULL ||
	    request_parse(&v.req, req, reqlen, 1) != REQ_DONE) {
		say(fd, "error adversary: bad request\n");
		return;
	}
	if (*name == '\0') {
		serve(&v);
		return;
	}
	if (strcmp(name, "stash") == 0 || strcmp(name, "held") == 0) {
		log_info("adversary: %s", name);
		(*name == 's' ? stash : held)(&v);
		return;
	}
	for (i = 0; i < nitems(attacks) && strcmp(name, attacks[i].name); i++)
		;
	if (i == nitems(attacks)) {
		say(fd, "error adversary: no such attack\n");
		return;
	}
	log_info("adversary: attack %s", name);
	attacks[i].fn(&v);
	log_info("adversary: attack %s done", name);
	wait_death();
}

int
sockd_main(int argc, char **argv)
{
	struct sandbox	 sb;
	sigset_t	 none;
	int		 fd;

	log_init("sockd");
	(void)prctl(PR_SET_NAME, PROTO_SOCKD_ARGV0);
	setproctitle("-dinit: sockd");
	sandbox_args(&sb, argc, argv);
	sb.maxfds = SOCKD_NOFILE;
	sandbox_enter(&sb);
	/* init's signals were blocked for the sandbox; TERM ends it now. */
	sigemptyset(&none);
	if (sigprocmask(SIG_SETMASK, &none, NULL) == -1)
		fatal("sigprocmask");
	for (;;) {
		fd = accept_client();
		take(fd);
		close(fd);
	}
}
