/*
 * sockd is executed anew at every start and leaves out, without a word,
 * each step of its sandbox that it lacks the means for (sockd/sandbox.c).
 * init says which, once, before the first sockd (not at start: a
 * container that never submits has no sockd to speak of): the
 * capabilities sockd will start with follow from init's own, and
 * neither they nor the kernel change.  A dinit that
 * is not root expects no uid to drop to and no chroot, so only a root
 * that lacks a capability, or a kernel without Landlock, is worth a line.
 */
#include <sys/syscall.h>

#include <linux/capability.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/log.h"
#include "common/util.h"
#include "init/keeper/sockd_note.h"

/* What each step needs (sockd/sandbox.c), and what is left without. */
static const struct {
	uint64_t	 caps;
	const char	*without;
} steps[] = {
	{ CAPS_BIT(CAP_SETUID) | CAPS_BIT(CAP_KILL),	"it keeps uid 0" },
	{ CAPS_BIT(CAP_SETGID),	"it keeps gid 0 and dinit's groups" },
	{ CAPS_BIT(CAP_SYS_CHROOT),	"it has no empty root" },
};

static void
add(char *buf, size_t size, const char *what, const char *without)
{
	size_t	 n = strlen(buf);

	snprintf(buf + n, size - n, "%sno %s: %s", n > 0 ? "; " : "", what,
	    without);
}

void
sockd_note(void)
{
	struct caps	 c;
	uint64_t	 eff;
	char		 line[256], name[64];
	size_t		 i;

	line[0] = '\0';
	if (caps_get(&c) == -1)
		memset(&c, 0, sizeof(c));
	eff = caps_after_exec(&c);
	for (i = 0; geteuid() == 0 && i < nitems(steps); i++) {
		if ((steps[i].caps & ~eff) == 0)
			continue;
		caps_names(steps[i].caps & ~eff, name, sizeof(name));
		add(line, sizeof(line), name, steps[i].without);
	}
	if (syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION) == -1)
		add(line, sizeof(line), "Landlock", "seccomp alone keeps files "
		    "out of its reach");
	if (line[0] != '\0')
		log_warnx("sockd's sandbox: %s", line);
}
