/* fair_victim: whose slot a newcomer takes when sockd has none free. */
#include <atf-c.h>
#include <string.h>

#include "sockd/fair.h"
#include "sockd/sockd.h"

static struct slot	 s[SOCKD_CONN_MAX];
static int		 n;

/* count more slots of uid, silent or not, each newer than the last. */
static void
take(int count, uid_t uid, int silent)
{
	for (; count > 0; count--, n++) {
		s[n].uid = uid;
		s[n].silent = silent;
		s[n].since = 1000 + n;
	}
}

static void
reset(void)
{
	memset(s, 0, sizeof(s));
	n = 0;
}

ATF_TC_WITHOUT_HEAD(flooder_gives_way);
ATF_TC_BODY(flooder_gives_way, tc)
{
	reset();
	take(SOCKD_CONN_MAX, 1000, 1);
	ATF_CHECK_EQ(fair_victim(s, n, 0), 0);
	ATF_CHECK_EQ(fair_victim(s, n, 1001), 0);
	/* A uid that holds them all takes its own oldest. */
	ATF_CHECK_EQ(fair_victim(s, n, 1000), 0);
}

/* The older root slot is not the one to go: uid 1000 holds more. */
ATF_TC_WITHOUT_HEAD(first_slot_is_kept);
ATF_TC_BODY(first_slot_is_kept, tc)
{
	reset();
	take(1, 0, 1);
	take(SOCKD_CONN_MAX - 1, 1000, 1);
	ATF_CHECK_EQ(fair_victim(s, n, 1001), 1);
	ATF_CHECK_EQ(fair_victim(s, n, 1000), 1);
	ATF_CHECK_EQ(fair_victim(s, n, 0), 1);
}

/* Two uids hold as many: a third takes the oldest of theirs. */
ATF_TC_WITHOUT_HEAD(ties);
ATF_TC_BODY(ties, tc)
{
	reset();
	take(SOCKD_CONN_MAX / 2, 1000, 1);
	take(SOCKD_CONN_MAX / 2, 0, 1);
	ATF_CHECK_EQ(fair_victim(s, n, 1001), 0);
	/* Each of the two, counted in, holds the most: its own goes. */
	ATF_CHECK_EQ(fair_victim(s, n, 0), SOCKD_CONN_MAX / 2);
	ATF_CHECK_EQ(fair_victim(s, n, 1000), 0);
}

/* One slot each: no uid holds more than a newcomer would. */
ATF_TC_WITHOUT_HEAD(one_each_refuses);
ATF_TC_BODY(one_each_refuses, tc)
{
	int	 i;

	reset();
	for (i = 0; i < SOCKD_CONN_MAX; i++)
		take(1, 2000 + i, 1);
	ATF_CHECK_EQ(fair_victim(s, n, 0), -1);
	ATF_CHECK_EQ(fair_victim(s, n, 2007), 7);
}

/*
 * Connections past their line are not pushed out, but they count: a uid
 * holding them is refused more, and others' silent ones stay.
 */
ATF_TC_WITHOUT_HEAD(answered_count_and_stay);
ATF_TC_BODY(answered_count_and_stay, tc)
{
	reset();
	take(SOCKD_CONN_MAX, 1000, 0);
	ATF_CHECK_EQ(fair_victim(s, n, 0), -1);

	reset();
	take(200, 1000, 0);
	take(56, 1001, 1);
	ATF_CHECK_EQ(fair_victim(s, n, 1000), -1);
	ATF_CHECK_EQ(fair_victim(s, n, 0), 200);

	reset();
	take(200, 1000, 0);
	take(55, 1000, 1);
	take(1, 0, 1);
	ATF_CHECK_EQ(fair_victim(s, n, 1001), 200);
	ATF_CHECK_EQ(fair_victim(s, n, 0), 200);
}

/* The oldest goes, wherever it sits. */
ATF_TC_WITHOUT_HEAD(oldest_goes);
ATF_TC_BODY(oldest_goes, tc)
{
	reset();
	take(SOCKD_CONN_MAX, 1000, 1);
	s[100].since = 1;
	ATF_CHECK_EQ(fair_victim(s, n, 0), 100);
	s[100].silent = 0;
	ATF_CHECK_EQ(fair_victim(s, n, 0), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, flooder_gives_way);
	ATF_TP_ADD_TC(tp, first_slot_is_kept);
	ATF_TP_ADD_TC(tp, ties);
	ATF_TP_ADD_TC(tp, one_each_refuses);
	ATF_TP_ADD_TC(tp, answered_count_and_stay);
	ATF_TP_ADD_TC(tp, oldest_goes);
	return atf_no_error();
}
