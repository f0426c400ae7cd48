#! /usr/bin/env atf-sh
# Signals sent to dinit as PID 1: which start a shutdown, which are
# passed on, and what an idle PID 1 does (nothing).

. $(atf_get_srcdir)/../lib.sh

# A primary that records every signal it is passed in "got", exits 0
# on TERM, and writes its pid to "ready" once its traps are set.
write_trapper()
{
	cat >trapper.sh <<'EOF'
for s in HUP INT QUIT USR1 USR2 WINCH; do
	trap "echo $s >>got" $s
done
trap 'echo TERM >>got; exit 0' TERM
echo $$ >ready.tmp && mv ready.tmp ready
while :; do sleep 0.05; done
EOF
}

# forwarded SIG: SIG sent to PID 1 reaches the primary once, and starts
# no shutdown: dinit and the primary are still running afterwards.
forwarded()
{
	write_trapper
	ns_start -r sh trapper.sh
	wait_for '[ -e ready ]' 10
	kill -$1 $NS_PID
	wait_for "grep -q $1 got 2>/dev/null" 10
	kill -0 $NS_PID || atf_fail "dinit is gone"
	ns_exec kill -0 "$(cat ready)" || atf_fail "the primary is gone"
	atf_check -s exit:1 grep 'shutting down' err
	atf_check -o inline:"$1\n" cat got
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:"$1\nTERM\n" cat got
}

atf_test_case term_reaches_child_and_gives_143
term_reaches_child_and_gives_143_head()
{
	atf_set descr "TERM to PID 1 reaches the child; dinit exits 143" \
	    "when the child dies of it"
	atf_set require.user root
	atf_set timeout 30
}
term_reaches_child_and_gives_143_body()
{
	ns_start -r sleep 100
	wait_for "ns_log_has 'started: \[sleep 100\]'" 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o ignore grep 'finished: \[sleep 100\] (signal TERM)' err
}

atf_test_case term_child_exit_status_is_dinit_status
term_child_exit_status_is_dinit_status_head()
{
	atf_set descr "A child that handles TERM and exits 3: dinit exits 3"
	atf_set require.user root
	atf_set timeout 30
}
term_child_exit_status_is_dinit_status_body()
{
	ns_start -r sh -c 'trap "echo TERM >got; exit 3" TERM; touch ready
	    while :; do sleep 0.05; done'
	wait_for '[ -e ready ]' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 3 "$NS_STATUS"
	atf_check -o inline:'TERM\n' cat got
}

atf_test_case int_starts_shutdown
int_starts_shutdown_head()
{
	atf_set descr "INT to PID 1 is passed to the child and starts a" \
	    "shutdown; dinit exits 130 when the child dies of it"
	atf_set require.user root
	atf_set timeout 30
}
int_starts_shutdown_body()
{
	ns_start -r sleep 100
	wait_for "ns_log_has 'started: \[sleep 100\]'" 10
	kill -INT $NS_PID
	ns_wait
	atf_check_equal 130 "$NS_STATUS"
	atf_check -o ignore grep 'finished: \[sleep 100\] (signal INT)' err
}

atf_test_case hup_is_forwarded
hup_is_forwarded_head()
{
	atf_set descr "HUP is passed to the child and starts no shutdown"
	atf_set require.user root
	atf_set timeout 30
}
hup_is_forwarded_body()
{
	forwarded HUP
}

atf_test_case quit_is_forwarded_and_dinit_survives
quit_is_forwarded_and_dinit_survives_head()
{
	atf_set descr "QUIT is passed to the child, starts no shutdown, and" \
	    "does not crash dinit (it crashed the original)"
	atf_set require.user root
	atf_set timeout 30
}
quit_is_forwarded_and_dinit_survives_body()
{
	forwarded QUIT
}

atf_test_case usr1_is_forwarded
usr1_is_forwarded_head()
{
	atf_set descr "USR1 is passed to the child (the original swallowed" \
	    "it) and starts no shutdown"
	atf_set require.user root
	atf_set timeout 30
}
usr1_is_forwarded_body()
{
	forwarded USR1
}

atf_test_case usr2_is_forwarded
usr2_is_forwarded_head()
{
	atf_set descr "USR2 is passed to the child (the original swallowed" \
	    "it) and starts no shutdown"
	atf_set require.user root
	atf_set timeout 30
}
usr2_is_forwarded_body()
{
	forwarded USR2
}

