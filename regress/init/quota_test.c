#include <atf-c.h>

#include "init/submit/quota.h"

/* Each uid has one entry, found again as long as it is kept. */
ATF_TC_WITHOUT_HEAD(one_entry_a_uid);
ATF_TC_BODY(one_entry_a_uid, tc)
{
	struct quota	*a, *b;
	uid_t		 u;

	for (u = 1; u <= 100; u++) {
		ATF_REQUIRE((a = quota_get(u)) != NULL);
		ATF_CHECK_EQ(a->uid, u);
		quota_admitted(a, 0);
	}
	for (u = 100; u >= 1; u--) {
		a = quota_get(u);
		b = quota_get(u);
		ATF_CHECK(a == b && a->uid == u && a->running == 1);
		quota_execd(a);
		quota_ended(a, 0);
	}
}

/*
 * Past QUOTA_UIDS_MAX uids, the idle ones are forgotten to make room;
 * a uid with something running keeps its entry and its counts.
 */
ATF_TC_WITHOUT_HEAD(full_table_forgets_idle_only);
ATF_TC_BODY(full_table_forgets_idle_only, tc)
{
	struct quota	*busy[64], *q;
	uid_t		 u;
	int		 i, round;

	for (round = 0; round < 4; round++) {
		for (i = 0; i < 64; i++) {
			ATF_REQUIRE((busy[i] = quota_get(500000 + 1000 *
			    round + i)) != NULL);
			quota_admitted(busy[i], 0);
		}
		for (u = 1; u <= 3 * QUOTA_UIDS_MAX; u++) {
			ATF_REQUIRE((q = quota_get(u)) != NULL);
			ATF_CHECK_EQ(q->uid, u);
		}
		for (i = 0; i < 64; i++) {
			q = quota_get(500000 + 1000 * round + i);
			ATF_CHECK(q == busy[i] && q->running == 1);
			quota_execd(q);
			quota_ended(q, 0);
		}
	}
}

/* A table full of busy uids has no room for another. */
ATF_TC_WITHOUT_HEAD(full_of_busy_refuses);
ATF_TC_BODY(full_of_busy_refuses, tc)
{
	struct quota	*q;
	uid_t		 u;

	for (u = 1; u <= QUOTA_UIDS_MAX; u++) {
		ATF_REQUIRE((q = quota_get(u)) != NULL);
		quota_admitted(q, 0);
	}
	ATF_CHECK(quota_get(QUOTA_UIDS_MAX + 1) == NULL);
	ATF_CHECK(quota_get(1) != NULL);
	q = quota_get(7);
	quota_execd(q);
	quota_ended(q, 0);
	ATF_REQUIRE((q = quota_get(QUOTA_UIDS_MAX + 1)) != NULL);
	ATF_CHECK_EQ(q->uid, QUOTA_UIDS_MAX + 1);
	quota_admitted(q, 0);
	ATF_CHECK(quota_get(7) == NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, one_entry_a_uid);
	ATF_TP_ADD_TC(tp, full_table_forgets_idle_only);
	ATF_TP_ADD_TC(tp, full_of_busy_refuses);
	return atf_no_error();
}
