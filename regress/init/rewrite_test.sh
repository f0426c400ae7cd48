#! /usr/bin/env atf-sh
# -rewrite FROM:TO: what dinit sends in place of what it got, for the
# signals it passes on and the one it shuts down with; never SIGKILL.

. $(atf_get_srcdir)/../lib.sh

# A primary that records in "got" every signal it is passed, exits 0 on
# TERM and QUIT, and writes "ready" once its traps are set.
write_trapper()
{
	cat >trapper.sh <<'EOT'
for s in HUP INT USR1 USR2 WINCH; do
	trap "echo $s >>got" $s
done
trap 'echo TERM >>got; exit 0' TERM
trap 'echo QUIT >>got; exit 0' QUIT
touch ready
while :; do sleep 0.05; done
EOT
}

atf_test_case rewrite_term_to_quit_at_shutdown
rewrite_term_to_quit_at_shutdown_head()
{
	atf_set descr "-rewrite TERM:QUIT: a TERM for dinit shuts down with" \
	    "QUIT, as nginx wants for a graceful stop"
	atf_set require.user root
	atf_set timeout 30
}
rewrite_term_to_quit_at_shutdown_body()
{
	write_trapper
	ns_start -rewrite TERM:QUIT -r sh trapper.sh
	wait_for '[ -e ready ]' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:'QUIT\n' cat got
	atf_check -o ignore \
	    grep 'shutting down: SIGQUIT (for SIGTERM) to all processes' err
}

atf_test_case rewrite_takes_numbers
rewrite_takes_numbers_head()
{
	atf_set descr "-rewrite 2:15 (numbers): an INT for dinit shuts down" \
	    "with TERM"
	atf_set require.user root
	atf_set timeout 30
}
rewrite_takes_numbers_body()
{
	write_trapper
	ns_start -rewrite 2:15 -r sh trapper.sh
	wait_for '[ -e ready ]' 10
	kill -INT $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:'TERM\n' cat got
}

atf_test_case rewrite_applies_to_forwarded_signals
rewrite_applies_to_forwarded_signals_head()
{
	atf_set descr "-rewrite USR1:HUP -rewrite HUP:SIGWINCH: what is passed" \
	    "on is rewritten, each signal once (no chains)"
	atf_set require.user root
	atf_set timeout 30
}
rewrite_applies_to_forwarded_signals_body()
{
	write_trapper
	ns_start -rewrite USR1:HUP -rewrite HUP:SIGWINCH -r sh trapper.sh
	wait_for '[ -e ready ]' 10
	kill -USR1 $NS_PID
	wait_for 'grep -q HUP got 2>/dev/null' 10
	kill -HUP $NS_PID
	wait_for 'grep -q WINCH got' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check -o inline:'HUP\nWINCH\nTERM\n' cat got
}

atf_test_case rewrite_to_0_drops_a_forwarded_signal
rewrite_to_0_drops_a_forwarded_signal_head()
{
	atf_set descr "-rewrite HUP:0: a HUP for dinit is passed on to no one"
	atf_set require.user root
	atf_set timeout 30
}
rewrite_to_0_drops_a_forwarded_signal_body()
{
	write_trapper
	ns_start -rewrite HUP:0 -r sh trapper.sh
	wait_for '[ -e ready ]' 10
	kill -HUP $NS_PID
	kill -USR2 $NS_PID
	wait_for 'grep -q USR2 got 2>/dev/null' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check -o inline:'USR2\nTERM\n' cat got
}

atf_test_case rewrite_to_0_at_shutdown_leaves_sigkill
rewrite_to_0_at_shutdown_leaves_sigkill_head()
{
	atf_set descr "-rewrite TERM:0: a TERM for dinit sends nothing, and" \
	    "SIGKILL, never rewritten, comes after the timeout"
	atf_set require.user root
	atf_set timeout 30
}
rewrite_to_0_at_shutdown_leaves_sigkill_body()
{
	write_trapper
	ns_start -timeout 1 -rewrite TERM:0 -rewrite KILL:0 -r sh trapper.sh
	ns_wait
	atf_check_equal 2 "$NS_STATUS"
	atf_check -o match:'-rewrite: want FROM:TO' cat err
	ns_start -timeout 1 -rewrite TERM:0 -r sh trapper.sh
	wait_for '[ -e ready ]' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 137 "$NS_STATUS"
	atf_check -s exit:1 test -e got
	atf_check -o ignore grep 'SIGTERM rewritten to nothing' err
	atf_check -o ignore grep 'SIGKILL to all processes' err
}

atf_test_case rewrite_applies_when_the_primary_ends
rewrite_applies_when_the_primary_ends_head()
{
	atf_set descr "-rewrite TERM:QUIT: when the primary ends, the others" \
	    "are stopped with QUIT too"
	atf_set require.user root
	atf_set timeout 30
}
rewrite_applies_when_the_primary_ends_body()
{
	write_trapper
	ns_check -s exit:0 -e ignore -- -rewrite TERM:QUIT -r sh trapper.sh \
	    -r sh -c 'until [ -e ready ]; do sleep 0.05; done'
	atf_check -o inline:'QUIT\n' cat got
}

atf_init_test_cases()
{
	atf_add_test_case rewrite_term_to_quit_at_shutdown
	atf_add_test_case rewrite_takes_numbers
	atf_add_test_case rewrite_applies_to_forwarded_signals
	atf_add_test_case rewrite_to_0_drops_a_forwarded_signal
	atf_add_test_case rewrite_to_0_at_shutdown_leaves_sigkill
	atf_add_test_case rewrite_applies_when_the_primary_ends
}