atf_test_case winch_is_forwarded
winch_is_forwarded_head()
{
	atf_set descr "WINCH is passed to the child (the original swallowed" \
	    "it) and starts no shutdown"
	atf_set require.user root
	atf_set timeout 30
}
winch_is_forwarded_body()
{
	forwarded WINCH
}

atf_test_case forwarded_signals_reach_every_command
forwarded_signals_reach_every_command_head()
{
	atf_set descr "A passed-on signal reaches every -r command, not just" \
	    "the primary"
	atf_set require.user root
	atf_set timeout 30
}
forwarded_signals_reach_every_command_body()
{
	ns_start -r sh -c 'trap "echo first >>got" USR1; touch ready1
	    while :; do sleep 0.05; done' \
	    -r sh -c 'trap "echo second >>got" USR1; touch ready2
	    while :; do sleep 0.05; done'
	wait_for '[ -e ready1 ] && [ -e ready2 ]' 10
	kill -USR1 $NS_PID
	wait_for '[ "$(cat got 2>/dev/null | wc -l)" -eq 2 ]' 10
	atf_check -o inline:'first\nsecond\n' sort got
	kill -TERM $NS_PID
	ns_wait
}

atf_test_case primary_death_sends_term_to_others
primary_death_sends_term_to_others_head()
{
	atf_set descr "When the primary ends, the others get TERM (the" \
	    "original sent INT)"
	atf_set require.user root
	atf_set timeout 30
}
primary_death_sends_term_to_others_body()
{
	write_trapper
	ns_check -e ignore -- -r sh trapper.sh \
	    -r sh -c 'until [ -e ready ]; do sleep 0.05; done'
	atf_check -o inline:'TERM\n' cat got
}

atf_test_case idle_pid1_uses_no_cpu_and_logs_nothing
idle_pid1_uses_no_cpu_and_logs_nothing_head()
{
	atf_set descr "An idle PID 1 uses next to no CPU time, does not wake" \
	    "up, and its log stays quiet (the original spun and flooded the" \
	    "log)"
	atf_set require.user root
	atf_set timeout 60
}
switches()
{
	# Each wake-up ends in one: voluntary when it sleeps again.
	awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n }' \
	    /proc/$1/status
}
idle_pid1_uses_no_cpu_and_logs_nothing_body()
{
	ns_start -r sleep 100
	wait_for "ns_log_has 'started: \[sleep 100\]'" 10
	# Its socket listens, polled while no client has come (and so no
	# sockd): dinit has one child.
	ns_ready
	atf_check -o inline:'1\n' \
	    sh -c "wc -w </proc/$NS_PID/task/$NS_PID/children"
	t0=$(cpu_ticks $NS_PID)
	s0=$(switches $NS_PID)
	n0=$(wc -l <err)
	sleep 3
	t1=$(cpu_ticks $NS_PID)
	s1=$(switches $NS_PID)
	n1=$(wc -l <err)
	kill -0 $NS_PID || atf_fail "dinit is gone"
	kill -TERM $NS_PID
	ns_wait
	# Bounds, not zero: on a busy machine the tail of start-up may fall
	# in the window.  A spinning loop takes 300 ticks in 3 s; a loop
	# that polls every 100 ms takes none, but switches 30 times.
	t=$((t1 - t0)) s=$((s1 - s0))
	echo "in 3 s: $t ticks, $s context switches"
	[ $t -le 5 ] || atf_fail "PID 1 used $t ticks of CPU in 3 s"
	[ $s -lt 10 ] || atf_fail "PID 1 switched $s times in 3 s"
	atf_check_equal "$n0" "$n1"
}

atf_init_test_cases()
{
	atf_add_test_case term_reaches_child_and_gives_143
	atf_add_test_case term_child_exit_status_is_dinit_status
	atf_add_test_case int_starts_shutdown
	atf_add_test_case hup_is_forwarded
	atf_add_test_case quit_is_forwarded_and_dinit_survives
	atf_add_test_case usr1_is_forwarded
	atf_add_test_case usr2_is_forwarded
	atf_add_test_case winch_is_forwarded
	atf_add_test_case forwarded_signals_reach_every_command
	atf_add_test_case primary_death_sends_term_to_others
	atf_add_test_case idle_pid1_uses_no_cpu_and_logs_nothing
}
