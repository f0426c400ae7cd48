/*
 * Max-min fairness over sockd's connection slots.  With a newcomer
 * counted in, the uid holding the most slots gives up its oldest silent
 * one: the newcomer's own uid when it holds the most (or ties for it),
 * another only when that one holds more than the newcomer's would.  So a
 * uid holding n slots loses one only to a uid left with fewer, and a
 * uid's first slot is never lost to another uid.  Connections past their
 * line are not pushed out but count: they hold a slot all the same.
 */
#include <sys/types.h>

#include <stdint.h>

#include "sockd/fair.h"
#include "sockd/sockd.h"

struct holder {
	uid_t	 uid;
	int	 slots;
	int	 oldest;	/* its silent slot that came first, or -1 */
};

/*
 * The slots each uid holds, the newcomer's uid first and the newcomer
 * counted.  A uid is looked up among those seen: that costs n times the
 * number of uids, which only root could make large.
 */
static int
tally(struct holder *h, const struct slot *s, int n, uid_t uid)
{
	int	 i, k, nh = 1;

	h[0].uid = uid;
	h[0].slots = 1;
	h[0].oldest = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < nh && h[k].uid != s[i].uid; k++)
			;
		if (k == nh) {
			h[nh].uid = s[i].uid;
			h[nh].slots = 0;
			h[nh++].oldest = -1;
		}
		h[k].slots++;
		if (s[i].silent &&
		    (h[k].oldest == -1 || s[i].since < s[h[k].oldest].since))
			h[k].oldest = i;
	}
	return nh;
}

int
fair_victim(const struct slot *s, int n, uid_t uid)
{
	struct holder	 h[SOCKD_CONN_MAX + 1], *best = &h[0], *e;
	int		 nh;

	if (n > SOCKD_CONN_MAX)
		n = SOCKD_CONN_MAX;	/* Paranoia. */
	nh = tally(h, s, n, uid);
	for (e = &h[1]; e < &h[nh]; e++) {
		if (e->oldest == -1 || e->slots < best->slots)
			continue;
		/* A tie with the newcomer's uid is the newcomer's. */
		if (e->slots > best->slots || (best != &h[0] &&
		    s[e->oldest].since < s[best->oldest].since))
			best = e;
	}
	return best->oldest;
}
