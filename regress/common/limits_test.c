#include <sys/types.h>
#include <sys/resource.h>

#include <atf-c.h>
#include <string.h>

#include "common/limits.h"
#include "common/util.h"

/* Each list as limits_format says it back, or "" where refused. */
static const struct {
	const char	*in;
	const char	*out;
} lists[] = {
	{ "time=30s", "time=30s" },
	{ "time=1500ms,kill-after=0", "time=1500ms,kill-after=0s" },
	{ "nproc=64,time=1m,teardown=no", "time=60s,teardown=no,nproc=64" },
	{ "nofile=256,as=1G,fsize=10M,core=0,cpu=5,stack=8K",
	    "nofile=256,as=1073741824,fsize=10485760,core=0,cpu=5,stack=8192" },
	{ "teardown=yes", "teardown=yes" },
	{ "nofile=4611686018427387904", "nofile=4611686018427387904" },
	{ "nofile=4611686018427387905", "" },
	{ "as=4294967296G", "as=4611686018427387904" },
	{ "as=4294967297G", "" },
	{ "", "" },
	{ ",", "" },
	{ "time", "" },
	{ "time=", "" },
	{ "=1", "" },
	{ "time=1s,,nproc=1", "" },
	{ "nproc=1,nproc=2", "" },
	{ "nproc=-1", "" },
	{ "nproc=1k", "" },
	{ "cpu=1.5", "" },
	{ "teardown=1", "" },
	{ "kill-after=1y", "" },
};

ATF_TC_WITHOUT_HEAD(parse_and_format);
ATF_TC_BODY(parse_and_format, tc)
{
	struct limits	 l, again;
	char		 buf[LIM_LIST_MAX];
	const char	*why;
	size_t		 i;

	for (i = 0; i < nitems(lists); i++) {
		why = limits_parse(lists[i].in, &l);
		if (lists[i].out[0] == '\0') {
			ATF_CHECK_MSG(why != NULL, "\"%s\" taken", lists[i].in);
			continue;
		}
		ATF_CHECK_MSG(why == NULL, "\"%s\": %s", lists[i].in, why);
		limits_format(&l, buf, sizeof(buf));
		ATF_CHECK_STREQ_MSG(buf, lists[i].out, "\"%s\"", lists[i].in);
		/* What is printed reads back as the same limits. */
		ATF_CHECK(limits_parse(buf, &again) == NULL);
		ATF_CHECK_MSG(memcmp(&l, &again, sizeof(l)) == 0, "\"%s\"",
		    buf);
	}
}

ATF_TC_WITHOUT_HEAD(none_and_defaults);
ATF_TC_BODY(none_and_defaults, tc)
{
	struct limits	 l;
	char		 buf[8];

	limits_none(&l);
	ATF_CHECK_EQ(limits_format(&l, buf, sizeof(buf)), 4);
	ATF_CHECK_STREQ(buf, "none");
	ATF_CHECK_EQ(limits_kill_after(&l), LIM_KILL_AFTER_MS);
	ATF_CHECK_EQ(l.teardown, -1);
	ATF_CHECK_EQ(l.time_ms, 0);
	/* A refused list leaves none, not half of it. */
	ATF_CHECK(limits_parse("time=5s,bogus=1", &l) != NULL);
	ATF_CHECK_EQ(l.time_ms, 0);
	/* Too small a buffer: the length it wanted, cut, terminated. */
	ATF_REQUIRE(limits_parse("time=30s,nproc=64", &l) == NULL);
	ATF_CHECK_EQ(limits_format(&l, buf, sizeof(buf)), 17);
	ATF_CHECK_STREQ(buf, "time=30");
}

ATF_TC_WITHOUT_HEAD(apply_sets_soft_and_hard);
ATF_TC_BODY(apply_sets_soft_and_hard, tc)
{
	struct limits	 l;
	struct rlimit	 r;

	ATF_REQUIRE(limits_parse("nofile=64,core=0,fsize=1M", &l) == NULL);
	ATF_REQUIRE_EQ(limits_apply(&l), 0);
	ATF_REQUIRE_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
	ATF_CHECK(r.rlim_cur == 64 && r.rlim_max == 64);
	ATF_REQUIRE_EQ(getrlimit(RLIMIT_FSIZE, &r), 0);
	ATF_CHECK(r.rlim_cur == 1048576 && r.rlim_max == 1048576);
	ATF_REQUIRE_EQ(getrlimit(RLIMIT_CORE, &r), 0);
	ATF_CHECK(r.rlim_cur == 0 && r.rlim_max == 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, parse_and_format);
	ATF_TP_ADD_TC(tp, none_and_defaults);
	ATF_TP_ADD_TC(tp, apply_sets_soft_and_hard);
	return atf_no_error();
}
