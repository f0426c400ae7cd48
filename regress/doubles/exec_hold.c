/*
 * Test double for the exec of a command (dinit-hold, linked with
 * -Wl,--wrap=execvpe): a child about to exec "hold-before-exec" stops
 * itself, and one about to exec "die-before-exec" kills itself, as a
 * submitter could do to its own command between the privilege drop and
 * exec.  Anything else is executed as usual.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

int	__real_execvpe(const char *, char *const [], char *const []);
int	__wrap_execvpe(const char *, char *const [], char *const []);

int
__wrap_execvpe(const char *file, char *const argv[], char *const envp[])
{
	if (strcmp(file, "hold-before-exec") == 0)
		raise(SIGSTOP);
	else if (strcmp(file, "die-before-exec") == 0)
		raise(SIGKILL);
	return __real_execvpe(file, argv, envp);
}
