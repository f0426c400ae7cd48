#! /usr/bin/env atf-sh
# A compromised sockd (dinit-adversary) lies to init about whose
# connection a command comes with (another socket, a connection used
# before, commands out of order), sends frames init must refuse, floods
# it, and tries what its sandbox forbids.  init runs nothing but what a
# connection's own client asked for, once, as that client; the liar is
# killed, by init or by its seccomp filter, and the next sockd serves.

. $(atf_get_srcdir)/../lib.sh

# The command of the identity attacks: its file says who ran it.
RAN='sh -c "id -u >>/tmp/ran"'

# refused [-u] LINE WHY: the attack LINE, for a root client (uid 1000
# with -u), gets sockd killed for a bad frame WHY; LINE's command, which
# would make /tmp/ran, never runs, the client sees the end and no fd,
# and the next sockd serves.
refused()
{
	_u=
	[ "$1" != -u ] || { _u=-u; shift; }
	adv_start
	adv_attack $_u wait "$1"
	atf_check -o inline:'fds 0\n' cat client.out
	adv_bad_frame "$2"
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_none_as_root
	adv_survived
}

# forbidden [-u] MODE LINE: the attack LINE, for a root client (uid 1000
# with -u), gets sockd killed by its seccomp filter; LINE's command,
# which would make /tmp/ran, never runs, and the client gets no fd.
forbidden()
{
	adv_start
	adv_attack "$@"
	atf_check -o inline:'fds 0\n' cat client.out
	adv_sigsys
	ns_exec_check -s exit:1 -- test -e /tmp/ran
}

# second_never_runs ATTACK WHY: a root client asks for two commands; the
# attack ATTACK sends the first at once and the second when it suits it.
# The first runs, the second is refused for WHY and never runs (a late
# part is refused, not taken for a lie: a slow machine or a client that
# leaves can make one too).
second_never_runs()
{
	adv_start
	adv_attack once "$1 -r touch /tmp/asked -r sh -c \"id -u >>/tmp/ran\""
	atf_check -o inline:'ok\nfds 0\n' cat client.out
	wait_for "ns_log_has 'refused \[sh -c id -u >>/tmp/ran\] (submitted by uid 0 .*): busy: $2'" 10
	ns_exec_check -- test -e /tmp/asked
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	atf_check -s exit:1 grep 'sent a bad frame' err
	ns_exec kill -KILL "$ADV_OLD"
	adv_survived
}

atf_test_case forged_listening_socket_runs_nothing
forged_listening_socket_runs_nothing_head()
{
	atf_set descr "A SPAWN carrying sockd's listening socket (whose peer" \
	    "is root) instead of a uid 1000 client's runs nothing, as no one"
	atf_set require.user root
	atf_set timeout 60
}
forged_listening_socket_runs_nothing_body()
{
	refused -u "forge-listen -r $RAN" 'fd is not a client connection'
}

atf_test_case forged_socket_pair_runs_nothing
forged_socket_pair_runs_nothing_head()
{
	atf_set descr "A SPAWN carrying sockd's end of the socket pair" \
	    "(whose peer is init, root) runs nothing, as no one"
	atf_set require.user root
	atf_set timeout 60
}
forged_socket_pair_runs_nothing_body()
{
	refused -u "forge-pair -r $RAN" 'fd is not a client connection'
}

