/*
 * A submission as init sees it: argv from sockd, which is not trusted,
 * and an identity from the kernel, which is.  The command runs as the
 * peer that connected, never with more than it had.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init.h"
#include "log.h"
#include "peer.h"
#include "proto.h"
#include "spawn.h"
#include "submit.h"
#include "supervise.h"

static char *minimal_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	NULL
};

static struct child	*pending[SUBMIT_PENDING_MAX];
static int		 npending;

static void
refuse(const struct spawn_msg *m, const char *who, uint32_t gen,
    uint32_t code, int error)
{
	char	 desc[DESC_MAX], why[128];

	log_argv(desc, sizeof(desc), m->argv);
	log_warnx("refused %s (submitted by %s): %s", desc, who,
	    proto_refusal(code, error, why, sizeof(why)));
	supervise_reply(gen, m->id, 0, code, error);
}

/* A token bucket holding one second's worth of -submit-rate. */
static int
rate_ok(int rate)
{
	static struct timespec	 last;
	static double		 tokens = -1;
	struct timespec		 now;

	if (rate == 0)
		return 1;
	ts_now(&now);
	if (tokens < 0)
		tokens = rate;
	tokens += ((now.tv_sec - last.tv_sec) +
	    (now.tv_nsec - last.tv_nsec) / 1e9) * rate;
	if (tokens > rate)
		tokens = rate;
	last = now;
	if (tokens < 1)
		return 0;
	tokens -= 1;
	return 1;
}

static int
admit(struct init *in, const struct peer *p)
{
	/* Not root: we cannot run anything as anyone else. */
	if (geteuid() != 0 && p->cred.uid != geteuid())
		return REFUSE_POLICY;
	if (in->phase != PH_RUN)
		return REFUSE_SHUTDOWN;
	if (child_count(ROLE_SUBMIT) >= in->conf->submit_max)
		return REFUSE_LIMIT;
	if (npending == SUBMIT_PENDING_MAX)
		return REFUSE_BUSY;
	if (!rate_ok(in->conf->submit_rate))
		return REFUSE_RATE;
	return 0;
}

void
submit_spawn(struct init *in, const struct spawn_msg *m, int clientfd,
    uint32_t gen)
{
	struct peer	 p;
	struct spawn	 sp;
	struct child	*c;
	pid_t		 pid;
	int		 fd, code;

	if (peer_read(clientfd, &p) == -1) {
		close(clientfd);
		refuse(m, "unknown peer", gen, REFUSE_CRED, errno);
		return;
	}
	close(clientfd);
	if ((code = admit(in, &p)) != 0) {
		refuse(m, p.who, gen, code, 0);
		return;
	}
	memset(&sp, 0, sizeof(sp));
	sp.argv = m->argv;
	sp.envp = p.cred.uid == 0 || in->conf->submit_env_inherit ?
	    NULL : minimal_env;
	sp.setid = geteuid() == 0;
	sp.uid = p.cred.uid;
	sp.gid = p.cred.gid;
	sp.ngroups = p.ngroups;
	sp.groups = p.groups;
	sp.nullstdin = 1;
	if ((pid = spawn(&sp, &fd)) == -1) {
		refuse(m, p.who, gen, REFUSE_EXEC, errno);
		return;
	}
	if ((c = child_add(pid, ROLE_SUBMIT, m->argv)) == NULL) {
		/* Paranoia: it is reaped as an orphan. */
		kill(pid, SIGKILL);
		close(fd);
		refuse(m, p.who, gen, REFUSE_LIMIT, ENOMEM);
		return;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	c->execfd = fd;
	c->id = m->id;
	c->gen = gen;
	strlcpy(c->who, p.who, sizeof(c->who));
	pending[npending++] = c;
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
		supervise_reply(c->gen, c->id, c->pid, 0, 0);
	} else {
		log_warnx("cannot run %s (submitted by %s): %s", c->desc,
		    c->who, strerror(e));
		supervise_reply(c->gen, c->id, 0, REFUSE_EXEC, e);
	}
}

void
submit_events(struct init *in, const struct pollfd *pfd, int n)
{
	int	 i, j, e;

	(void)in;
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
submit_exited(struct init *in, struct child *c, int st)
{
	int	 e;

	(void)in;
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
