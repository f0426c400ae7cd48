/*
 * A submission as init sees it: argv from sockd, which is not trusted,
 * and an identity from the kernel, which is.  The command runs as the
 * peer that connected, never with more than it had.  Each stage is a
 * file of its own; this one calls them in order and answers.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/privdrop.h"
#include "common/proto.h"
#include "init/admit.h"
#include "init/chan.h"
#include "init/claim.h"
#include "init/child.h"
#include "init/opts.h"
#include "init/peer.h"
#include "init/reap.h"
#include "init/spawn.h"
#include "init/submit.h"

static char *minimal_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	NULL
};

static const struct listener	*listener;
static struct child	*pending[SUBMIT_PENDING_MAX];
static int		 npending;

static void
refuse(const struct frame *f, const char *who, uint32_t code, int error)
{
	char	 desc[DESC_MAX], why[128];

	log_argv(desc, sizeof(desc), f->m.argv);
	log_warnx("refused %s (submitted by %s): %s", desc, who,
	    proto_refusal(code, error, why, sizeof(why)));
	chan_reply(f->gen, f->m.id, 0, code, error);
}

/* Start the command as the peer; the exec result comes later. */
static void
run(const struct config *conf, const struct frame *f, const struct peer *p)
{
	struct ids	 ids = { p->cred.uid, p->cred.gid, p->ngroups,
			    p->groups };
	struct spawn	 sp;
	struct child	*c;
	pid_t		 pid;
	int		 fd;

	memset(&sp, 0, sizeof(sp));
	sp.argv = f->m.argv;
	sp.envp = p->cred.uid == 0 || conf->submit_env_inherit ?
	    NULL : minimal_env;
	sp.ids = geteuid() == 0 ? &ids : NULL;
	sp.nullstdin = 1;
	if ((pid = spawn(&sp, &fd)) == -1) {
		refuse(f, p->who, REFUSE_EXEC, errno);
		return;
	}
	if ((c = child_add(pid, ROLE_SUBMIT, f->m.argv)) == NULL) {
		/* Paranoia: it is reaped as an orphan. */
		kill(pid, SIGKILL);
		close(fd);
		refuse(f, p->who, REFUSE_LIMIT, ENOMEM);
		return;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	c->execfd = fd;
	c->id = f->m.id;
	c->gen = f->gen;
	strlcpy(c->who, p->who, sizeof(c->who));
	pending[npending++] = c;
}

/* The listening socket every client's connection must come from. */
void
submit_init(const struct listener *l)
{
	listener = l;
}

int
submit_take(const struct config *conf, int accepting, struct frame *f)
{
	struct peer	 p;
	int		 r, e, code;

	r = peer_check(f->fd, listener, &p);
	e = errno;
	if (r == 0 && claim(f->fd, f->m.seq, f->m.count) == -1)
		r = PEER_USED;
	close(f->fd);
	f->fd = -1;
	if (r == PEER_NOT_CLIENT || r == PEER_USED) {
		f->why = r == PEER_USED ? "connection used before" :
		    "fd is not a client connection";
		return -1;
	}
	if (r == PEER_NO_CRED)
		refuse(f, "unknown peer", REFUSE_CRED, e);
	else if ((code = admit(conf, accepting, &p,
	    npending == SUBMIT_PENDING_MAX)) != 0)
		refuse(f, p.who, code, 0);
	else
		run(conf, f, &p);
	return 0;
}

int
submit_pollfds(struct pollfd *pfd, int max)
{
	int	 i;

	for (i = 0; i < npending && i < max; i++) {
		pfd[i].fd = pending[i]->execfd;
		pfd[i].events = POLLIN;
	}
	return i;
}

/* exec succeeded (e == 0) or failed: log it once and answer sockd. */
static void
finish(struct child *c, int e)
{
	int	 i;

	for (i = 0; i < npending && pending[i] != c; i++)
		;
	if (i < npending)
		pending[i] = pending[--npending];
	c->execfd = -1;
	if (e == 0) {
		c->started = 1;
		log_info("pid %d started: %s (submitted by %s)", c->pid,
		    c->desc, c->who);
		chan_reply(c->gen, c->id, c->pid, 0, 0);
	} else {
		log_warnx("cannot run %s (submitted by %s): %s", c->desc,
		    c->who, strerror(e));
		chan_reply(c->gen, c->id, 0, REFUSE_EXEC, e);
	}
}

void
submit_events(const struct pollfd *pfd, int n)
{
	int	 i, j, e;

	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		for (j = 0; j < npending && pending[j]->execfd != pfd[i].fd;
		    j++)
			;
		if (j < npending && (e = spawn_result(pfd[i].fd)) != -1)
			finish(pending[j], e);
	}
}

void
submit_exited(struct child *c, int st)
{
	int	 e;

	if (c->execfd != -1) {
		/* Dead, so the pipe holds its answer: never -1 here. */
		if ((e = spawn_result(c->execfd)) == -1) {
			close(c->execfd);
			e = EIO;
		}
		finish(c, e);
	}
	if (c->started)
		log_exit(c, st);
}
