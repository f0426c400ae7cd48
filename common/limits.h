/*
 * What a submission may take: a time, a grace between TERM and KILL,
 * whether what it leaves behind is ended with it, and resource limits
 * set on its command before it runs.  A rule's "limit LIST" says them,
 * or -submit-limit LIST for a submission no rule limits:
 *
 *	time=D,kill-after=D,teardown=yes|no,nofile=N,nproc=N,as=N,
 *	fsize=N,core=N,cpu=N,stack=N
 *
 * D a duration (common/duration.h), N a number with an optional K, M or
 * G (times 1024 each); every key at most once, any order.
 */
#ifndef DINIT_LIMITS_H
#define DINIT_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#define LIM_KILL_AFTER_MS	2000	/* TERM to KILL, unless said */
#define LIM_LIST_MAX		256	/* limits_format's longest */

enum lim_rl {
	LIM_NOFILE,
	LIM_NPROC,
	LIM_AS,
	LIM_FSIZE,
	LIM_CORE,
	LIM_CPU,
	LIM_STACK,
	LIM_NRL
};

struct limits {
	int64_t		 time_ms;	/* 0: none */
	int64_t		 kill_after_ms;	/* -1: unsaid */
	int		 teardown;	/* -1: unsaid, 0: no, 1: yes */
	unsigned	 rlset;		/* 1 << enum lim_rl for each said */
	uint64_t	 rl[LIM_NRL];
};

void		 limits_none(struct limits *);
/* Pure: *l as list says, or why not (*l is then none). */
const char	*limits_parse(const char *, struct limits *);
/* As limits_parse reads it, "none" for none; snprintf's return. */
int		 limits_format(const struct limits *, char *, size_t);
/* Each resource limit said, soft and hard; 0, or -1 with errno. */
int		 limits_apply(const struct limits *);
int64_t		 limits_kill_after(const struct limits *);

#endif
