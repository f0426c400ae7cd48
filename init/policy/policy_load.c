/*
 * The rules file, read once at start: trusted configuration, like
 * doas.conf, so it must be a regular file owned by root (or by dinit's
 * own uid) that no one else may write.  Its names are looked up here,
 * before anything runs, and never again.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/users.h"
#include "init/policy/policy.h"

/* The groups of a named target, shared by the rules that name it. */
static const char *
target_groups(struct policy *pol, int k, const struct user *u)
{
	struct policy_rule	*r = &pol->rule[k];
	int			 i;

	for (i = 0; i < k; i++)
		if (pol->rule[i].target.name != NULL &&
		    strcmp(pol->rule[i].target.name, r->target.name) == 0) {
			r->groups = pol->rule[i].groups;
			r->ngroups = pol->rule[i].ngroups;
			return NULL;
		}
	if (u->ngroups > POLICY_GIDS_MAX - pol->ngids)
		return "too many groups in the targets";
	r->groups = pol->gids + pol->ngids;
	r->ngroups = u->ngroups;
	memcpy(pol->gids + pol->ngids, u->groups,
	    u->ngroups * sizeof(u->groups[0]));
	pol->ngids += u->ngroups;
	return NULL;
}

/* The identity's and the target's names, if they are names. */
static const char *
resolve_rule(struct policy *pol, int k)
{
	static struct user	 u;
	struct policy_rule	*r = &pol->rule[k];
	const char		*why;

	if (r->who.name != NULL && r->group &&
	    users_gid(r->who.name, &r->who.id) == -1)
		return "no such group";
	if (r->who.name != NULL && !r->group &&
	    users_uid(r->who.name, &r->who.id) == -1)
		return "no such user";
	if (r->target.name == NULL)
		return NULL;
	if ((why = users_get(r->target.name, &u)) != NULL)
		return why;
	r->target.id = u.uid;
	r->target_gid = u.gid;
	return target_groups(pol, k, &u);
}

const char *
policy_resolve(struct policy *pol)
{
	const char	*why;
	int		 k;

	pol->ngids = 0;
	pol->line = 0;
	for (k = 0; k < pol->nrules; k++)
		if ((why = resolve_rule(pol, k)) != NULL) {
			pol->line = pol->rule[k].line;
			return why;
		}
	return NULL;
}

/* Why the file at fd may not be trusted, or NULL. */
static const char *
untrusted(int fd, char *buf, size_t size)
{
	struct stat	 st;

	if (fstat(fd, &st) == -1)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(buf, size, "owned by uid %u, not by root",
		    (unsigned)st.st_uid);
		return buf;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(buf, size, "writable by %s (mode %04o)",
		    st.st_mode & S_IWOTH ? "others" : "its group",
		    (unsigned)(st.st_mode & 07777));
		return buf;
	}
	return NULL;
}

/* The whole file into buf; its length, or -1 with errno (EFBIG). */
static ssize_t
slurp(int fd, char *buf, size_t size)
{
	size_t	 len = 0;
	ssize_t	 n;

	do {
		if (len == size) {
			errno = EFBIG;
			return -1;
		}
		n = read(fd, buf + len, size - len);
		if (n > 0)
			len += n;
	} while (n > 0 || (n == -1 && errno == EINTR));
	return n == -1 ? -1 : (ssize_t)len;
}

/* Why the rules file at path may not be had, or NULL. */
static const char *
read_rules(struct policy *pol, const char *path)
{
	static char	 src[POLICY_SIZE_MAX + 1], why[64];
	const char	*bad;
	ssize_t		 len;
	int		 fd;

	pol->line = 0;
	if ((fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) ==
	    -1)
		return strerror(errno);
	if ((bad = untrusted(fd, why, sizeof(why))) == NULL &&
	    (len = slurp(fd, src, sizeof(src))) == -1)
		bad = errno == EFBIG ? "larger than 32768 bytes" :
		    strerror(errno);
	close(fd);
	if (bad != NULL)
		return bad;
	if ((bad = policy_parse(pol, src, len)) != NULL)
		return bad;
	return policy_resolve(pol);
}

void
policy_load(struct policy *pol, const char *path)
{
	char		 msg[512];
	const char	*why;

	if ((why = read_rules(pol, path)) == NULL)
		return;
	if (pol->line == 0)
		snprintf(msg, sizeof(msg), "%s: %s", path, why);
	else
		snprintf(msg, sizeof(msg), "%s: line %d: %s", path, pol->line,
		    why);
	log_exit(2, "{msg}", LOG_FIELDS(LF_STR("msg", msg)));
}
