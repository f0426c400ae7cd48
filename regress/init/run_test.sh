#! /usr/bin/env atf-sh
# Running the -r commands: dinit's exit status, programs that cannot be
# run, and what the log says about them.

. $(atf_get_srcdir)/../lib.sh

atf_test_case primary_status_is_dinit_status
primary_status_is_dinit_status_head()
{
	atf_set descr "dinit exits with the primary command's exit status"
	atf_set require.user root
	atf_set timeout 30
}
primary_status_is_dinit_status_body()
{
	ns_check -s exit:7 -e match:'finished: \[sh -c exit 7\] \(status 7\)' \
	    -- -r sh -c 'exit 7'
}

atf_test_case primary_killed_by_signal_gives_128_plus_signal
primary_killed_by_signal_gives_128_plus_signal_head()
{
	atf_set descr "A primary killed by signal N makes dinit exit 128+N"
	atf_set require.user root
	atf_set timeout 30
}
primary_killed_by_signal_gives_128_plus_signal_body()
{
	ns_check -s exit:137 -e match:'\(signal KILL\)' \
	    -- -r sh -c 'kill -KILL $$'
}

atf_test_case true_exits_0
true_exits_0_head()
{
	atf_set descr "dinit -r /bin/true exits 0"
	atf_set require.user root
	atf_set timeout 30
}
true_exits_0_body()
{
	ns_check -s exit:0 -e ignore -- -r /bin/true
}

atf_test_case false_exits_1
false_exits_1_head()
{
	atf_set descr "dinit -r /bin/false exits 1 (the original always said 0)"
	atf_set require.user root
	atf_set timeout 30
}
false_exits_1_body()
{
	ns_check -s exit:1 -e ignore -- -r /bin/false
}

atf_test_case first_primary_to_end_decides
first_primary_to_end_decides_head()
{
	atf_set descr "With -primary, the first primary to end decides" \
	    "the status and stops the rest, whatever its position"
	atf_set require.user root
	atf_set timeout 60
}
first_primary_to_end_decides_body()
{
	ns_check -s exit:5 -e match:'shutting down: SIGTERM' \
	    -- -primary -r sleep 100 -r sh -c 'exit 5'
	ns_check -s exit:5 -e match:'shutting down: SIGTERM' \
	    -- -primary -r sh -c 'exit 5' -r sleep 100
}

atf_test_case nonprimary_exit_stops_nothing
nonprimary_exit_stops_nothing_head()
{
	atf_set descr "A non-primary command ending stops nothing: the" \
	    "primary runs on and decides the status"
	atf_set require.user root
	atf_set timeout 30
}
nonprimary_exit_stops_nothing_body()
{
	# The primary goes on only once dinit has logged the other's end.
	ns_start -r sh -c 'exit 9' -r sh -c '
	    until grep -q "finished: \[sh -c exit 9\]" err; do sleep 0.05; done
	    echo late >late
	    exit 4'
	ns_wait
	atf_check_equal 4 "$NS_STATUS"
	atf_check -o inline:'late\n' cat late
}

atf_test_case missing_program_exits_127
missing_program_exits_127_head()
{
	atf_set descr "A program that is not found is named with the reason," \
	    "the commands already started are stopped, dinit exits 127"
	atf_set require.user root
	atf_set timeout 30
}
missing_program_exits_127_body()
{
	t0=$(now_ms)
	ns_check -s exit:127 -e save:err \
	    -- -r sleep 100 -r /nonexistent -r sleep 100
	t=$(($(now_ms) - t0))
	atf_check -o ignore \
	    grep 'cannot run /nonexistent: No such file or directory' err
	# The first sleep was stopped by dinit, the third never started.
	atf_check -o ignore grep 'finished: \[sleep 100\] (signal TERM)' err
	atf_check -o inline:'1\n' grep -c 'started: \[sleep 100\]' err
	atf_check -s exit:1 grep SIGKILL err
	[ $t -lt 10000 ] || atf_fail "took $t ms"
}

atf_test_case missing_program_in_path_exits_127
missing_program_in_path_exits_127_head()
{
	atf_set descr "A bare name not found in PATH also gives 127"
	atf_set require.user root
	atf_set timeout 30
}
missing_program_in_path_exits_127_body()
{
	ns_check -s exit:127 \
	    -e match:'cannot run no-such-program-here: No such file or directory' \
	    -- -r no-such-program-here
}

atf_test_case non_executable_file_exits_126
non_executable_file_exits_126_head()
{
	atf_set descr "A file that cannot be executed is named with the" \
	    "reason and dinit exits 126"
	atf_set require.user root
	atf_set timeout 30
}
non_executable_file_exits_126_body()
{
	printf '#! /bin/sh\nexit 0\n' >noexec
	chmod 644 noexec
	ns_check -s exit:126 -e match:'cannot run \./noexec: Permission denied' \
	    -- -r sleep 100 -r ./noexec
}

atf_test_case newline_in_argument_is_escaped_in_log
newline_in_argument_is_escaped_in_log_head()
{
	atf_set descr "An argument with a newline is logged escaped, on one" \
	    "line, so it cannot forge a log line"
	atf_set require.user root
	atf_set timeout 30
}
newline_in_argument_is_escaped_in_log_body()
{
	ns_check -e match:'started: \[/bin/true a\\nFORGED line\]$' \
	    -e not-match:'^FORGED' \
	    -- -r /bin/true "$(printf 'a\nFORGED line')"
}

atf_test_case start_is_logged_in_the_original_format
start_is_logged_in_the_original_format_head()
{
	atf_set descr "The start of a command is logged as the original did:" \
	    "'YYYY/MM/DD HH:MM:SS dinit: pid N started: [argv]'"
	atf_set require.user root
	atf_set timeout 30
}
start_is_logged_in_the_original_format_body()
{
	ns_check -e match:'^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} dinit: pid [0-9]+ started: \[/bin/echo hi there\]$' \
	    -o inline:'hi there\n' -- -r /bin/echo hi there
}

atf_test_case long_argument_is_logged_whole
long_argument_is_logged_whole_head()
{
	atf_set descr "A 100-byte argument is logged whole, not cut short" \
	    "while the line has room for it"
	atf_set require.user root
	atf_set timeout 30
}
long_argument_is_logged_whole_body()
{
	x=$(printf '%0100d' 0)
	ns_check -e match:"started: \\[/bin/true $x\\]\$" -- -r /bin/true "$x"
}

atf_init_test_cases()
{
	atf_add_test_case primary_status_is_dinit_status
	atf_add_test_case primary_killed_by_signal_gives_128_plus_signal
	atf_add_test_case true_exits_0
	atf_add_test_case false_exits_1
	atf_add_test_case first_primary_to_end_decides
	atf_add_test_case nonprimary_exit_stops_nothing
	atf_add_test_case missing_program_exits_127
	atf_add_test_case missing_program_in_path_exits_127
	atf_add_test_case non_executable_file_exits_126
	atf_add_test_case newline_in_argument_is_escaped_in_log
	atf_add_test_case start_is_logged_in_the_original_format
	atf_add_test_case long_argument_is_logged_whole
}
