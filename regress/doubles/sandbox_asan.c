/*
 * Test double for the sanitizer build (make check-asan): the real sandbox,
 * with room for the sanitizers' runtime in it.  libdinit.a carries it
 * there and the build wraps prctl, so every program that installs
 * sockd's filter links it.
 *
 * __asan_handle_no_return asks for the alternate signal stack before
 * exit and _exit (found with strace -f after PR_SET_SECCOMP): the filter
 * lets sigaltstack through ahead of sockd's list.  LeakSanitizer's check
 * at exit stops the world with clone and ptrace and reads /proc: a
 * sandboxed process would die of SIGSYS instead of exiting, so leaks are
 * checked in init and unsandboxed children only.  Error reports still die
 * in the sandbox: they read /proc and fork a symbolizer.
 */
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sanitizer/lsan_interface.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#if defined(__x86_64__)
#define ARCH	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ARCH	AUDIT_ARCH_AARCH64
#endif

#define AHEAD	5	/* instructions put ahead of the filter */

int	__real_prctl(int, ...);
int	__wrap_prctl(int, ...);

static int	 sandboxed;

int
__lsan_is_turned_off(void)
{
	return sandboxed;
}

/* The filter asked for, sigaltstack allowed ahead of it. */
static int
set_filter(const struct sock_fprog *prog)
{
	struct sock_filter	 f[BPF_MAXINSNS];
	struct sock_fprog	 more;

	if (prog->len > BPF_MAXINSNS - AHEAD) {
		errno = EINVAL;
		return -1;
	}
	f[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH,
	    0, 3);
	f[2] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	f[3] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    SYS_sigaltstack, 0, 1);
	f[4] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	memcpy(f + AHEAD, prog->filter, prog->len * sizeof(f[0]));
	more.len = prog->len + AHEAD;
	more.filter = f;
	if (__real_prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &more, 0, 0)
	    == -1)
		return -1;
	sandboxed = 1;
	return 0;
}

int
__wrap_prctl(int option, ...)
{
	unsigned long	 a[4];
	va_list		 ap;
	int		 i;

	va_start(ap, option);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	if (option == PR_SET_SECCOMP && a[0] == SECCOMP_MODE_FILTER)
		return set_filter((const struct sock_fprog *)a[1]);
	return __real_prctl(option, a[0], a[1], a[2], a[3]);
}
