/*
 * sockd's keeper.  Nothing sockd sends is trusted: a frame that breaks
 * any rule of the wire protocol means sockd is compromised or broken, so
 * it is killed and, after a backoff, replaced.  init never exits over it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "init.h"
#include "log.h"
#include "peer.h"
#include "proto.h"
#include "sandbox.h"
#include "sockd.h"
#include "submit.h"
#include "supervise.h"

#define BACKOFF_MIN_MS	100
#define BACKOFF_MAX_MS	30000
#define STABLE_MS	10000	/* a sockd that lived this long resets backoff */

static pid_t		 sockd_pid = -1;
static int		 pairfd = -1;
static uint32_t		 gen;
static int		 stopped;
static int		 restart_pending;
static int		 backoff_ms;
static struct timespec	 restart_at;
static struct timespec	 stable_at;

static char *const sockd_argv[] = { "sockd", NULL };

void
supervise_start(struct init *in)
{
	struct sandbox	 sb;
	int		 sv[2];
	pid_t		 pid;

	restart_pending = 0;
	if (in->listenfd == -1 || stopped)
		return;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("socketpair");
		goto retry;
	}
	switch (pid = fork()) {
	case -1:
		log_warn("fork sockd");
		close(sv[0]);
		close(sv[1]);
		goto retry;
	case 0:
		close(sv[0]);
		sb.uid = geteuid() == 0 ? in->conf->user_uid : geteuid();
		sb.gid = geteuid() == 0 ? in->conf->user_gid : getegid();
		sb.maxfds = SOCKD_CONN_MAX + 8;
		sockd_main(in->listenfd, sv[1], &sb);
	}
	close(sv[1]);
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) == -1)
		log_warn("fcntl");
	pairfd = sv[0];
	sockd_pid = pid;
	gen++;
	ts_now(&stable_at);
	ts_add_ms(&stable_at, STABLE_MS);
	if (child_add(pid, ROLE_SOCKD, sockd_argv) == NULL)
		log_warn("child table");
	return;
retry:
	restart_pending = 1;
	ts_now(&restart_at);
	ts_add_ms(&restart_at, BACKOFF_MAX_MS);
}

void
supervise_stop(void)
{
	stopped = 1;
	restart_pending = 0;
}

int
supervise_pollfd(struct pollfd *pfd)
{
	if (pairfd == -1)
		return 0;
	pfd->fd = pairfd;
	pfd->events = POLLIN;
	return 1;
}

/* sockd broke the protocol: say what it sent, kill it, replace it later. */
static void
distrust(const char *why, const void *buf, size_t len)
{
	char	 excerpt[4 * 64 + 1];

	log_escape(excerpt, sizeof(excerpt), buf, len < 64 ? len : 64);
	log_warnx("sockd pid %d sent a bad frame (%s): \"%s\"; killing it",
	    (int)sockd_pid, why, excerpt);
	if (sockd_pid != -1)
		kill(sockd_pid, SIGKILL);
	close(pairfd);
	pairfd = -1;
}

/* The one fd a SPAWN frame carries, or -1; any other fd is closed. */
static int
take_fd(struct msghdr *msg)
{
	struct cmsghdr	*cm;
	int		 fd = -1, n, i, fds[16];
	size_t		 len;

	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS)
			continue;
		len = cm->cmsg_len - CMSG_LEN(0);
		n = len / sizeof(int);
		if (n > 16)
			n = 16;
		memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
		for (i = 0; i < n; i++) {
			if (fd == -1 && n == 1)
				fd = fds[i];
			else
				close(fds[i]);
		}
	}
	return fd;
}

/* One frame; -1 when sockd is no longer trusted. */
static int
read_frame(struct init *in)
{
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) * 16)];
	} cmsg;
	static struct spawn_msg	 m;
	unsigned char		 buf[PROTO_FRAME_MAX + 1];
	struct iovec		 iov = { buf, sizeof(buf) };
	struct msghdr		 msg;
	enum proto_err		 e = PROTO_OK;
	const char		*why = NULL;
	ssize_t			 n;
	int			 fd;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsg.buf;
	msg.msg_controllen = sizeof(cmsg.buf);
	if ((n = recvmsg(pairfd, &msg, MSG_CMSG_CLOEXEC)) == -1)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0)
		return -1;
	fd = take_fd(&msg);
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		e = PROTO_ELEN;
	else
		e = proto_decode_spawn(buf, n, &m);
	if (e != PROTO_OK)
		why = proto_strerror(e);
	else if (fd == -1)
		why = "no fd";
	else if (!peer_is_client(fd, in->conf->socket))
		why = "fd is not a client connection";
	if (why != NULL) {
		if (fd != -1)
			close(fd);
		distrust(why, buf, n);
		return -1;
	}
	submit_spawn(in, &m, fd, gen);
	return 1;
}

void
supervise_event(struct init *in, short revents)
{
	int	 i, r = 0;

	if (pairfd == -1)
		return;		/* sockd was reaped since the poll */
	/* Bounded, so a flood from sockd cannot starve the signals. */
	for (i = 0; i < 64 && (r = read_frame(in)) == 1; i++)
		;
	if (r == -1 && pairfd != -1) {
		close(pairfd);
		pairfd = -1;
	} else if (r == 0 && (revents & (POLLHUP | POLLERR)) &&
	    !(revents & POLLIN)) {
		close(pairfd);
		pairfd = -1;
	}
}

void
supervise_exited(struct init *in, struct child *c, int st)
{
	(void)in;
	if (stopped && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)
		;	/* shutdown's TERM: nothing to report */
	else if (WIFSIGNALED(st))
		log_warnx("sockd pid %d killed by SIG%s", c->pid,
		    signame(WTERMSIG(st)));
	else
		log_warnx("sockd pid %d exited with status %d", c->pid,
		    WEXITSTATUS(st));
	if (pairfd != -1) {
		close(pairfd);
		pairfd = -1;
	}
	sockd_pid = -1;
	if (stopped)
		return;
	if (ts_left_ms(&stable_at) == 0)
		backoff_ms = BACKOFF_MIN_MS;
	else if ((backoff_ms *= 2) < BACKOFF_MIN_MS)
		backoff_ms = BACKOFF_MIN_MS;
	else if (backoff_ms > BACKOFF_MAX_MS)
		backoff_ms = BACKOFF_MAX_MS;
	log_info("restarting sockd in %d ms", backoff_ms);
	restart_pending = 1;
	ts_now(&restart_at);
	ts_add_ms(&restart_at, backoff_ms);
}

int
supervise_timeout(void)
{
	return restart_pending ? ts_left_ms(&restart_at) : -1;
}

void
supervise_timer(struct init *in)
{
	if (restart_pending && ts_left_ms(&restart_at) == 0)
		supervise_start(in);
}

/*
 * Answer a SPAWN of the sockd generation that sent it: SPAWNED if pid is
 * positive, REFUSED otherwise.  Never blocks: a reply sockd cannot take
 * is dropped and the client times out.
 */
void
supervise_reply(uint32_t g, uint32_t id, pid_t pid, uint32_t code, int error)
{
	unsigned char	 buf[PROTO_REPLY_LEN];
	ssize_t		 n;

	if (g != gen || pairfd == -1)
		return;
	if (pid > 0)
		n = proto_encode_spawned(buf, sizeof(buf), id, pid);
	else
		n = proto_encode_refused(buf, sizeof(buf), id, code, error);
	if (n > 0 && send(pairfd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT) == -1)
		log_warn("reply to sockd");
}