atf_test_case forged_client_end_from_another_netns_runs_nothing
forged_client_end_from_another_netns_runs_nothing_head()
{
	atf_set descr "A uid 1000 client in a network namespace of its own" \
	    "(where sock_diag cannot see its sockets) binds a socket to the" \
	    "name of dinit's, connects it to dinit (its peer: root's" \
	    "listener) and sends it to sockd, which passes it as the" \
	    "client's connection: init runs nothing, as no one"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
forged_client_end_from_another_netns_runs_nothing_body()
{
	cat >collude.py <<'EOF'
import array, socket, sys
dinit = "/proc/self/fd/3/dinit.sock"	# dinit's /tmp, before ours
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.settimeout(10)
c.connect(dinit)			# first: sockd takes one at a time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind("/tmp/dinit.sock")		# the name of dinit's socket
s.connect(dinit)
c.sendmsg([sys.argv[1].encode() + b"\n"], [(socket.SOL_SOCKET,
    socket.SCM_RIGHTS, array.array("i", [s.fileno()]))])
try:
    while True:
        d = c.recv(4096)
        if not d:
            break
        sys.stdout.write(d.decode(errors="replace"))
except (ConnectionResetError, socket.timeout):
    pass
EOF
	adv_start
	ns_exec unshare --net --mount sh -c 'exec 3</tmp &&
	    mount -t tmpfs -o mode=1777 tmpfs /tmp && exec "$@"' sh \
	    $AS_USER "$PYTHON" - "forge-sent -r $RAN" <collude.py
	adv_bad_frame 'fd is not a client connection'
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_none_as_root
	adv_survived
}

atf_test_case honest_client_from_another_netns_is_served
honest_client_from_another_netns_is_served_head()
{
	atf_set descr "The check by names that stands where sock_diag cannot" \
	    "see a socket serves an honest client in a network namespace of" \
	    "its own (a sidecar container's), as itself"
	atf_set require.user root
	atf_set timeout 60
}
honest_client_from_another_netns_is_served_body()
{
	start -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- unshare --net $AS_USER \
	    "$NS_DINIT" -submit -r sh -c 'id -u >/tmp/netns'
	wait_for 'ns_exec test -s /tmp/netns' 10
	ns_exec_check -o inline:'1000\n' -- cat /tmp/netns
	stop
}

atf_test_case replayed_spawn_runs_once_as_client
replayed_spawn_runs_once_as_client_head()
{
	atf_set descr "The same SPAWN sent again for a connection, after init" \
	    "answered the first: the first runs as the uid 1000 client, the" \
	    "replay runs nothing"
	atf_set require.user root
	atf_set timeout 60
}
replayed_spawn_runs_once_as_client_body()
{
	adv_start
	adv_attack -u wait "replay -r $RAN"
	atf_check -o inline:'fds 0\n' cat client.out
	adv_bad_frame 'connection used before'
	ns_exec_check -o inline:'1000\n' -- cat /tmp/ran
	adv_none_as_root
	adv_survived
}

atf_test_case replay_on_held_root_connection_runs_nothing_more
replay_on_held_root_connection_runs_nothing_more_head()
{
	atf_set descr "sockd keeps a root client's connection after the" \
	    "client has gone and sends a second command on it: only the" \
	    "client's own command ever runs"
	atf_set require.user root
	atf_set timeout 60
}
replay_on_held_root_connection_runs_nothing_more_body()
{
	adv_start
	adv_attack once \
	    'replay-held -r touch /tmp/asked -r touch /tmp/replayed'
	atf_check -o inline:'ok\nfds 0\n' cat client.out
	adv_bad_frame 'connection used before'
	ns_exec_check -- test -e /tmp/asked
	ns_exec_check -s exit:1 -- test -e /tmp/replayed
	atf_check -o inline:'1\n' grep -c 'started: \[touch' err
	adv_survived
}

atf_test_case late_second_command_runs_nothing
late_second_command_runs_nothing_head()
{
	atf_set descr "sockd sends a root client's first command at once and" \
	    "the second half a second later: only the first runs"
	atf_set require.user root
	atf_set timeout 60
}
late_second_command_runs_nothing_body()
{
	second_never_runs late-second 'the rest of the request came too late'
}

atf_test_case second_command_after_client_left_runs_nothing
second_command_after_client_left_runs_nothing_head()
{
	atf_set descr "sockd answers a root client's first command, waits" \
	    "for the client to hang up, then sends the second: it never runs"
	atf_set require.user root
	atf_set timeout 60
}
second_command_after_client_left_runs_nothing_body()
{
	second_never_runs second-after-close \
	    'the client left during its request'
}

atf_test_case sockd_lines_cannot_pass_for_inits
sockd_lines_cannot_pass_for_inits_head()
{
	atf_set descr "A taken-over sockd writes lines that look like init's" \
	    "to its stderr: each comes out as a line of sockd's, whole"
	atf_set require.user root
	atf_set timeout 60
}
sockd_lines_cannot_pass_for_inits_body()
{
	adv_start
	adv_attack -u wait 'forge-log -r true'
	wait_for "ns_log_has '4244'" 10
	atf_check -s exit:1 grep '^[0-9/]* [0-9:]* dinit: pid 424[0-9]' err
	atf_check -o inline:'2\n' grep -c \
	    '^[0-9/]* [0-9:]* dinit: sockd: [0-9/]* [0-9:]* dinit: \|^[0-9/]* [0-9:]* dinit: sockd: {' err
	atf_check -o match:'dinit: sockd: x\\0152026/01/01 00:00:00 dinit: pid 4243' \
	    cat err
}

atf_test_case sockd_log_flood_is_bounded
sockd_log_flood_is_bounded_head()
{
	atf_set descr "A taken-over sockd writes a thousand lines at once:" \
	    "PID 1 passes on at most 32 a second and counts the rest"
	atf_set require.user root
	atf_set timeout 60
}
sockd_log_flood_is_bounded_body()
{
	adv_start
	adv_attack -u wait 'flood-log -r true'
	ns_exec kill -KILL "$ADV_OLD"
	wait_for "ns_log_has 'lines of sockd.s not passed on'" 10
	n=$(grep -c 'sockd: adversary: flood line' err)
	held=$(sed -n "s/.* \([0-9]*\) lines of sockd's not passed on/\1/p" err |
	    awk '{ s += $1 } END { print s + 0 }')
	echo "passed on $n, held $held"
	[ "$n" -le 96 ] || atf_fail "$n flood lines passed on"
	# The attack's own lines share the budget with the flood.
	[ $((n + held)) -ge 1000 ] || atf_fail "$((n + held)) lines of 1000 told"
}

atf_test_case seq_gap_runs_nothing
seq_gap_runs_nothing_head()
{
	atf_set descr "A request's second command without its first (seq 1" \
	    "of 2 on a fresh connection) runs nothing"
	atf_set require.user root
	atf_set timeout 60
}
seq_gap_runs_nothing_body()
{
	refused -u "seq-gap -r $RAN" 'connection used before'
}

atf_test_case spawn_without_fd_runs_nothing
spawn_without_fd_runs_nothing_head()
{
	atf_set descr "A SPAWN with no connection attached runs nothing"
	atf_set require.user root
	atf_set timeout 60
}
spawn_without_fd_runs_nothing_body()
{
	refused 'no-fd -r touch /tmp/ran' 'no fd'
}

atf_test_case spawn_with_two_fds_runs_nothing
spawn_with_two_fds_runs_nothing_head()
{
	atf_set descr "A SPAWN with the client's connection attached twice" \
	    "runs nothing, and init closes both (the client sees the end)"
	atf_set require.user root
	atf_set timeout 60
}
spawn_with_two_fds_runs_nothing_body()
{
	refused 'two-fds -r touch /tmp/ran' 'more than one fd'
}

atf_test_case spawn_with_many_fds_runs_nothing
spawn_with_many_fds_runs_nothing_head()
{
	atf_set descr "A SPAWN with the client's connection attached 20" \
	    "times, more than init's control buffer holds, runs nothing and" \
	    "leaves no fd in init"
	atf_set require.user root
	atf_set timeout 60
}
spawn_with_many_fds_runs_nothing_body()
{
	refused 'many-fds -r touch /tmp/ran' 'too long or too many fds'
}

atf_test_case empty_record_with_fd_runs_nothing
empty_record_with_fd_runs_nothing_head()
{
	atf_set descr "A record of no bytes carrying the client's connection" \
	    "is a bad frame, and init closes the connection"
	atf_set require.user root
	atf_set timeout 60
}
empty_record_with_fd_runs_nothing_body()
{
	refused 'empty-with-fd -r touch /tmp/ran' 'frame too short'
}

atf_test_case empty_record_gets_sockd_replaced
empty_record_gets_sockd_replaced_head()
{
	atf_set descr "A record of no bytes and no fds is a bad frame too," \
	    "not the end of the channel: sockd is killed and replaced"
	atf_set require.user root
	atf_set timeout 60
}
empty_record_gets_sockd_replaced_body()
{
	refused 'empty -r touch /tmp/ran' 'frame too short'
}

atf_test_case wrong_version_runs_nothing
wrong_version_runs_nothing_head()
{
	atf_set descr "A SPAWN of another protocol version runs nothing"
	atf_set require.user root
	atf_set timeout 60
}
wrong_version_runs_nothing_body()
{
	refused 'bad-version -r touch /tmp/ran' 'bad version'
}

atf_test_case wrong_length_runs_nothing
wrong_length_runs_nothing_head()
{
	atf_set descr "A SPAWN a byte shorter than its len field runs nothing"
	atf_set require.user root
	atf_set timeout 60
}
wrong_length_runs_nothing_body()
{
	refused 'bad-length -r touch /tmp/ran' 'length mismatch'
}

atf_test_case oversized_record_runs_nothing
oversized_record_runs_nothing_head()
{
	atf_set descr "A record longer than any frame runs nothing"
	atf_set require.user root
	atf_set timeout 60
}
oversized_record_runs_nothing_body()
{
	refused 'oversize -r touch /tmp/ran' 'too long or too many fds'
}

atf_test_case flood_of_replays_kills_sockd_once
flood_of_replays_kills_sockd_once_head()
{
	atf_set descr "10000 copies of a SPAWN for one connection, as fast" \
	    "as init takes them: the first runs, the second gets sockd" \
	    "killed, once, and PID 1 forwards signals all along"
	atf_set require.user root
	atf_set timeout 60
}
flood_of_replays_kills_sockd_once_body()
{
	adv_start
	adv_client wait 'flood -r sh -c "echo x >>/tmp/ran"' >client.out &
	usr1_forwarded
	wait $!
	adv_attacked flood
	atf_check -o inline:'fds 0\n' cat client.out
	adv_bad_frame 'connection used before'
	wait_for 'ns_log_has "finished: \[sh -c echo x"' 10
	ns_exec_check -o inline:'x\n' -- cat /tmp/ran
	adv_survived
}

atf_test_case flood_of_garbage_kills_sockd_once
flood_of_garbage_kills_sockd_once_head()
{
	atf_set descr "200 frames of another version, each with the client's" \
	    "connection: sockd is killed once, nothing runs, and PID 1" \
	    "forwards signals all along"
	atf_set require.user root
	atf_set timeout 60
}
flood_of_garbage_kills_sockd_once_body()
{
	adv_start
	adv_client wait 'flood-garbage -r touch /tmp/ran' >client.out &
	usr1_forwarded
	wait $!
	adv_attacked flood-garbage
	atf_check -o inline:'fds 0\n' cat client.out
	adv_bad_frame 'bad version'
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_survived
}

atf_test_case listening_socket_cannot_be_sent_to_client
listening_socket_cannot_be_sent_to_client_head()
{
	atf_set descr "sockd sending its listening socket to a client is" \
	    "killed by SIGSYS, and the client receives no fd"
	atf_set require.user root
	atf_set timeout 60
}
listening_socket_cannot_be_sent_to_client_body()
{
	forbidden -u wait 'export-listen -r touch /tmp/ran'
	adv_survived
}

atf_test_case listening_socket_cannot_be_sent_on_renumbered_fd
listening_socket_cannot_be_sent_on_renumbered_fd_head()
{
	atf_set descr "sockd moving a client's connection onto fd 4 (close," \
	    "dup), the one fd seccomp lets sendmsg use, and sending the" \
	    "listening socket there is killed by SIGSYS; the client receives" \
	    "no fd"
	atf_set require.user root
	atf_set timeout 60
}
listening_socket_cannot_be_sent_on_renumbered_fd_body()
{
	# seccomp's sendmsg rule reads fd 4 by number: closing fd 4, to dup
	# a client's socket onto it, must kill.
	forbidden -u wait 'export-renumbered -r touch /tmp/ran'
	adv_survived
}

atf_test_case listening_socket_cannot_be_shut_down
listening_socket_cannot_be_shut_down_head()
{
	atf_set descr "sockd shutting down the listening socket is killed by" \
	    "SIGSYS, and the next sockd serves on the same socket"
	atf_set require.user root
	atf_set timeout 60
}
listening_socket_cannot_be_shut_down_body()
{
	forbidden wait 'shutdown-listen -r touch /tmp/ran'
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	adv_survived
}

atf_test_case taken_over_sockd_cannot_say_it_cannot_run
taken_over_sockd_cannot_say_it_cannot_run_head()
{
	atf_set descr "A sockd taken over by a client's bytes exiting with" \
	    "the status only its sandbox may give (init would give" \
	    "submissions up) is killed by SIGSYS instead; the next client" \
	    "is served"
	atf_set require.user root
	atf_set timeout 60
}
taken_over_sockd_cannot_say_it_cannot_run_body()
{
	forbidden wait 'exit-unfit -r touch /tmp/ran'
	atf_check -s exit:1 grep 'cannot run here' err
	adv_survived
}

atf_test_case fd_from_client_cannot_be_received
fd_from_client_cannot_be_received_head()
{
	atf_set descr "sockd calling recvmsg to take an fd a colluding client" \
	    "sends is killed by SIGSYS"
	atf_set require.user root
	atf_set timeout 60
}
fd_from_client_cannot_be_received_body()
{
	forbidden -u pass-fd 'recv-fd -r touch /tmp/ran'
	adv_survived
}

# A -wait client of the adversary: LINE with a bundle of its fds 0, 1
# and 2; prints the first answer; with "hold" it keeps its connection
# until killed.
ADV_WAIT_PY='
import array, os, socket, sys, time
mode, line = sys.argv[1], sys.argv[2]
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
    array.array("i", [0, 1, 2]))])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("/tmp/dinit.sock")
