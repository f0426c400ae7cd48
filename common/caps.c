/*
 * Capabilities read from the kernel, and what an execve does to them
 * (capabilities(7), "Transformation of capabilities during execve").
 */
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/util.h"

static const struct {
	int		 cap;
	const char	*name;
} named[] = {
	{ CAP_SETUID,		"CAP_SETUID" },
	{ CAP_SETGID,		"CAP_SETGID" },
	{ CAP_KILL,		"CAP_KILL" },
	{ CAP_SYS_CHROOT,	"CAP_SYS_CHROOT" },
};

/*
 * What each step of sockd's sandbox needs (the uid CAP_KILL too: init
 * could not signal a sockd of another uid), and what sockd is left with
 * without it.  Without the bounding set nothing is lost (sockd/sandbox.c).
 */
static const struct {
	uint64_t	 needs;
	const char	*without;
} steps[CAPS_NSTEPS] = {
	[CAPS_STEP_UID] = { CAPS_BIT(CAP_SETUID) | CAPS_BIT(CAP_KILL),
	    "it keeps uid 0" },
	[CAPS_STEP_GID] = { CAPS_BIT(CAP_SETGID),
	    "it keeps gid 0 and dinit's groups" },
	[CAPS_STEP_ROOT] = { CAPS_BIT(CAP_SYS_CHROOT),
	    "it has no empty root" },
	[CAPS_STEP_BOUNDS] = { CAPS_BIT(CAP_SETPCAP), NULL },
};

static uint64_t
join(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

/* The bounding or the ambient set, one capability at a time. */
static uint64_t
prctl_set(int op, int arg)
{
	uint64_t	 set = 0;
	int		 cap, r;

	for (cap = 0; cap < 64; cap++) {
		r = arg ? prctl(op, arg, cap, 0, 0) : prctl(op, cap, 0, 0, 0);
		if (r == -1)
			break;		/* EINVAL: past the last one */
		if (r == 1)
			set |= CAPS_BIT(cap);
	}
	return set;
}

/* The effective, permitted and inheritable sets. */
static int
capget_sets(struct caps *c)
{
	struct __user_cap_header_struct	 hdr;
	struct __user_cap_data_struct	 data[_LINUX_CAPABILITY_U32S_3];

	memset(c, 0, sizeof(*c));
	memset(&hdr, 0, sizeof(hdr));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &hdr, data) == -1)
		return -1;
	c->eff = join(data[0].effective, data[1].effective);
	c->prm = join(data[0].permitted, data[1].permitted);
	c->inh = join(data[0].inheritable, data[1].inheritable);
	return 0;
}

int
caps_get(struct caps *c)
{
	if (capget_sets(c) == -1)
		return -1;
	c->bnd = prctl_set(PR_CAPBSET_READ, 0);
	c->amb = prctl_set(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET);
	return 0;
}

uint64_t
caps_after_exec(const struct caps *c)
{
	uid_t		 ruid, euid, suid;
	uint64_t	 eff = c->amb;
	int		 bits;

	if (getresuid(&ruid, &euid, &suid) == -1)
		return 0;
	bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	/* Root's rule: the file counts as having every capability. */
	if (euid == 0 && (bits == -1 || !(bits & SECBIT_NOROOT)))
		eff = c->bnd | c->inh | c->amb;
	/* no_new_privs: nothing beyond what is permitted now. */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		eff &= c->prm;
	return eff;
}

uint64_t
caps_missing(uint64_t want)
{
	struct caps	 c;

	if (capget_sets(&c) == -1)
		return want;
	return want & ~c.eff;
}

void
caps_names(uint64_t set, char *buf, size_t size)
{
	size_t	 i, n = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < nitems(named) && n < size; i++) {
		if (!(set & CAPS_BIT(named[i].cap)))
			continue;
		n += snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "",
		    named[i].name);
	}
}

uint64_t
caps_step_lacks(enum caps_step step, uint64_t eff)
{
	return steps[step].needs & ~eff;
}

const char *
caps_step_without(enum caps_step step)
{
	return steps[step].without;
}
