/*
 * User and group ids written as numbers, as the request line, the rules
 * file and the command line give them: decimal digits only, no sign, no
 * leading zero, at most PROTO_ID_MAX ((uid_t)-1 means "unchanged" to
 * setresuid, so it is no one's id).  Pure: nothing is looked up.
 */
#ifndef DINIT_IDNUM_H
#define DINIT_IDNUM_H

#include <stdint.h>

struct spawn_as;

/* 0 with *id set, or -1 if s is not such a number. */
int	idnum(const char *, uint32_t *);

/* "UID" or "UID:GID" into *as (common/proto.h); 0 or -1. */
int	idnum_target(const char *, struct spawn_as *);

#endif
