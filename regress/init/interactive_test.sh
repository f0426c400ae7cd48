#! /usr/bin/env atf-sh
# dinit as PID 1 on a terminal, as under docker run -it: the keys reach
# the primary alone, dinit and sockd see none of them, and what is sent
# to dinit with kill keeps its meaning.

. $(atf_get_srcdir)/../lib.sh

# pty_start ARGS: dinit ARGS as PID 1 on a terminal, as under docker run
# -it (regress/helpers/ptyrun): dinit leads its session (setsid -c, in
# the namespace), and the terminal is its controlling terminal, stdin,
# stdout and stderr.  What the terminal shows, dinit's log included,
# collects in "screen"; pty_keys types, pty_resize makes the window
# 40x100.  Sets NS_PID; pty_wait waits for the end.
pty_start()
{
	rm -f keys screen
	mkfifo keys
	exec 3<>keys
	NS_WRAP="$HELPERS/ptyrun -k keys -w 40x100"
	ns_launch setsid -c "$DINIT" "$@" >screen 2>&1
	NS_WRAP=
}

# pty_keys KEYS: type KEYS (printf's escapes: \003 is Ctrl-C).
pty_keys()
{
	printf "$1" >&3
}

pty_resize()
{
	kill -USR1 $NS_JOB
}

# pty_wait: no more keys; wait for dinit to exit, its status in NS_STATUS.
pty_wait()
{
	exec 3>&-
	ns_wait
}

# screen_has PATTERN: a line of the screen matches PATTERN.
screen_has()
{
	tr -d '\r' <screen | grep -q -- "$1"
}

# screen_count PATTERN: how many lines of the screen match PATTERN.
screen_count()
{
	tr -d '\r' <screen | grep -c -- "$1"
}

# wait_screen PATTERN: wait until the screen shows PATTERN.
wait_screen()
{
	_pat=$1
	wait_for 'screen_has "$_pat"' 10
}

# app.sh: says on the terminal which of INT, QUIT, WINCH (with the new
# size) and USR1 it caught; "ready" once its traps are set.
write_app()
{
	cat >app.sh <<'EOF'
trap 'echo caught INT' INT
trap 'echo caught QUIT' QUIT
trap 'echo caught WINCH $(stty size)' WINCH
trap 'echo caught USR1' USR1
echo ready
while :; do sleep 0.1; done
EOF
}

# barrier: a USR1 through dinit to app.sh, back on the screen: whatever
# dinit had been sent before, it has acted on.
BARRIERS=0
barrier()
{
	BARRIERS=$((BARRIERS + 1))
	kill -USR1 $NS_PID
	wait_for '[ "$(screen_count "caught USR1")" -ge $BARRIERS ]' 10
}

# log: the screen without its carriage returns, for atf_check.
log()
{
	tr -d '\r' <screen >log
}

# ns_ps [SELECTION]: "pid pgid tpgid stat args" of the processes in the
# namespace that ps(1)'s SELECTION picks, every one without.
ns_ps()
{
	[ $# -gt 0 ] || set -- -e
	ns_exec ps "$@" -o pid=,pgid=,tpgid=,stat=,args=
}

atf_test_case ctrl_c_reaches_the_app_only
ctrl_c_reaches_the_app_only_head()
{
	atf_set descr "Ctrl-C with an app that traps INT: the app catches it" \
	    "once and runs on, dinit does not shut down"
	atf_set require.user root
	atf_set timeout 30
}
ctrl_c_reaches_the_app_only_body()
{
	write_app
	pty_start -r sh app.sh
	wait_screen '^ready'
	pty_keys '\003'
	wait_screen 'caught INT'
	barrier
	kill -0 $NS_PID || atf_fail "dinit is gone"
	kill -TERM $NS_PID
	pty_wait
	atf_check_equal 143 "$NS_STATUS"
	log
	atf_check -o inline:'1\n' grep -c 'caught INT' log
	atf_check -o not-match:'SIGINT' grep 'shutting down' log
}

atf_test_case ctrl_c_reaches_the_app_run_as_another
ctrl_c_reaches_the_app_run_as_another_head()
{
	atf_set descr "-run-as 1000: the terminal is still handed to the" \
	    "app, whose keys reach it alone, and dinit's TERM ends it"
	atf_set require.user root
	atf_set timeout 30
}
ctrl_c_reaches_the_app_run_as_another_body()
{
	write_app
	pty_start -run-as 1000 -- sh -c "$(cat app.sh)"
	wait_screen '^ready'
	pty_keys '\003'
	wait_screen 'caught INT'
	barrier
	ns_exec ps --ppid 1 -o uid=,pgid=,tpgid=,args= >ps.out
	kill -TERM $NS_PID
	pty_wait
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o inline:'1000 fg\n' awk '$4 == "sh" {
	    print $1, ($2 == $3 ? "fg" : "bg") }' ps.out
	log
	atf_check -o inline:'1\n' grep -c 'caught INT$' log
}

