#include <sys/types.h>
#include <sys/tree.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/clock.h"
#include "common/log.h"
#include "init/proc/child.h"

RB_HEAD(childtree, child);

static struct childtree	 children = RB_INITIALIZER(&children);

static int
child_cmp(struct child *a, struct child *b)
{
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

RB_PROTOTYPE(childtree, child, entry, child_cmp);
RB_GENERATE(childtree, child, entry, child_cmp);

/*
 * argv's words as they are, as many whole ones as fit a RECORD frame
 * (the first cut short if it alone does not), and when it started.
 */
static void
keep(struct child *c, char *const argv[])
{
	struct timespec	 ts;
	size_t		 n = 0, k;

	clock_gettime(CLOCK_REALTIME, &ts);
	c->wall_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	for (c->argc = 0; argv[c->argc] != NULL; c->argc++) {
		k = strlen(argv[c->argc]) + 1;
		if (c->argc == PROTO_ARGC_MAX || n + k > sizeof(c->argv)) {
			c->cut = 1;
			break;
		}
		memcpy(c->argv + n, argv[c->argc], k);
		n += k;
	}
	if (c->argc == 0) {
		strlcpy(c->argv, argv[0] != NULL ? argv[0] : "?",
		    sizeof(c->argv));
		c->argc = 1;
	}
}

struct child *
child_add(pid_t pid, enum role role, char *const argv[])
{
	struct child	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if (log_keepjson(&c->jdesc, argv) == -1) {
		free(c);
		return NULL;
	}
	c->pid = pid;
	c->role = role;
	c->started = now_ms();
	log_keepargv(c->desc, argv);
	keep(c, argv);
	RB_INSERT(childtree, &children, c);
	return c;
}

struct child *
child_find(pid_t pid)
{
	struct child	 key;

	key.pid = pid;
	return RB_FIND(childtree, &children, &key);
}

void
child_del(struct child *c)
{
	RB_REMOVE(childtree, &children, c);
	free(c->jdesc);
	free(c);
}

struct child *
child_first(void)
{
	return RB_MIN(childtree, &children);
}

struct child *
child_next(struct child *c)
{
	return RB_NEXT(childtree, &children, c);
}

/* The role's name in the log's JSON. */
const char *
child_role(enum role role)
{
	static const char *const names[] = {
		[ROLE_CMD] = "command",
		[ROLE_SUBMIT] = "submitted",
		[ROLE_HOOK] = "hook",
		[ROLE_SOCKD] = "sockd",
	};

	return names[role];
}

/* The argv kept for -status into v, NULL-terminated; its count. */
int
child_argv(struct child *c, char *v[PROTO_ARGC_MAX + 1])
{
	char	*p = c->argv;
	int	 i;

	for (i = 0; i < c->argc; i++, p += strlen(p) + 1)
		v[i] = p;
	v[i] = NULL;
	return i;
}
