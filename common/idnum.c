/*
 * Ids as numbers, strictly: one spelling for each value, so that what
 * a client writes and what init reads cannot disagree.
 */
#include <stdint.h>
#include <string.h>

#include "common/idnum.h"
#include "common/proto.h"

#define DIGITS_MAX	10	/* of PROTO_ID_MAX */

/* The number in s[0..len). */
static int
digits(const char *s, size_t len, uint32_t *id)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (len == 0 || len > DIGITS_MAX || (s[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > PROTO_ID_MAX)
		return -1;
	*id = v;
	return 0;
}

int
idnum(const char *s, uint32_t *id)
{
	return digits(s, strlen(s), id);
}

int
idnum_target(const char *s, struct spawn_as *as)
{
	const char	*colon = strchr(s, ':');
	size_t		 n = colon != NULL ? (size_t)(colon - s) : strlen(s);

	memset(as, 0, sizeof(*as));
	if (digits(s, n, &as->uid) == -1)
		return -1;
	as->flags = SPAWN_AS;
	if (colon == NULL)
		return 0;
	if (idnum(colon + 1, &as->gid) == -1) {
		memset(as, 0, sizeof(*as));
		return -1;
	}
	as->flags |= SPAWN_AS_GID;
	return 0;
}