atf_test_case ctrl_c_ends_cat_with_130
ctrl_c_ends_cat_with_130_head()
{
	atf_set descr "dinit -r cat and Ctrl-C: cat dies of INT, dinit shuts" \
	    "down for that with TERM and exits 130"
	atf_set require.user root
	atf_set timeout 30
}
ctrl_c_ends_cat_with_130_body()
{
	pty_start -r cat
	wait_screen 'started: \[cat\]'
	pty_keys '\003'
	pty_wait
	atf_check_equal 130 "$NS_STATUS"
	log
	atf_check -o ignore grep 'finished: \[cat\] (signal INT)' log
	atf_check -o inline:'shutting down: SIGTERM to all processes\n' \
	    sed -n 's/.*dinit: \(shutting down.*\)/\1/p' log
}

# once_after ACTION SIG: with sigcount as the primary, ACTION (a key, or
# pty_resize) gets SIG to it once, from the terminal: dinit does not pass
# it on as well.  A USR1 sent to dinit after it has come is the barrier.
once_after()
{
	pty_start -r /mnt/helpers/sigcount counts "$2" USR1
	wait_for '[ -e counts ]' 10
	eval "$1"
	wait_for "grep -q '^$2 [1-9]' counts" 10
	kill -USR1 $NS_PID
	wait_for "grep -q '^USR1 1' counts" 10
	atf_check -o inline:"$2 1\nUSR1 1\n" cat counts
	kill -TERM $NS_PID
	pty_wait
	atf_check_equal 0 "$NS_STATUS"
}

atf_test_case ctrl_backslash_reaches_the_app_once
ctrl_backslash_reaches_the_app_once_head()
{
	atf_set descr "Ctrl-\\: the app gets QUIT once, from the terminal;" \
	    "dinit does not pass it on again"
	atf_set require.user root
	atf_set timeout 30
}
ctrl_backslash_reaches_the_app_once_body()
{
	once_after "pty_keys '\\034'" QUIT
}

atf_test_case commands_lead_groups_of_their_own
commands_lead_groups_of_their_own_head()
{
	atf_set descr "Each -r command runs in a process group of its own," \
	    "not in dinit's"
	atf_set require.user root
	atf_set timeout 30
}
# groups_seen: what ns_ps shows of dinit and its children (not of a
# child of app.sh between fork and exec), in ps.out, while a command runs
# in the background and app.sh, the primary, is ready.
groups_seen()
{
	write_app
	pty_start -r sleep 100 -r sh app.sh
	wait_screen '^ready'
	ns_ps -p 1 --ppid 1 >ps.out
	kill -TERM $NS_PID
	pty_wait
	cat ps.out
}

commands_lead_groups_of_their_own_body()
{
	groups_seen
	atf_check -o inline:'sleep own\nsh own\n' awk '
	    $5 == "sleep" && $6 == "100" || $5 == "sh" && $6 == "app.sh" {
		print $5, ($1 == $2 ? "own" : "shared " $2) }' ps.out
}

atf_test_case primary_has_the_terminal
primary_has_the_terminal_head()
{
	atf_set descr "The primary's group is the terminal's foreground" \
	    "group; the other commands and dinit are in the background"
	atf_set require.user root
	atf_set timeout 30
}
primary_has_the_terminal_body()
{
	groups_seen
	atf_check -o inline:'dinit bg\nsleep bg\nsh fg\n' awk '
	    $1 == 1 { print "dinit", ($2 == $3 ? "fg" : "bg") }
	    $5 == "sleep" && $6 == "100" || $5 == "sh" && $6 == "app.sh" {
		print $5, ($2 == $3 ? "fg" : "bg") }' ps.out
}

