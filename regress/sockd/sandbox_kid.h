/*
 * sockd's sandbox seen from outside.  A child enters it; since it may no
 * longer open anything, the parent reads its /proc/<pid> files, and the
 * child reports over a socketpair what it could and could not do.
 *
 * The sandbox test programs share what follows.  Include it once in a
 * program: it defines LeakSanitizer's hooks.
 */
#ifndef SANDBOX_KID_H
#define SANDBOX_KID_H

#include <sys/socket.h>
#include <sys/wait.h>

#include <atf-c.h>
#include <errno.h>
#include <sanitizer/lsan_interface.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "regress/root_tc.h"
#include "sockd/sandbox.h"

#define NOBODY		65534
#define MAXFDS		16

struct kid {
	pid_t	 pid;
	int	 ctl;		/* socketpair to the child */
	int	 err;		/* the child's stderr */
	int	 status;
	char	 errbuf[1024];
};

/*
 * Sanitizer builds: libatf-c leaks its test case list when Kyua lists
 * them (-l), and Kyua takes LeakSanitizer's report and exit status, or
 * even its note about suppressions, for a broken program.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libatf-c.so\n";
}

const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}

/*
 * Fork a child that enters the sandbox as nobody with MAXFDS descriptors
 * and then runs fn with its end of the control socketpair.
 */
static inline void
kid_start(struct kid *k, void (*fn)(int))
{
	struct sandbox	 sb;
	int		 sv[2], ep[2];

	memset(k, 0, sizeof(*k));
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	ATF_REQUIRE(pipe(ep) == 0);
	fflush(NULL);
	ATF_REQUIRE((k->pid = fork()) != -1);
	if (k->pid == 0) {
		close(sv[0]);
		close(ep[0]);
		if (dup2(ep[1], STDERR_FILENO) == -1)
			_exit(125);
		close(ep[1]);
		log_init("sockd");
		sb.uid = NOBODY;
		sb.gid = NOBODY;
		sb.maxfds = MAXFDS;
		sandbox_enter(&sb);
		fn(sv[1]);
		_exit(0);
	}
	close(sv[1]);
	close(ep[1]);
	k->ctl = sv[0];
	k->err = ep[0];
}

/* Wait for the child; keep its status and what it wrote on stderr. */
static inline void
kid_finish(struct kid *k)
{
	ssize_t	 n;
	size_t	 len = 0;

	close(k->ctl);
	while ((n = read(k->err, k->errbuf + len,
	    sizeof(k->errbuf) - 1 - len)) > 0)
		len += n;
	k->errbuf[len] = '\0';
	close(k->err);
	ATF_REQUIRE(waitpid(k->pid, &k->status, 0) == k->pid);
}

static inline const char *
status_str(int st)
{
	static char	 buf[64];

	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by signal %d",
		    WTERMSIG(st));
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

/* Block until the child says it is sandboxed, then stay until EOF. */
static inline void
idle(int ctl)
{
	char	 c;

	if (write(ctl, "r", 1) != 1)
		_exit(1);
	while (read(ctl, &c, 1) > 0)
		;
	_exit(0);
}

static inline void
wait_ready(struct kid *k)
{
	char	 c;

	if (read(k->ctl, &c, 1) != 1) {
		kid_finish(k);
		atf_tc_fail("child did not reach the sandbox: %s; stderr: %s",
		    status_str(k->status), k->errbuf);
	}
}

/* The value after "key" in /proc/<pid>/<file>, blanks trimmed. */
static inline void
proc_value(pid_t pid, const char *file, const char *key, char *val,
    size_t valsz)
{
	char	 path[64], line[256], *v, *e;
	FILE	*fp;
	size_t	 klen = strlen(key);

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	ATF_REQUIRE_MSG((fp = fopen(path, "r")) != NULL, "%s: %s", path,
	    strerror(errno));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, key, klen) != 0)
			continue;
		v = line + klen + strspn(line + klen, " \t");
		e = v + strlen(v);
		while (e > v && (e[-1] == '\n' || e[-1] == ' ' ||
		    e[-1] == '\t'))
			*--e = '\0';
		snprintf(val, valsz, "%s", v);
		fclose(fp);
		return;
	}
	fclose(fp);
	atf_tc_fail("%s: no %s", path, key);
}

static inline void
check_proc(pid_t pid, const char *file, const char *key, const char *want)
{
	char	 val[256];

	proc_value(pid, file, key, val, sizeof(val));
	ATF_CHECK_MSG(strcmp(val, want) == 0, "%s %s \"%s\", want \"%s\"",
	    file, key, val, want);
}

#endif
