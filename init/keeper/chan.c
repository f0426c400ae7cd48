/*
 * init's end of the socket pair.  Nothing that arrives is trusted: every
 * frame is decoded by the pure codec, and every fd that comes with a
 * frame init does not accept is closed at once.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "common/fdpass.h"
#include "common/log.h"
#include "common/proto.h"
#include "init/keeper/chan.h"

static int		 pairfd = -1;
static uint32_t		 gen;

/* A new generation's channel; the old one, if any, is closed. */
void
chan_open(int fd)
{
	chan_close();
	if (fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
		log_warn("fcntl");
	pairfd = fd;
	gen++;
}

void
chan_close(void)
{
	if (pairfd != -1)
		close(pairfd);
	pairfd = -1;
}

int
chan_pollfd(struct pollfd *pfd, int max)
{
	if (pairfd == -1 || max < 1)
		return 0;
	pfd->fd = pairfd;
	pfd->events = POLLIN;
	return 1;
}

static enum chan_event
bad(struct frame *f, const char *why, int *fds, int nfds)
{
	int	 i;

	for (i = 0; i < nfds; i++)
		close(fds[i]);
	f->why = why;
	return CHAN_BAD;
}

/*
 * A record of no bytes reads as the end does: it is the end only if
 * sockd has hung up, and otherwise a frame too short to be one.
 */
static int
hung_up(void)
{
	struct pollfd	 pfd = { pairfd, POLLRDHUP, 0 };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLRDHUP));
}

/* A SIGNAL, STATUS or CONTROL, with the one fd it must carry. */
static enum chan_event
one_fd_frame(struct frame *f, int *fds, int nfds)
{
	enum chan_event	 ev;
	enum proto_err	 e;

	switch (proto_type(f->raw, f->len)) {
	case MSG_STATUS:
		e = proto_decode_status(f->raw, f->len, &f->st);
		ev = CHAN_STATUS;
		break;
	case MSG_CONTROL:
		e = proto_decode_control(f->raw, f->len, &f->ctl);
		ev = CHAN_CONTROL;
		break;
	default:
		e = proto_decode_signal(f->raw, f->len, &f->sig);
		ev = CHAN_SIGNAL;
		break;
	}
	if (e != PROTO_OK)
		return bad(f, proto_strerror(e), fds, nfds);
	if (nfds != 1)
		return bad(f, nfds == 0 ? "no fd" : "more than one fd", fds,
		    nfds);
	f->fd = fds[0];
	return ev;
}

/* One frame, if there is one. */
enum chan_event
chan_read(struct frame *f)
{
	enum proto_err	 e;
	ssize_t		 n;
	int		 fds[FDPASS_MAX], nfds, want;

	f->len = 0;
	f->fd = -1;
	f->bundle = -1;
	f->gen = gen;
	if (pairfd == -1)
		return CHAN_CLOSED;
	n = fd_recv(pairfd, f->raw, sizeof(f->raw), fds, FDPASS_MAX, &nfds);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return CHAN_NONE;
	if (n == -1 && (errno == EMSGSIZE || errno == EBADMSG))
		return bad(f, errno == EMSGSIZE ? "too long or too many fds" :
		    "foreign control data", fds, 0);
	if (n == -1)
		return CHAN_CLOSED;
	f->len = n;
	if (n == 0 && nfds == 0 && hung_up())
		return CHAN_CLOSED;
	e = proto_decode_spawn(f->raw, n, &f->m);
	if (e == PROTO_ETYPE)
		return one_fd_frame(f, fds, nfds);
	if (e != PROTO_OK)
		return bad(f, proto_strerror(e), fds, nfds);
	want = f->m.as.flags & SPAWN_WAIT ? 2 : 1;
	if (nfds != want)
		return bad(f, nfds == 0 ? "no fd" : nfds < want ?
		    "one fd, not two" : want == 1 ? "more than one fd" :
		    "more than two fds", fds, nfds);
	f->fd = fds[0];
	f->bundle = want == 2 ? fds[1] : -1;
	return CHAN_SPAWN;
}

/*
 * A frame to the sockd of generation g, if it is still the one.  Never
 * blocks: a frame sockd cannot take is dropped, and its client times out.
 */
static void
tell(uint32_t g, const unsigned char *buf, ssize_t n)
{
	if (g == gen && pairfd != -1 && n > 0 &&
	    send(pairfd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT) == -1)
		log_warn("frame to sockd");
}

/* Answer a SPAWN: SPAWNED if pid is positive, REFUSED otherwise. */
void
chan_reply(uint32_t g, uint32_t id, pid_t pid, uint32_t code, int error)
{
	unsigned char	 buf[PROTO_REPLY_LEN];

	tell(g, buf, pid > 0 ?
	    proto_encode_spawned(buf, sizeof(buf), id, pid) :
	    proto_encode_refused(buf, sizeof(buf), id, code, error));
}

/* How an attached command ended: its wait status, or by its time limit. */
void
chan_end(uint32_t g, uint32_t id, int st, int limited)
{
	unsigned char	 buf[PROTO_REPLY_LEN];

	tell(g, buf, limited ?
	    proto_encode_end(buf, sizeof(buf), id, END_LIMIT, 0) :
	    WIFSIGNALED(st) ?
	    proto_encode_end(buf, sizeof(buf), id, END_SIGNAL, WTERMSIG(st)) :
	    proto_encode_end(buf, sizeof(buf), id, END_EXIT, WEXITSTATUS(st)));
}

/*
 * Whether the channel holds less than half of what it may: a page of the
 * listing stops there, so that its DONE, and every other client's
 * answer, always finds room.
 */
static int
roomy(void)
{
	socklen_t	 len = sizeof(int);
	int		 queued, size;

	return ioctl(pairfd, SIOCOUTQ, &queued) == 0 &&
	    getsockopt(pairfd, SOL_SOCKET, SO_SNDBUF, &size, &len) == 0 &&
	    queued < size / 2;
}

/* One thing running, for a STATUS page; -1 if it is not sent now. */
int
chan_record(uint32_t g, const struct record_msg *r, char *const argv[])
{
	unsigned char	 buf[PROTO_RECORD_MAX];
	size_t		 n;

	if (proto_encode_record(buf, sizeof(buf), r, argv, &n) != PROTO_OK ||
	    g != gen || pairfd == -1 || !roomy())
		return -1;
	return send(pairfd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT) == -1 ? -1 : 0;
}

/* A STATUS page's end, or a CONTROL's answer. */
void
chan_done(uint32_t g, const struct done_msg *d)
{
	unsigned char	 buf[PROTO_DONE_LEN];

	tell(g, buf, proto_encode_done(buf, sizeof(buf), d));
}