atf_test_case shell_has_job_control
shell_has_job_control_head()
{
	atf_set descr "An interactive shell as primary has job control:" \
	    "Ctrl-Z stops a job, jobs lists it, fg resumes it, Ctrl-C ends it"
	atf_set require.user root
	atf_set require.progs bash
	atf_set timeout 60
}
job_is_foreground()
{
	ns_ps | awk '$5 == "sleep" && $6 == "100" && $2 == $3 &&
	    $4 !~ /T/ { ok = 1 } END { exit !ok }'
}
shell_has_job_control_body()
{
	pty_start -r env 'PS1=prompt> ' bash --norc --noprofile --noediting -i
	wait_screen 'prompt> '
	# The job says job-42 when it runs, which its typed line does not.
	pty_keys "sh -c 'echo job-\$((40+2)); exec sleep 100'\n"
	wait_screen 'job-42'
	pty_keys '\032'
	wait_screen 'Stopped'
	pty_keys 'jobs\n'
	wait_for '[ "$(screen_count "\[1\]+ *Stopped")" -ge 2 ]' 10
	pty_keys 'fg\n'
	wait_for job_is_foreground 10
	pty_keys '\003'
	pty_keys 'echo status-$?\n'
	wait_screen 'status-130'
	pty_keys 'exit\n'
	pty_wait
	atf_check_equal 0 "$NS_STATUS"
}

atf_test_case window_size_follows
window_size_follows_head()
{
	atf_set descr "A resized terminal: the app gets WINCH and reads the" \
	    "new size"
	atf_set require.user root
	atf_set timeout 30
}
window_size_follows_body()
{
	write_app
	pty_start -r sh app.sh
	wait_screen '^ready'
	pty_resize
	wait_screen 'caught WINCH 40 100'
	kill -TERM $NS_PID
	pty_wait
}

atf_test_case resize_signals_the_app_once
resize_signals_the_app_once_head()
{
	atf_set descr "A resized terminal: the app gets WINCH once, from the" \
	    "terminal; dinit does not pass it on again"
	atf_set require.user root
	atf_set timeout 30
}
resize_signals_the_app_once_body()
{
	once_after pty_resize WINCH
}

atf_test_case dinit_logs_from_the_background_under_tostop
dinit_logs_from_the_background_under_tostop_head()
{
	atf_set descr "With stty tostop set by the primary, dinit, in the" \
	    "background, is not stopped by TTOU and its log still reaches" \
	    "the terminal"
	atf_set require.user root
	atf_set timeout 30
}
dinit_logs_from_the_background_under_tostop_body()
{
	pty_start -r sh -c 'until [ -e tostop ]; do sleep 0.05; done; exit 7' \
	    -r sh -c 'stty tostop && touch tostop; exec sleep 100'
	wait_screen 'finished: .* (status 7)'
	atf_check -s exit:1 grep '^State:.*T' /proc/$NS_PID/status
	kill -TERM $NS_PID
	pty_wait
	atf_check_equal 143 "$NS_STATUS"
	log
	atf_check -o ignore grep 'finished: .*exec sleep 100\] (signal TERM)' log
	atf_check -s exit:1 grep 'dropped' log
}

