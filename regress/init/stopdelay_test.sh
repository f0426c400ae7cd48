#! /usr/bin/env atf-sh
# -stop-delay D: a TERM or INT from outside waits D before the shutdown
# signal goes out; the primary's end and a second TERM do not wait.

. $(atf_get_srcdir)/../lib.sh

# A primary that writes "ready" once it traps TERM, then on TERM the
# milliseconds since the epoch to "got", and exits 0.
write_timer()
{
	write_trap timer.sh TERM 'echo $(($(date +%s%N) / 1000000)) >got; exit 0'
}

# at_once T0: less than 10 s have passed since T0 (ms): the 30 s delay
# was not waited for.
at_once()
{
	_t=$(($(now_ms) - $1))
	[ $_t -lt 10000 ] || atf_fail "took $_t ms"
}

# draining ARGS...: dinit with -stop-delay 30s and ARGS, once a TERM for
# it has started the delay.
draining()
{
	ns_start -stop-delay 30s "$@"
	wait_for '[ -e ready ]' 10
	kill -TERM $NS_PID
	wait_for "ns_log_has 'shutting down in 30000 ms'" 10
}

# delayed FLAGS...: dinit with FLAGS and the timer; a TERM for it; how
# long the shutdown signal took to come, in ms, is in $took.
delayed()
{
	write_timer
	ns_start "$@" -r sh timer.sh
	wait_for '[ -e ready ]' 10
	t0=$(now_ms)
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	took=$(($(cat got) - t0))
	echo "the shutdown signal came after $took ms"
}

atf_test_case stop_delay_holds_the_shutdown_signal
stop_delay_holds_the_shutdown_signal_head()
{
	atf_set descr "-stop-delay 1s: the primary gets TERM a second after" \
	    "dinit did, and ran on meanwhile"
	atf_set require.user root
	atf_set timeout 30
}
stop_delay_holds_the_shutdown_signal_body()
{
	delayed -stop-delay 1s
	# Never early; late only by what a loaded machine takes (the delay
	# itself is what the log says).
	[ $took -ge 990 ] || atf_fail "TERM came after $took ms"
	[ $took -lt 10000 ] || atf_fail "TERM came after $took ms"
	atf_check -o ignore grep 'SIGTERM: shutting down in 1000 ms' err
}

atf_test_case dinit_stop_delay_env
dinit_stop_delay_env_head()
{
	atf_set descr "DINIT_STOP_DELAY=1 does what -stop-delay 1 does"
	atf_set require.user root
	atf_set timeout 30
}
dinit_stop_delay_env_body()
{
	export DINIT_STOP_DELAY=1
	delayed
	[ $took -ge 990 ] || atf_fail "TERM came after $took ms"
}

atf_test_case no_stop_delay_no_wait
no_stop_delay_no_wait_head()
{
	atf_set descr "Without -stop-delay, the shutdown signal goes out at" \
	    "once"
	atf_set require.user root
	atf_set timeout 30
}
no_stop_delay_no_wait_body()
{
	delayed
	# No delay is armed: the log goes from the TERM to the shutdown
	# signal with no "shutting down in"; the time only bounds a hang.
	atf_check -o ignore grep 'shutting down: SIGTERM to all processes' err
	atf_check -s exit:1 grep 'shutting down in' err
	[ $took -lt 10000 ] || atf_fail "TERM came after $took ms"
}

atf_test_case primary_end_does_not_wait
primary_end_does_not_wait_head()
{
	atf_set descr "-stop-delay 30s: when the primary ends, the others get" \
	    "TERM at once"
	atf_set require.user root
	atf_set timeout 30
}
primary_end_does_not_wait_body()
{
	write_timer
	t0=$(now_ms)
	ns_check -s exit:3 -e ignore -- -stop-delay 30s -r sh timer.sh \
	    -r sh -c 'until [ -e ready ]; do sleep 0.05; done; exit 3'
	at_once $t0
	atf_check -o match:'^[0-9]+$' cat got
}

atf_test_case primary_end_during_delay_does_not_wait
primary_end_during_delay_does_not_wait_head()
{
	atf_set descr "-stop-delay 30s: when the primary ends during the" \
	    "delay, the others get TERM at once"
	atf_set require.user root
	atf_set timeout 30
}
primary_end_during_delay_does_not_wait_body()
{
	write_timer
	draining -r sh timer.sh \
	    -r sh -c 'until [ -e end ]; do sleep 0.05; done; exit 3'
	t0=$(now_ms)
	touch end
	ns_wait
	at_once $t0
	atf_check_equal 3 "$NS_STATUS"
	atf_check -o match:'^[0-9]+$' cat got
}

atf_test_case second_term_cuts_the_delay
second_term_cuts_the_delay_head()
{
	atf_set descr "-stop-delay 30s: a second TERM during the delay starts" \
	    "the shutdown at once"
	atf_set require.user root
	atf_set timeout 30
}
second_term_cuts_the_delay_body()
{
	write_timer
	draining -r sh timer.sh
	kill -0 $NS_PID || atf_fail "dinit is gone"
	atf_check -s exit:1 test -e got
	t0=$(now_ms)
	kill -TERM $NS_PID
	ns_wait
	at_once $t0
	atf_check_equal 0 "$NS_STATUS"
}

atf_test_case delay_keeps_passing_signals_on
delay_keeps_passing_signals_on_head()
{
	atf_set descr "During -stop-delay, dinit still passes signals on"
	atf_set require.user root
	atf_set timeout 30
}
delay_keeps_passing_signals_on_body()
{
	write_trap hup.sh HUP 'touch hup'
	draining -r sh hup.sh
	kill -HUP $NS_PID
	wait_for '[ -e hup ]' 10
	kill -KILL $NS_PID
	ns_wait
}

atf_init_test_cases()
{
	atf_add_test_case stop_delay_holds_the_shutdown_signal
	atf_add_test_case dinit_stop_delay_env
	atf_add_test_case no_stop_delay_no_wait
	atf_add_test_case primary_end_does_not_wait
	atf_add_test_case primary_end_during_delay_does_not_wait
	atf_add_test_case second_term_cuts_the_delay
	atf_add_test_case delay_keeps_passing_signals_on
}
