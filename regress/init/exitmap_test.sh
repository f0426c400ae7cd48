#! /usr/bin/env atf-sh
# -e CODE: the primary's exit status CODE counts as 0, and only that.

. $(atf_get_srcdir)/../lib.sh

atf_test_case e_maps_primary_status_to_0
e_maps_primary_status_to_0_head()
{
	atf_set descr "-e 143: a primary that exits 143 makes dinit exit 0"
	atf_set require.user root
	atf_set timeout 30
}
e_maps_primary_status_to_0_body()
{
	ns_check -s exit:143 -e ignore -- -r sh -c 'exit 143'
	ns_check -s exit:0 -e ignore -- -e 143 -r sh -c 'exit 143'
}

atf_test_case e_maps_death_by_signal
e_maps_death_by_signal_head()
{
	atf_set descr "-e 143 also maps a primary killed by TERM (128+15)," \
	    "as tini's -e does"
	atf_set require.user root
	atf_set timeout 30
}
e_maps_death_by_signal_body()
{
	ns_check -s exit:0 -e ignore -- -e 143 -r sh -c 'kill -TERM $$'
}

atf_test_case e_is_repeatable_and_exact
e_is_repeatable_and_exact_head()
{
	atf_set descr "-e may be given more than once; other statuses pass" \
	    "unchanged"
	atf_set require.user root
	atf_set timeout 30
}
e_is_repeatable_and_exact_body()
{
	ns_check -s exit:0 -e ignore -- -e 3 -e=4 -r sh -c 'exit 4'
	ns_check -s exit:0 -e ignore -- -e 3 --e 4 -r sh -c 'exit 3'
	ns_check -s exit:5 -e ignore -- -e 3 -e 4 -r sh -c 'exit 5'
}

atf_test_case e_leaves_exec_failure
e_leaves_exec_failure_head()
{
	atf_set descr "-e 127 does not hide a command that cannot be found"
	atf_set require.user root
	atf_set timeout 30
}
e_leaves_exec_failure_body()
{
	ns_check -s exit:127 -e match:'cannot run /nonexistent' -- \
	    -e 127 -r /nonexistent
}

atf_test_case e_leaves_start_failure
e_leaves_start_failure_head()
{
	atf_set descr "-e applies to the primary only: a failing -start keeps" \
	    "its status"
	atf_set require.user root
	atf_set timeout 30
}
e_leaves_start_failure_body()
{
	ns_check -s exit:3 -e ignore -- -e 3 -start 'sh -c "exit 3"' -r true
}

atf_test_case e_leaves_usage_error
e_leaves_usage_error_head()
{
	atf_set descr "-e 2 does not hide a usage error"
	atf_set require.user root
	atf_set timeout 30
}
e_leaves_usage_error_body()
{
	atf_check -s exit:2 -e match:'-nosuch' "$DINIT" -e 2 -nosuch -r true
	atf_check -s exit:2 -e match:'-e: want an exit status' \
	    "$DINIT" -e 256 -r true
}

atf_init_test_cases()
{
	atf_add_test_case e_maps_primary_status_to_0
	atf_add_test_case e_maps_death_by_signal
	atf_add_test_case e_is_repeatable_and_exact
	atf_add_test_case e_leaves_exec_failure
	atf_add_test_case e_leaves_start_failure
	atf_add_test_case e_leaves_usage_error
}