atf_test_case terminal_int_to_dinit_is_no_shutdown
terminal_int_to_dinit_is_no_shutdown_head()
{
	atf_set descr "Ctrl-C while a command has handed the terminal back" \
	    "to dinit's group: dinit says so and does not shut down"
	atf_set require.user root
	atf_set timeout 30
}
terminal_int_to_dinit_is_no_shutdown_body()
{
	pty_start -r "$PYTHON" -c 'import os, time
os.tcsetpgrp(0, os.getpgid(1))
print("handed", flush=True)
time.sleep(100)'
	wait_screen '^handed'
	pty_keys '\003'
	wait_screen 'SIGINT from the terminal: not for dinit'
	kill -0 $NS_PID || atf_fail "dinit is gone"
	atf_check -s exit:1 grep 'shutting down' screen
	kill -TERM $NS_PID
	pty_wait
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case kill_int_still_shuts_down
kill_int_still_shuts_down_head()
{
	atf_set descr "On a terminal, an INT sent to dinit with kill still" \
	    "starts a shutdown"
	atf_set require.user root
	atf_set timeout 30
}
kill_int_still_shuts_down_body()
{
	pty_start -r sleep 100
	wait_screen 'started: \[sleep 100\]'
	kill -INT $NS_PID
	pty_wait
	atf_check_equal 130 "$NS_STATUS"
	log
	atf_check -o ignore grep 'shutting down: SIGINT to all processes' log
}

atf_test_case sockd_has_a_session_of_its_own
sockd_has_a_session_of_its_own_head()
{
	atf_set descr "sockd leads a session of its own and has no" \
	    "controlling terminal"
	atf_set require.user root
	atf_set timeout 30
}
sockd_has_a_session_of_its_own_body()
{
	pty_start -r sleep 100
	knock
	s=$(sockd_pid)
	atf_check_equal "$s ?" \
	    "$(ns_exec ps -o sid=,tty= -p "$s" | awk '{ print $1, $2 }')"
	kill -TERM $NS_PID
	pty_wait
}

# sockd_survives KEY NAME: sockd is the same process after KEY, which
# app.sh catches as NAME, and nothing is said of it.
sockd_survives()
{
	write_app
	pty_start -r sh app.sh
	wait_screen '^ready'
	knock
	s=$(sockd_pid)
	pty_keys "$1"
	wait_screen "caught $2"
	barrier
	atf_check_equal "$s" "$(sockd_pid)"
	kill -TERM $NS_PID
	pty_wait
	atf_check -s exit:1 grep 'sockd pid' screen
}

atf_test_case sockd_survives_ctrl_c
sockd_survives_ctrl_c_head()
{
	atf_set descr "Ctrl-C does not reach sockd"
	atf_set require.user root
	atf_set timeout 30
}
sockd_survives_ctrl_c_body()
{
	sockd_survives '\003' INT
}

atf_test_case sockd_survives_ctrl_backslash
sockd_survives_ctrl_backslash_head()
{
	atf_set descr "Ctrl-\\ does not reach sockd, which is not restarted"
	atf_set require.user root
	atf_set timeout 30
}
sockd_survives_ctrl_backslash_body()
{
	sockd_survives '\034' QUIT
}

atf_test_case sockd_survives_term_and_int
sockd_survives_term_and_int_head()
{
	atf_set descr "TERM and INT sent to sockd itself (as kill -1 would)" \
	    "do not end it"
	atf_set require.user root
	atf_set timeout 30
}
sockd_survives_term_and_int_body()
{
	write_app
	pty_start -r sh app.sh
	wait_screen '^ready'
	knock
	s=$(sockd_pid)
	ns_exec kill -TERM "$s"
	ns_exec kill -INT "$s"
	barrier
	atf_check_equal "$s" "$(sockd_pid)"
	kill -TERM $NS_PID
	pty_wait
	atf_check -s exit:1 grep 'sockd pid' screen
}

atf_test_case sockd_ends_quietly_on_int_for_dinit
sockd_ends_quietly_on_int_for_dinit_head()
{
	atf_set descr "An INT for dinit shuts down; sockd ends by dinit's" \
	    "word, not killed by the INT, and nothing is said of it"
	atf_set require.user root
	atf_set timeout 30
}
sockd_ends_quietly_on_int_for_dinit_body()
{
	pty_start -r sleep 100
	knock
	kill -INT $NS_PID
	pty_wait
	atf_check_equal 130 "$NS_STATUS"
	atf_check -s exit:1 grep 'sockd pid' screen
}

atf_test_case taken_over_sockd_gets_no_keys_and_sets_no_flags
taken_over_sockd_gets_no_keys_and_sets_no_flags_head()
{
	atf_set descr "On a terminal, a sockd taken over by a uid 1000 client" \
	    "reads every fd it holds while a line is typed, then sets" \
	    "O_NONBLOCK on 0, 1 and 2: it gets no byte, is killed for the" \
	    "second, and the primary reads both lines it was typed"
	atf_set require.user root
	atf_set timeout 60
}
taken_over_sockd_gets_no_keys_and_sets_no_flags_body()
{
	DINIT=$ADVERSARY
	# The primary reads the terminal only once "go" exists: until then
	# a line typed there is for whoever else reads it.
	pty_start -user 4100:4100 -socket-mode 0666 -r sh -c \
	    'while [ ! -e /tmp/w/go ]; do sleep 0.05; done
	    while read -r l; do echo "primary read \$l"; done
	    echo "primary read failed"'
	wait_screen 'started: \[sh -c'
	knock
	adv_client -u wait 'read-fds -r true' >client.out &
	client=$!
	wait_screen 'sockd: adversary: attack read-fds'
	pty_keys 'secret\n'
	wait $client
	atf_check -o match:'^read 0 bytes$' cat client.out
	touch go
	wait_screen 'primary read secret'
	# It waits to be killed after an attack: the next one is a new sockd's.
	ns_exec kill -KILL "$(sockd_pid)"
	wait_screen 'sockd restarts on demand'
	adv_client -u wait 'nonblock-fds -r true' >client.out
	wait_screen 'sockd pid [0-9]* killed by SIGSYS'
	pty_keys 'again\n'
	wait_screen 'primary read again'
	kill -TERM $NS_PID
	pty_wait
	log
	atf_check -s exit:1 grep '^primary read failed' log
}

atf_test_case stalled_terminal_costs_pid1_nothing
stalled_terminal_costs_pid1_nothing_head()
{
	atf_set descr "While the terminal takes no output (Ctrl-S), a uid" \
	    "1000 command floods its relayed stdout: PID 1 spends next to" \
	    "no CPU, the command waits, and its output comes after Ctrl-Q"
	atf_set require.user root
	atf_set timeout 60
}
stalled_terminal_costs_pid1_nothing_body()
{
	pty_start -socket-mode 0666 -r sleep 100
	wait_screen 'started: \[sleep 100\]'
	pty_keys '\023'
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" \
	    -submit -r sh -c 'while :; do echo flood flood flood; done'
	flooder=$(pgrep -u 1000 -f 'echo flood')
	p0=$(cpu_ticks $NS_PID)
	f0=$(cpu_ticks $flooder)
	sleep 2
	p1=$(cpu_ticks $NS_PID)
	f1=$(cpu_ticks $flooder)
	echo "in 2 s stalled: PID 1 $((p1 - p0)) ticks, the writer $((f1 - f0))"
	[ $((p1 - p0)) -le 10 ] ||
	    atf_fail "PID 1 spent $((p1 - p0)) ticks on a stalled relay"
	pty_keys '\021'
	wait_screen '^flood flood flood'
	kill -TERM $NS_PID
	pty_wait
}

atf_init_test_cases()
{
	atf_add_test_case stalled_terminal_costs_pid1_nothing
	atf_add_test_case taken_over_sockd_gets_no_keys_and_sets_no_flags
	atf_add_test_case ctrl_c_reaches_the_app_only
	atf_add_test_case ctrl_c_reaches_the_app_run_as_another
	atf_add_test_case ctrl_c_ends_cat_with_130
	atf_add_test_case ctrl_backslash_reaches_the_app_once
	atf_add_test_case commands_lead_groups_of_their_own
	atf_add_test_case primary_has_the_terminal
	atf_add_test_case shell_has_job_control
	atf_add_test_case window_size_follows
	atf_add_test_case resize_signals_the_app_once
	atf_add_test_case dinit_logs_from_the_background_under_tostop
	atf_add_test_case terminal_int_to_dinit_is_no_shutdown
	atf_add_test_case kill_int_still_shuts_down
	atf_add_test_case sockd_has_a_session_of_its_own
	atf_add_test_case sockd_survives_ctrl_c
	atf_add_test_case sockd_survives_ctrl_backslash
	atf_add_test_case sockd_survives_term_and_int
	atf_add_test_case sockd_ends_quietly_on_int_for_dinit
}
