/*
 * Capabilities, as the kernel reports them (capget and prctl, no
 * libcap): what this process may do, and what a program it executes
 * will be able to do.  Decisions follow the effective set, not the uid:
 * a container's root may have none of them.
 */
#ifndef DINIT_CAPS_H
#define DINIT_CAPS_H

#include <stdint.h>

#define CAPS_BIT(cap)	((uint64_t)1 << (cap))

struct caps {
	uint64_t	 eff;
	uint64_t	 prm;
	uint64_t	 inh;
	uint64_t	 bnd;		/* the bounding set */
	uint64_t	 amb;		/* the ambient set */
};

/* 0, or -1 with errno set. */
int		 caps_get(struct caps *);

/*
 * The effective set that a program this process executes starts with,
 * if its file has no capabilities of its own (dinit's does not): root's
 * rule, the ambient set, and no_new_privs.
 */
uint64_t	 caps_after_exec(const struct caps *);

/* Of want, those the effective set lacks (all of them if unreadable). */
uint64_t	 caps_missing(uint64_t);

/* "CAP_SETUID, CAP_SETGID" for a mask of the ones dinit names. */
void		 caps_names(uint64_t, char *, size_t);

/*
 * The steps of sockd's sandbox that need capabilities, in the order
 * init names those sockd will go without.  sockd leaves out a step its
 * effective set cannot take; init says so, once, from the set sockd
 * will start with.
 */
enum caps_step {
	CAPS_STEP_UID,		/* to the uid init names */
	CAPS_STEP_GID,		/* to its gid and no other group */
	CAPS_STEP_ROOT,		/* an empty directory as the root */
	CAPS_STEP_BOUNDS,	/* an empty bounding set */
	CAPS_NSTEPS
};

/* Of what the step needs, what the effective set lacks: 0 if nothing. */
uint64_t	 caps_step_lacks(enum caps_step, uint64_t);

/* What sockd is left with without the step; NULL: not worth a word. */
const char	*caps_step_without(enum caps_step);

#endif
