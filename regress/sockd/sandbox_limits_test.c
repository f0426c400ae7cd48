/* What the sandboxed child may still use: its limits and its root. */
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <atf-c.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/landlock.h>
#include <poll.h>
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "regress/sockd/sandbox_kid.h"
#include "sockd/sandbox.h"

/* Soft and hard limit from /proc/<pid>/limits. */
static void
check_limit(pid_t pid, const char *name, const char *want)
{
	char	 val[256], soft[32], hard[32];

	proc_value(pid, "limits", name, val, sizeof(val));
	ATF_REQUIRE(sscanf(val, "%31s %31s", soft, hard) == 2);
	ATF_CHECK_MSG(strcmp(soft, want) == 0 && strcmp(hard, want) == 0,
	    "%s: %s %s, want %s", name, soft, hard, want);
}

static int
landlock_abi(void)
{
	return syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
}

ROOT_TC(limits_are_lowered,
    "descriptors capped, no processes, no core, no locked memory; "
    "the file size limit untouched")
{
	struct kid	 k;
	char		 mine[256], theirs[256];

	kid_start(&k, idle);
	wait_ready(&k);
	check_limit(k.pid, "Max open files", "16");
	check_limit(k.pid, "Max processes", "0");
	check_limit(k.pid, "Max core file size", "0");
	check_limit(k.pid, "Max locked memory", "0");
	proc_value(getpid(), "limits", "Max file size", mine, sizeof(mine));
	proc_value(k.pid, "limits", "Max file size", theirs, sizeof(theirs));
	ATF_CHECK_STREQ(mine, theirs);
	kid_finish(&k);
}

/* Entries in dir, "." and ".." aside; -1 if it cannot be read. */
static int
entries(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

ROOT_TC(root_is_a_dead_fdinfo,
    "the root and working directory are the /proc/PID/fdinfo of a "
    "process that is gone: empty, and nothing can be made in it")
{
	struct kid	 k;
	char		 path[64], root[PATH_MAX], cwd[PATH_MAX], file[PATH_MAX];
	ssize_t		 n;
	int		 pid;

	kid_start(&k, idle);
	wait_ready(&k);
	snprintf(path, sizeof(path), "/proc/%d/root", (int)k.pid);
	ATF_REQUIRE((n = readlink(path, root, sizeof(root) - 1)) != -1);
	root[n] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)k.pid);
	ATF_REQUIRE((n = readlink(path, cwd, sizeof(cwd) - 1)) != -1);
	cwd[n] = '\0';
	ATF_CHECK_STREQ(root, cwd);
	ATF_REQUIRE_MSG(sscanf(root, "/proc/%d/fdinfo", &pid) == 1,
	    "root is %s", root);
	ATF_CHECK(pid != k.pid);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	ATF_CHECK_MSG(access(path, F_OK) == -1, "%s is still there", path);
	snprintf(path, sizeof(path), "/proc/%d/root/", (int)k.pid);
	ATF_CHECK_MSG((n = entries(path)) <= 0, "%zd entries in its root", n);
	snprintf(file, sizeof(file), "%sx", path);
	ATF_CHECK_MSG(open(file, O_WRONLY | O_CREAT, 0600) == -1,
	    "made %s", file);
	kid_finish(&k);
}

ROOT_TC(nothing_falls_back_here,
    "as root on a kernel with Landlock, every step applies and "
    "nothing is logged")
{
	struct kid	 k;

	if (landlock_abi() < 1)
		atf_tc_skip("no Landlock: %s", strerror(errno));
	kid_start(&k, idle);
	wait_ready(&k);
	kid_finish(&k);
	ATF_CHECK_MSG(WIFEXITED(k.status) && WEXITSTATUS(k.status) == 0,
	    "%s", status_str(k.status));
	ATF_CHECK_STREQ(k.errbuf, "");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, limits_are_lowered);
	ATF_TP_ADD_TC(tp, root_is_a_dead_fdinfo);
	ATF_TP_ADD_TC(tp, nothing_falls_back_here);
	return atf_no_error();
}
