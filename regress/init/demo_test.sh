#! /usr/bin/env atf-sh
# make demo's script, run as the README says, wherever dinit lives.

. $(atf_get_srcdir)/../lib.sh

atf_test_case demo_runs_from_under_tmp
demo_runs_from_under_tmp_head()
{
	atf_set descr "The demo (mk/demo.sh) works with dinit in a directory" \
	    "under /tmp, which the demo's namespace covers with a tmpfs: a" \
	    "checkout may live anywhere"
	atf_set require.user root
	atf_set timeout 60
}
demo_runs_from_under_tmp_body()
{
	case $(pwd) in
	/tmp/*)	;;
	*)	atf_skip "the work directory $(pwd) is not under /tmp" ;;
	esac
	cp "$DINIT" ./dinit
	atf_check -o match:'^hello from a submitted command$' \
	    -o match:'dinit exited with status 143' -e ignore \
	    sh "$(atf_get_srcdir)/../demo.sh" ./dinit
}

atf_init_test_cases()
{
	atf_add_test_case demo_runs_from_under_tmp
}
