/*
 * Whether a submission may run now: init's phase and limits.
 */
#ifndef DINIT_ADMIT_H
#define DINIT_ADMIT_H

struct config;
struct peer;
struct quota;

/* 0, or the refuse_code (common/proto.h) that says no. */
int	admit(const struct config *, int, const struct peer *, struct quota *,
	    int, int);

#endif