s.sendmsg([line.encode() + b"\n"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
    array.array("i", [b.fileno()]))])
sys.stdout.write(s.recv(4096).decode())
sys.stdout.flush()
while mode == "hold":
    time.sleep(1)
'

atf_test_case other_clients_fds_cannot_be_attached
other_clients_fds_cannot_be_attached_head()
{
	atf_set descr "A SPAWN of a uid 1000 client carrying a root" \
	    "client's bundle of fds is refused: the fds go nowhere"
	atf_set require.user root
	atf_set timeout 60
}
other_clients_fds_cannot_be_attached_body()
{
	adv_start
	ns_exec_check -o inline:'ok stashed\n' -- "$PYTHON" -c "$ADV_WAIT_PY" \
	    once "stash -wait -r true"
	ns_exec_check -o inline:'attach: -wait wants fds 0, 1 and 2 from the submitter\n' \
	    -- $AS_USER "$PYTHON" -c "$ADV_WAIT_PY" once \
	    "swap-bundle -wait -r sh -c 'id -u >>/tmp/ran'"
	adv_attacked swap-bundle
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	atf_check -o match:"refused \\[sh -c 'id -u >>/tmp/ran'\\] \\(submitted by uid 1000 .*\\): attach:" cat err
}

atf_test_case signal_for_another_connection_is_refused
signal_for_another_connection_is_refused_head()
{
	atf_set descr "A SIGNAL naming one client's attached command but" \
	    "carrying another client's connection signals nothing; sockd" \
	    "is killed"
	atf_set require.user root
	atf_set timeout 60
}
signal_for_another_connection_is_refused_body()
{
	adv_start
	printf '%s\n' "trap 'echo usr1 >>/tmp/w/got' USR1" \
	    "trap 'echo term >>/tmp/w/got; exit 0' TERM" \
	    'touch /tmp/w/ready' 'while :; do sleep 0.05; done' >held.sh
	ns_exec "$PYTHON" -c "$ADV_WAIT_PY" hold \
	    "held -wait -r sh /tmp/w/held.sh" >held.out &
	wait_for 'test -e ready' 10
	adv_attack -u wait "signal-held -r true"
	adv_bad_frame 'signal for another connection'
	# sockd's death sends TERM to the orphaned command; USR1 never came.
	wait_for 'grep -q term got' 10
	atf_check -o inline:'term\n' cat got
	adv_survived
}

