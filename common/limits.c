/*
 * A submission's limits: the list's parser, its printer, and the
 * setrlimit(2) calls a command gets before it runs.
 */
#include <sys/types.h>
#include <sys/resource.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/duration.h"
#include "common/limits.h"
#include "common/util.h"

enum lim_kind {
	K_DURATION,
	K_BOOL,
	K_NUMBER,
};

static const struct {
	const char	*name;
	enum lim_kind	 kind;
	int		 rl;		/* K_NUMBER: enum lim_rl */
	int		 resource;	/* K_NUMBER: its RLIMIT_ */
} keys[] = {
	{ "time", K_DURATION, 0, 0 },
	{ "kill-after", K_DURATION, 0, 0 },
	{ "teardown", K_BOOL, 0, 0 },
	{ "nofile", K_NUMBER, LIM_NOFILE, RLIMIT_NOFILE },
	{ "nproc", K_NUMBER, LIM_NPROC, RLIMIT_NPROC },
	{ "as", K_NUMBER, LIM_AS, RLIMIT_AS },
	{ "fsize", K_NUMBER, LIM_FSIZE, RLIMIT_FSIZE },
	{ "core", K_NUMBER, LIM_CORE, RLIMIT_CORE },
	{ "cpu", K_NUMBER, LIM_CPU, RLIMIT_CPU },
	{ "stack", K_NUMBER, LIM_STACK, RLIMIT_STACK },
};

#define NUMBER_MAX	(UINT64_C(1) << 62)

void
limits_none(struct limits *l)
{
	memset(l, 0, sizeof(*l));
	l->kill_after_ms = -1;
	l->teardown = -1;
}

int64_t
limits_kill_after(const struct limits *l)
{
	return l->kill_after_ms == -1 ? LIM_KILL_AFTER_MS : l->kill_after_ms;
}

/* Digits, then K, M or G at most; -1 if not, or above NUMBER_MAX. */
static int
number(const char *s, size_t n, uint64_t *v)
{
	const char	*sfx = "KMG", *p;
	uint64_t	 scale = 1;
	size_t		 i;

	if (n > 1 && (p = strchr(sfx, s[n - 1])) != NULL && *p != '\0') {
		scale <<= 10 * (p - sfx + 1);
		n--;
	}
	if (n == 0 || n > 19 || (n > 1 && s[0] == '0'))
		return -1;
	for (*v = 0, i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	if (*v > NUMBER_MAX / scale)
		return -1;
	*v *= scale;
	return 0;
}

/* key=value, the key found as k; why not, or NULL. */
static const char *
pair(const char *s, size_t n, struct limits *l, unsigned *seen)
{
	char		 d[32];
	const char	*eq;
	size_t		 k, klen;
	int64_t		 ms;
	uint64_t	 v;

	if ((eq = memchr(s, '=', n)) == NULL)
		return "want key=value";
	klen = eq - s;
	for (k = 0; k < nitems(keys); k++)
		if (strlen(keys[k].name) == klen &&
		    memcmp(keys[k].name, s, klen) == 0)
			break;
	if (k == nitems(keys))
		return "unknown limit: want time, kill-after, teardown, "
		    "nofile, nproc, as, fsize, core, cpu or stack";
	if (*seen & 1u << k)
		return "a limit said twice";
	*seen |= 1u << k;
	s = eq + 1;
	n -= klen + 1;
	switch (keys[k].kind) {
	case K_DURATION:
		if (n >= sizeof(d))
			return "bad duration: want 30s, 500ms, 1m30s";
		memcpy(d, s, n);
		d[n] = '\0';
		if (parse_duration(d, &ms) == -1)
			return "bad duration: want 30s, 500ms, 1m30s";
		if (k == 0 && ms == 0)
			return "time must be more than 0";
		*(k == 0 ? &l->time_ms : &l->kill_after_ms) = ms;
		return NULL;
	case K_BOOL:
		if (n == 3 && memcmp(s, "yes", 3) == 0)
			l->teardown = 1;
		else if (n == 2 && memcmp(s, "no", 2) == 0)
			l->teardown = 0;
		else
			return "teardown: want yes or no";
		return NULL;
	case K_NUMBER:
		if (number(s, n, &v) == -1)
			return "bad number: want digits with K, M or G at most";
		l->rl[keys[k].rl] = v;
		l->rlset |= 1u << keys[k].rl;
		return NULL;
	}
	return "unknown limit";
}

const char *
limits_parse(const char *list, struct limits *l)
{
	const char	*p = list, *end, *why;
	unsigned	 seen = 0;

	limits_none(l);
	for (;;) {
		end = p + strcspn(p, ",");
		if (end == p)
			return limits_none(l), "empty limit";
		if ((why = pair(p, end - p, l, &seen)) != NULL)
			return limits_none(l), why;
		if (*end == '\0')
			return NULL;
		p = end + 1;
	}
}

/* ms as the list would say it: whole seconds as "30s". */
static int
duration(char *buf, size_t size, int64_t ms)
{
	if (ms % 1000 == 0)
		return snprintf(buf, size, "%llds", (long long)(ms / 1000));
	return snprintf(buf, size, "%lldms", (long long)ms);
}

int
limits_format(const struct limits *l, char *buf, size_t size)
{
	size_t	 n = 0, k;
	int	 r;

#define ADD(call) do {							\
	r = (call);							\
	if (r < 0)							\
		return r;						\
	n += (size_t)r;							\
} while (0)
#define AT()	(n < size ? buf + n : NULL), (n < size ? size - n : 0)
	if (size > 0)
		buf[0] = '\0';
	if (l->time_ms > 0) {
		ADD(snprintf(AT(), "time="));
		ADD(duration(AT(), l->time_ms));
	}
	if (l->kill_after_ms != -1) {
		ADD(snprintf(AT(), "%skill-after=", n > 0 ? "," : ""));
		ADD(duration(AT(), l->kill_after_ms));
	}
	if (l->teardown != -1)
		ADD(snprintf(AT(), "%steardown=%s", n > 0 ? "," : "",
		    l->teardown ? "yes" : "no"));
	for (k = 0; k < nitems(keys); k++)
		if (keys[k].kind == K_NUMBER && l->rlset & 1u << keys[k].rl)
			ADD(snprintf(AT(), "%s%s=%llu", n > 0 ? "," : "",
			    keys[k].name,
			    (unsigned long long)l->rl[keys[k].rl]));
	if (n == 0)
		ADD(snprintf(AT(), "none"));
#undef AT
#undef ADD
	return (int)n;
}

int
limits_apply(const struct limits *l)
{
	struct rlimit	 r;
	size_t		 k;

	for (k = 0; k < nitems(keys); k++) {
		if (keys[k].kind != K_NUMBER || !(l->rlset & 1u << keys[k].rl))
			continue;
		r.rlim_cur = r.rlim_max = l->rl[keys[k].rl];
		if (setrlimit(keys[k].resource, &r) == -1)
			return -1;
	}
	return 0;
}
