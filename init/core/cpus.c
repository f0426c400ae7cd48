/*
 * -maxproc: GOMAXPROCS from the CPUs this container may use, which is
 * the smaller of its affinity mask and its cgroup v2 cpu.max quota.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "init/core/cpus.h"

#define CGROOT	"/sys/fs/cgroup"

/* CPUs allowed by a cpu.max line ("max 100000", "150000 100000"); 0: no limit. */
double
cpumax_parse(const char *s)
{
	char		*end;
	long long	 quota, period;

	if (strncmp(s, "max", 3) == 0)
		return 0;
	quota = strtoll(s, &end, 10);
	if (end == s || *end != ' ' || quota <= 0)
		return 0;
	period = strtoll(end + 1, &end, 10);
	if (period <= 0 || (*end != '\n' && *end != '\0'))
		return 0;
	return (double)quota / period;
}

static double
cgroup_quota(const char *dir)
{
	char	 path[4096 + 32], line[128];

	if (snprintf(path, sizeof(path), "%s%s/cpu.max", CGROOT, dir) >=
	    (int)sizeof(path) || read_small(path, line, sizeof(line)) == -1)
		return 0;
	return cpumax_parse(line);
}

/* The tightest cpu.max from this process's cgroup up to the root. */
static double
cgroup_cpus(void)
{
	char	 buf[4096], *dir, *slash;
	double	 best = 0, q;

	if (read_small("/proc/self/cgroup", buf, sizeof(buf)) == -1)
		return 0;
	/* The cgroup v2 line, "0::/path". */
	for (dir = buf; strncmp(dir, "0::", 3) != 0; dir++)
		if ((dir = strchr(dir, '\n')) == NULL)
			return 0;
	dir += 3;
	dir[strcspn(dir, "\n")] = '\0';
	for (;;) {
		q = cgroup_quota(strcmp(dir, "/") == 0 ? "" : dir);
		if (q > 0 && (best == 0 || q < best))
			best = q;
		if (strcmp(dir, "/") == 0 || (slash = strrchr(dir, '/')) == NULL)
			break;
		slash[slash == dir ? 1 : 0] = '\0';
	}
	return best;
}

static int
roundup_int(double x)
{
	int	 n = (int)x;

	return n < x ? n + 1 : n;
}

int
cpus_available(void)
{
	cpu_set_t	 set;
	double		 quota;
	int		 n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = 1;
	quota = cgroup_cpus();
	if (quota > 0 && quota < n)
		n = roundup_int(quota);
	return n > 0 ? n : 1;
}

/* GOMAXPROCS=ceil(cpus*fraction) for the children, unless already set. */
void
set_gomaxprocs(double fraction)
{
	char	 buf[32];
	int	 n;

	if (fraction <= 0 || getenv("GOMAXPROCS") != NULL)
		return;
	n = roundup_int(cpus_available() * fraction);
	if (n < 1)
		n = 1;
	snprintf(buf, sizeof(buf), "%d", n);
	if (setenv("GOMAXPROCS", buf, 0) == -1)
		log_warn("setenv GOMAXPROCS");
}
