#! /usr/bin/env atf-sh
# A submission is a unit: everything it starts, by setsid or double
# fork, ends with it; it can be held to a time and to resource limits.
# As PID 1, with submitters of uid 1000 and root.

. $(atf_get_srcdir)/../lib.sh

# policy LINES...: the rules file pol, one argument a line, root's, 0600.
policy()
{
	printf '%s\n' "$@" >pol
	chmod 600 pol
}

# ESCAPE: a shell that leaves three sleeps behind, by a plain
# background job, by setsid, and by a double fork into a new session,
# writes their pids to /tmp/pids (the namespace's, which any uid may
# write), and exits 0.
ESCAPE='rm -f /tmp/c.pid; sleep 1000 & a=$!; setsid sleep 1001 & b=$!;
(setsid sh -c "sleep 1002 & echo \$! >/tmp/c.pid" &);
while [ ! -s /tmp/c.pid ]; do sleep 0.01; done;
echo $a $b $(cat /tmp/c.pid) >/tmp/pids; exit 0'

# pids: what the command wrote to /tmp/pids.
pids()
{
	ns_exec cat /tmp/pids
}

# alive N: N of the pids in /tmp/pids run (zombies not counted).
alive()
{
	_n=0
	for _p in $(pids); do
		ns_exec grep -qs '^State:[[:space:]]*[^Z]' /proc/$_p/status &&
		    _n=$((_n + 1))
	done
	[ $_n -eq $1 ] || atf_fail "$_n of $(pids) run, not $1"
}

# none_of_uid_1000: no process of uid 1000 is left in the namespace.
none_of_uid_1000()
{
	ns_exec_check -s exit:1 -o empty -- pgrep -u 1000
}

# finished PATTERN: wait for dinit's line of a submission's end.
finished()
{
	wait_for "ns_log_has 'finished: \[$1'" 20
}

atf_test_case escapees_of_uid_1000_end_with_it
escapees_of_uid_1000_end_with_it_head()
{
	atf_set descr "What a uid-1000 detached submission leaves behind (a" \
	    "background job, a setsid child, a double fork into a new" \
	    "session) is gone by the time dinit logs its end"
	atf_set require.user root
	atf_set timeout 60
}
escapees_of_uid_1000_end_with_it_body()
{
	start -socket-mode 0666 -r sleep 120
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -expand=false -submit \
	    -r sh -c "$ESCAPE"
	finished 'sh -c'
	pids | grep -Eq '^[0-9]+ [0-9]+ [0-9]+$' || atf_fail "pids: $(pids)"
	# The line comes once the guard has seen the last of them go.
	alive 0
	none_of_uid_1000
	atf_check -o match:'finished: \[sh -c .*\(status 0\)$' cat err
	stop
}

atf_test_case root_detached_leftovers_run_on
root_detached_leftovers_run_on_head()
{
	atf_set descr "root's detached submission leaves what it started" \
	    "running, as the original did; -submit-limit teardown=yes ends" \
	    "it too"
	atf_set require.user root
	atf_set timeout 60
}
root_detached_leftovers_run_on_body()
{
	start -r sleep 120
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -expand=false -submit \
	    -r sh -c "$ESCAPE"
	finished 'sh -c'
	alive 3
	# Orphans of PID 1 now, as any daemon a command leaves.
	for p in $(pids); do
		ns_exec_check -o match:'^PPid:[[:space:]]+1$' -- \
		    grep PPid /proc/$p/status
	done
	stop
	rm -f err
	start -submit-limit teardown=yes -r sleep 120
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -expand=false -submit \
	    -r sh -c "$ESCAPE"
	finished 'sh -c'
	alive 0
	stop
}

atf_test_case rule_teardown_says_for_root_only
rule_teardown_says_for_root_only_head()
{
	atf_set descr "A rule's teardown=yes ends what root's detached" \
	    "submission leaves; teardown=no leaves it; for uid 1000" \
	    "teardown=no changes nothing: its leftovers end"
	atf_set require.user root
	atf_set timeout 60
}
rule_teardown_says_for_root_only_body()
{
	policy 'permit limit teardown=no root cmd /bin/sh' \
	    'permit limit teardown=yes root cmd /usr/bin/env' \
	    'permit limit teardown=no 1000 cmd /bin/sh'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 120
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -expand=false -submit \
	    -r /bin/sh -c "$ESCAPE"
	finished '/bin/sh -c'
	alive 3
	ns_exec kill $(pids)
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -expand=false -submit \
	    -r /usr/bin/env sh -c "$ESCAPE"
	finished '/usr/bin/env sh -c'
	alive 0
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -expand=false -submit \
	    -r /bin/sh -c "$ESCAPE"
	wait_for '[ $(grep -c "finished: \[/bin/sh -c" err) -eq 2 ]' 20
	alive 0
	stop
	ns_check -o match:'line 2: permit limit teardown=yes root' -- \
	    -check-policy /tmp/w/pol
}

