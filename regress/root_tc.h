/*
 * For the atf-c test programs: a test case that Kyua runs only as root.
 */
#ifndef REGRESS_ROOT_TC_H
#define REGRESS_ROOT_TC_H

#include <atf-c.h>

#define ROOT_TC(name, descr)						\
	ATF_TC(name);							\
	ATF_TC_HEAD(name, tc)						\
	{								\
		atf_tc_set_md_var(tc, "descr", descr);			\
		atf_tc_set_md_var(tc, "require.user", "root");		\
	}								\
	ATF_TC_BODY(name, tc)

#endif