atf_test_case held_root_connection_lists_and_kills_nothing
held_root_connection_lists_and_kills_nothing_head()
{
	atf_set descr "A root -wait client's connection, still open, cannot" \
	    "be made to read a listing (a later page or a first) or to" \
	    "kill: sockd is killed, nothing is listed, the command runs on" \
	    "until sockd's death ends it"
	atf_set require.user root
	atf_set timeout 90
}
held_root_connection_lists_and_kills_nothing_body()
{
	for attack in status-held status-first-held kill-held; do
		adv_start
		printf '%s\n' "trap 'echo term >>/tmp/w/got; exit 0' TERM" \
		    'touch /tmp/w/ready' 'while :; do sleep 0.05; done' >held.sh
		ns_exec "$PYTHON" -c "$ADV_WAIT_PY" hold \
		    "held -wait -r sh /tmp/w/held.sh" >held.out &
		wait_for 'test -e ready' 10
		adv_attack -u wait "$attack -r true"
		adv_bad_frame 'connection used before'
		atf_check -s exit:1 grep -E 'control:|records' err
		wait_for 'grep -q term got' 10
		adv_survived
		stop
		rm -f ready got err out
	done
}

atf_init_test_cases()
{
	atf_add_test_case held_root_connection_lists_and_kills_nothing
	atf_add_test_case forged_listening_socket_runs_nothing
	atf_add_test_case forged_socket_pair_runs_nothing
	atf_add_test_case forged_client_end_from_another_netns_runs_nothing
	atf_add_test_case honest_client_from_another_netns_is_served
	atf_add_test_case replayed_spawn_runs_once_as_client
	atf_add_test_case replay_on_held_root_connection_runs_nothing_more
	atf_add_test_case late_second_command_runs_nothing
	atf_add_test_case second_command_after_client_left_runs_nothing
	atf_add_test_case sockd_lines_cannot_pass_for_inits
	atf_add_test_case sockd_log_flood_is_bounded
	atf_add_test_case seq_gap_runs_nothing
	atf_add_test_case spawn_without_fd_runs_nothing
	atf_add_test_case spawn_with_two_fds_runs_nothing
	atf_add_test_case spawn_with_many_fds_runs_nothing
	atf_add_test_case empty_record_with_fd_runs_nothing
	atf_add_test_case empty_record_gets_sockd_replaced
	atf_add_test_case wrong_version_runs_nothing
	atf_add_test_case wrong_length_runs_nothing
	atf_add_test_case oversized_record_runs_nothing
	atf_add_test_case flood_of_replays_kills_sockd_once
	atf_add_test_case flood_of_garbage_kills_sockd_once
	atf_add_test_case listening_socket_cannot_be_sent_to_client
	atf_add_test_case listening_socket_cannot_be_sent_on_renumbered_fd
	atf_add_test_case listening_socket_cannot_be_shut_down
	atf_add_test_case taken_over_sockd_cannot_say_it_cannot_run
	atf_add_test_case fd_from_client_cannot_be_received
	atf_add_test_case other_clients_fds_cannot_be_attached
	atf_add_test_case signal_for_another_connection_is_refused
}