atf_test_case killed_wait_client_ends_everything
killed_wait_client_ends_everything_head()
{
	atf_set descr "A -wait client killed by KILL: its command and all it" \
	    "started end (TERM), and the log says why"
	atf_set require.user root
	atf_set timeout 60
}
killed_wait_client_ends_everything_body()
{
	start -socket-mode 0666 -r sleep 120
	ns_exec $AS_USER "$NS_DINIT" -expand=false -submit -wait -r sh -c \
	    'sleep 1000 & setsid sleep 1001 & echo $$ $! >/tmp/pids; wait' \
	    >client.out 2>&1 &
	client=$!
	wait_for 'ns_exec test -s /tmp/pids' 10
	alive 2
	ns_exec pkill -KILL -f 'submit -wait -r sh -c sleep 1000'
	wait $client || true
	finished "sh -c sleep 1000"
	alive 0
	none_of_uid_1000
	atf_check -o match:'finished: \[sh -c sleep 1000.*\(signal TERM\) \(its client left\)$' cat err
	stop
}

atf_test_case killed_sockd_ends_wait_submissions
killed_sockd_ends_wait_submissions_head()
{
	atf_set descr "sockd killed while a -wait submission runs: the" \
	    "submission and everything it started end"
	atf_set require.user root
	atf_set timeout 60
}
killed_sockd_ends_wait_submissions_body()
{
	start -socket-mode 0666 -r sleep 120
	ns_exec $AS_USER "$NS_DINIT" -expand=false -submit -wait -r sh -c \
	    'setsid sleep 1001 & echo $$ $! >/tmp/pids; wait' \
	    >client.out 2>&1 &
	client=$!
	wait_for 'ns_exec test -s /tmp/pids' 10
	ns_exec kill -KILL $(sockd_pid)
	finished "sh -c setsid"
	alive 0
	atf_check -o match:'\(sockd died\)$' grep 'finished: \[sh -c setsid' err
	wait $client || true
	stop
}

