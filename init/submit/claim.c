/*
 * A compromised sockd could keep a root client's connection and start
 * commands on it later, as root; "still connected" cannot be the rule,
 * since the original client closes right after sending.  So init marks
 * the socket itself when a request's first command arrives: it sets
 * SO_PASSCRED on the server end, which a fresh accepted socket never has
 * and sockd cannot clear or set (its seccomp filter has no setsockopt).
 * The mark lives as long as the socket, whoever holds it.  The commands
 * of that request must then follow at once, in order: each within
 * CLAIM_MS of the first, and while a client that was there for the
 * first is still there (a client may leave before its request is taken,
 * as the original did, but not during it); otherwise that command and
 * the rest of its request are refused.  Any other SPAWN carrying the
 * socket is a lie of sockd's.  A listing (dinit -status) comes in pages
 * on one connection: its first claims it, and marks it again with a
 * peek offset (SO_PEEK_OFF, which nothing else here sets and sockd
 * cannot), so that a connection kept from another request (a root
 * -wait client's, still open) never reads a listing.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <poll.h>
#include <time.h>

#define STATUS_MARK	0x5354	/* the peek offset of a listing's connection */

#include "common/clock.h"
#include "init/submit/claim.h"

static struct {
	int		 open;		/* a request is under way */
	dev_t		 dev;		/* on this socket */
	ino_t		 ino;
	int		 next;		/* the seq expected */
	int		 count;
	int		 there;		/* its client was, at the first */
	struct timespec	 by;		/* the rest must come before */
	enum claim_check refused;	/* the rest of it, if not CLAIM_OK */
} cur;

/* Whether the client has closed its end (a half-close is still there). */
static int
client_there(int fd)
{
	struct pollfd	 pfd = { .fd = fd, .events = 0 };

	return poll(&pfd, 1, 0) == 0;
}

static int
marked(int fd)
{
	socklen_t	 len = sizeof(int);
	int		 v = 1;

	/* Paranoia: an answer the kernel cannot give counts as marked. */
	if (getsockopt(fd, SOL_SOCKET, SO_PASSCRED, &v, &len) == -1 ||
	    len != sizeof(int))
		return 1;
	return v != 0;
}

static int
mark(int fd)
{
	int	 one = 1;

	return setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
}

enum claim_check
claim(int fd, int seq, int count)
{
	struct stat	 st;

	if (fstat(fd, &st) == -1)
		return CLAIM_USED;
	if (seq == 0) {
		if (marked(fd) || mark(fd) == -1)
			return CLAIM_USED;
		cur.open = 1;
		cur.refused = CLAIM_OK;
		cur.dev = st.st_dev;
		cur.ino = st.st_ino;
		cur.next = 0;
		cur.count = count;
		cur.there = client_there(fd);
		ts_now(&cur.by);
		ts_add_ms(&cur.by, CLAIM_MS);
	} else if (!cur.open || cur.dev != st.st_dev || cur.ino != st.st_ino ||
	    cur.next != seq || cur.count != count)
		return CLAIM_USED;
	else if (cur.refused != CLAIM_OK)
		;
	else if (ts_left_ms(&cur.by) == 0)
		cur.refused = CLAIM_LATE;
	else if (cur.there && !client_there(fd))
		cur.refused = CLAIM_GONE;
	if (++cur.next == cur.count)
		cur.open = 0;
	return cur.refused;
}

static int
status_marked(int fd)
{
	socklen_t	 len = sizeof(int);
	int		 v = -1;

	return getsockopt(fd, SOL_SOCKET, SO_PEEK_OFF, &v, &len) == 0 &&
	    len == sizeof(int) && v == STATUS_MARK;
}

enum claim_check
claim_status(int fd, int first)
{
	int	 mark = STATUS_MARK;

	if (!first)
		return marked(fd) && status_marked(fd) && client_there(fd) ?
		    CLAIM_OK : CLAIM_USED;
	if (claim(fd, 0, 1) != CLAIM_OK || setsockopt(fd, SOL_SOCKET,
	    SO_PEEK_OFF, &mark, sizeof(mark)) == -1)
		return CLAIM_USED;
	return CLAIM_OK;
}