atf_test_case time_limit_ends_on_time
time_limit_ends_on_time_head()
{
	atf_set descr "A time limit of 500 ms ends the submission no sooner" \
	    "than 500 ms after it started, long before its command would" \
	    "end; -wait exits 124; the JSON says reason time-limit; the" \
	    "client may only lower the time"
	atf_set require.user root
	atf_set timeout 60
}
time_limit_ends_on_time_body()
{
	start -log-format json -submit-limit time=500ms -socket-mode 0666 \
	    -r sleep 120
	ns_exec_check -s exit:124 -- $AS_USER "$NS_DINIT" -expand=false -submit -wait \
	    -r sh -c 'sleep 5 & setsid sleep 6 & wait'
	wait_for 'grep -q "\"event\":\"killed\".*\"reason\":\"time-limit\"" err' 10
	ms=$(sed -n 's/.*"event":"killed".*"reason":"time-limit".*"duration_ms":\([0-9]*\).*/\1/p' err)
	echo "ended after $ms ms"
	# Never early; later by what a busy machine takes, but well before
	# the command's own end (no bound on time is asserted).
	[ "$ms" -ge 500 ] || atf_fail "ended early: $ms ms"
	[ "$ms" -lt 5000 ] || atf_fail "ended by itself: $ms ms"
	atf_check -o match:'"submission_id":[0-9]+' grep '"reason":"time-limit"' err
	none_of_uid_1000
	# A longer time from the client does not raise the limit; a shorter
	# one lowers it: under a rule's 3 s, a client's 10 s ends by the 3
	# s, and a client's 200 ms well before it.
	stop
	start -log-format json -submit-limit time=3s -socket-mode 0666 \
	    -r sleep 120
	ns_exec_check -s exit:124 -- $AS_USER "$NS_DINIT" -expand=false -submit -wait \
	    -time-limit 10s -r sleep 20
	ns_exec_check -s exit:124 -- "$NS_DINIT" -expand=false -submit -wait \
	    -time-limit 200ms -r sleep 20
	wait_for '[ $(grep -c "\"reason\":\"time-limit\"" err) -eq 2 ]' 30
	set -- $(grep '"reason":"time-limit"' err |
	    sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p')
	[ "$1" -ge 3000 ] && [ "$1" -lt 10000 ] ||
	    atf_fail "the client's 10 s came to $1 ms, not the rule's 3 s"
	[ "$2" -ge 200 ] && [ "$2" -lt 3000 ] ||
	    atf_fail "the client's 200 ms came to $2 ms"
	# Detached too, in the text log.
	stop
	start -submit-limit time=300ms -socket-mode 0666 -r sleep 120
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -expand=false -submit \
	    -r sleep 5
	finished 'sleep 5'
	atf_check -o match:'finished: \[sleep 5\] \(signal TERM\) \(time limit\)$' cat err
	stop
}

atf_test_case kill_after_sends_kill
kill_after_sends_kill_head()
{
	atf_set descr "A process that ignores TERM gets KILL after the" \
	    "limits' kill-after"
	atf_set require.user root
	atf_set timeout 60
}
kill_after_sends_kill_body()
{
	start -log-format json -submit-limit time=200ms,kill-after=300ms \
	    -socket-mode 0666 -r sleep 120
	ns_exec_check -s exit:124 -- $AS_USER "$NS_DINIT" -expand=false -submit -wait \
	    -r sh -c 'trap "" TERM; (trap "" TERM; setsid sleep 100 & wait) & sleep 100'
	none_of_uid_1000
	ms=$(sed -n 's/.*"reason":"time-limit".*"duration_ms":\([0-9]*\).*/\1/p' err)
	echo "ended after $ms ms"
	[ "$ms" -ge 500 ] || atf_fail "KILL came early: $ms ms"
	stop
}

atf_test_case rlimits_read_back
rlimits_read_back_head()
{
	atf_set descr "A rule's limits show in /proc/PID/limits of the" \
	    "command, run as a uid of the test's own (nproc counts the" \
	    "uid's processes across the machine: another test's uid-1000" \
	    "fork bomb would make its exec fail)"
	atf_set require.user root
	atf_set timeout 60
}
rlimits_read_back_body()
{
	policy "permit limit nofile=256,nproc=64,as=1G,fsize=10M,core=0,cpu=100,stack=4M $OWN_UID cmd /bin/cat args /proc/self/limits"
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 120
	ns_exec_check -o save:limits -- setpriv --reuid $OWN_UID \
	    --regid $OWN_UID --clear-groups "$NS_DINIT" -expand=false -submit -wait \
	    -r /bin/cat /proc/self/limits
	cat limits
	atf_check -o match:'^Max open files +256 +256 ' cat limits
	atf_check -o match:'^Max processes +64 +64 ' cat limits
	atf_check -o match:'^Max address space +1073741824 +1073741824 ' \
	    cat limits
	atf_check -o match:'^Max file size +10485760 +10485760 ' cat limits
	atf_check -o match:'^Max core file size +0 +0 ' cat limits
	atf_check -o match:'^Max cpu time +100 +100 ' cat limits
	atf_check -o match:'^Max stack size +4194304 +4194304 ' cat limits
	# And -check-policy shows them.
	stop
	ns_check -o match:'limit nofile=256,nproc=64,as=1073741824' -- \
	    -check-policy /tmp/w/pol -as-user $OWN_UID -r /bin/cat /proc/self/limits
}

atf_test_case fork_bomb_is_held_and_ended
fork_bomb_is_held_and_ended_head()
{
	atf_set descr "A uid-1000 fork bomb under nproc=64: signals are still" \
	    "forwarded, root's submission is served, and when its time" \
	    "limit ends it every process of it is gone"
	atf_set require.user root
	atf_set timeout 120
}
fork_bomb_is_held_and_ended_body()
{
	write_trap usr1.sh USR1 'echo usr1 >>got'
	start -submit-limit time=3s,nproc=64,kill-after=500ms \
	    -socket-mode 0666 -r sh /tmp/w/usr1.sh
	wait_for 'test -e ready' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -expand=false -submit \
	    -r sh -c 'trap "" USR1; b() { b & b & sleep 100; }; b & exec sleep 100'
	wait_for '[ $(ns_exec pgrep -c -u 1000) -ge 10 ]' 10
	t0=$(now_ms)
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -expand=false -submit -r true
	echo "root's submission answered in $(($(now_ms) - t0)) ms"
	kill -USR1 $NS_PID
	wait_for 'grep -q usr1 got' 5
	n=$(ns_exec pgrep -c -u 1000)
	echo "$n processes of uid 1000"
	[ "$n" -le 64 ] || atf_fail "$n processes under nproc=64"
	finished "sh -c trap"
	none_of_uid_1000
	atf_check -o match:'\(time limit\)$' grep 'finished: \[sh -c trap' err
	stop
}

atf_init_test_cases()
{
	atf_add_test_case escapees_of_uid_1000_end_with_it
	atf_add_test_case root_detached_leftovers_run_on
	atf_add_test_case rule_teardown_says_for_root_only
	atf_add_test_case killed_wait_client_ends_everything
	atf_add_test_case killed_sockd_ends_wait_submissions
	atf_add_test_case time_limit_ends_on_time
	atf_add_test_case kill_after_sends_kill
	atf_add_test_case rlimits_read_back
	atf_add_test_case fork_bomb_is_held_and_ended
}
