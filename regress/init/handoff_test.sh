#! /usr/bin/env atf-sh
# dinit in the slot a runtime gives its init (docker run --init, podman
# --init-path: "init -- CMD ARGS"), and what it hands the primary alone:
# the sockets of socket activation (systemd-socket-activate stands in
# for systemd or podman), the fds of -preserve-fds, NOTIFY_SOCKET; and
# the commands as another user (-run-as), dinit staying root.

. $(atf_get_srcdir)/../lib.sh

# probe.sh NAME: what a process got, in NAME.env (its environment) and
# NAME.fds (where its fds lead).
write_probe()
{
	cat >probe.sh <<'EOF'
env >/tmp/w/$1.env
for f in /proc/$$/fd/*; do readlink $f; done >/tmp/w/$1.fds
exit 0
EOF
}

# srv.py: the primary of socket activation.  It writes what it got in
# primary.env (LISTEN_* and NOTIFY_SOCKET, its pid, where fd 3 leads),
# answers the first connection on fd 3 and waits for TERM.
write_server()
{
	cat >srv.py <<'EOF'
import os, signal, socket, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
with open("/tmp/w/primary.tmp", "w") as f:
    for k in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET"):
        f.write("%s=%s\n" % (k, os.environ.get(k, "unset")))
    f.write("pid=%d\nfd3=%s\n" % (os.getpid(), os.readlink("/proc/self/fd/3")))
os.rename("/tmp/w/primary.tmp", "/tmp/w/primary.env")
s = socket.socket(fileno=3)
c, _ = s.accept()
c.sendall(b"hello from the primary\n")
c.close()
signal.sigwait([signal.SIGTERM])
EOF
}

# activate INIT ARGS: INIT ARGS as PID 1, executed by
# systemd-socket-activate (LISTEN_FDS=1 for fd 3, named web) upon the
# first connection to s.sock; NOTIFY_SOCKET is /tmp/w/notify.  Then the
# primary answered the connection and has the socket, the variables,
# LISTEN_PID its own pid, and PID 1 no longer holds the socket.
activate()
{
	write_server
	"$PYTHON" -c "$FIRST_CLIENT_PY" s.sock >reply &
	_client=$!
	_init=$1
	shift
	DINIT=$_init NOTIFY_SOCKET=/tmp/w/notify ns_launch \
	    systemd-socket-activate -l /tmp/w/s.sock --fdname=web \
	    -E NOTIFY_SOCKET "$_init" "$@" >out 2>err
	wait $_client
	atf_check -o inline:'hello from the primary\n' cat reply
	wait_for '[ -e primary.env ]' 10
	_pid=$(sed -n 's/^pid=//p' primary.env)
	atf_check -o inline:"LISTEN_FDS=1
LISTEN_PID=$_pid
LISTEN_FDNAMES=web
NOTIFY_SOCKET=/tmp/w/notify
" sed '/^pid=/,$d' primary.env
	SOCK=$(sed -n 's/^fd3=//p' primary.env)
	case $SOCK in
	socket:*) ;;
	*)	atf_fail "fd 3 of the primary is $SOCK" ;;
	esac
	wait_for '! pid1_holds "$SOCK"' 10
}

# The primary's words to wait for the other command, which writes
# /tmp/side, and print what it wrote.
AFTER_SIDE='while [ ! -e /tmp/side ]; do sleep 0.01; done; cat /tmp/side'

# pid1_holds LINK: an fd of PID 1 leads to LINK.
pid1_holds()
{
	ns_exec sh -c 'for f in /proc/1/fd/*; do readlink $f; done' |
	    grep -qxF -- "$1"
}

# got_nothing NAME: NAME.env has none of the primary's variables and
# NAME.fds not its socket.
got_nothing()
{
	wait_for "[ -e $1.fds ]" 10
	atf_check -s exit:1 grep -E '^(LISTEN_|NOTIFY_SOCKET)' $1.env
	atf_check -s exit:1 grep -xF -- "$SOCK" $1.fds
}

atf_test_case dashdash_runs_words_verbatim
dashdash_runs_words_verbatim_head()
{
	atf_set descr "dinit FLAGS -- CMD ARGS, as a runtime runs its init:" \
	    "CMD is the primary, its words reach it as given (no \$NAME," \
	    "\\-r stays), under any argv[0]; its status is dinit's"
	atf_set require.user root
	atf_set timeout 30
}
dashdash_runs_words_verbatim_body()
{
	ns_check -o inline:'$HOME|${HOME}|\\-r|-r|--|-g|' -e ignore -- \
	    -g -timeout 2s -- printf '%s|' '$HOME' '${HOME}' '\-r' -r -- -g
	ln -s "$DINIT" podman-init
	DINIT=./podman-init ns_check -s exit:7 -e ignore -- \
	    -- sh -c 'exit 7'
	# -- before -r is the old spelling: flags end, -r commands follow.
	ns_check -o inline:'x\n' -e ignore -- -- -r echo x
	ns_check -s exit:2 -e match:'no command' -- -g --
}

atf_test_case socket_activation_reaches_primary_only
socket_activation_reaches_primary_only_head()
{
	atf_set descr "Under systemd-socket-activate the primary gets fd 3" \
	    "and LISTEN_*, LISTEN_PID its own pid, and NOTIFY_SOCKET;" \
	    "the -start hook, another -r command, a submission and sockd" \
	    "get neither, and PID 1 lets its copy go"
	atf_set require.user root
	atf_set require.progs systemd-socket-activate
	atf_set timeout 60
}
socket_activation_reaches_primary_only_body()
{
	write_probe
	activate "$DINIT" -start 'sh probe.sh start' \
	    -r sh -c 'sh probe.sh side; exec sleep 1000' \
	    -r "$PYTHON" srv.py
	got_nothing start
	got_nothing side
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    "$NS_DINIT" -submit -r sh /tmp/w/probe.sh sub
	got_nothing sub
	_sockd=$(sockd_pid)
	[ -n "$_sockd" ] || atf_fail "no sockd"
	ns_exec sh -c "for f in /proc/$_sockd/fd/*; do readlink \$f; done" \
	    >sockd.fds
	atf_check -s exit:1 grep -xF -- "$SOCK" sockd.fds
	atf_check -s exit:1 grep -x 'LISTEN_PID=.*' start.env sub.env
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
}

atf_test_case socket_activation_catatonit_alike
socket_activation_catatonit_alike_head()
{
	atf_set descr "The same activation with catatonit as PID 1, side by" \
	    "side: its primary gets the same, and it lets its copy go too"
	atf_set require.user root
	atf_set require.progs systemd-socket-activate catatonit
	atf_set timeout 60
}
socket_activation_catatonit_alike_body()
{
	activate "$(command -v catatonit)" -- "$PYTHON" srv.py
	kill -TERM $NS_PID
	ns_wait
	activate "$DINIT" -- "$PYTHON" srv.py
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
}

atf_test_case listen_pid_of_another_passes_nothing
listen_pid_of_another_passes_nothing_head()
{
	atf_set descr "LISTEN_FDS for a LISTEN_PID not dinit's: said once," \
	    "no fd or LISTEN_* passed on; NOTIFY_SOCKET still reaches the" \
	    "primary alone"
	atf_set require.user root
	atf_set timeout 30
}
listen_pid_of_another_passes_nothing_body()
{
	write_probe
	export LISTEN_FDS=1 LISTEN_PID=99999 LISTEN_FDNAMES=web
	export NOTIFY_SOCKET=/tmp/w/notify
	echo three >f3
	ns_check -e match:'LISTEN_FDS is for LISTEN_PID 99999, not dinit' -- \
	    -start 'sh probe.sh start' -r sh probe.sh side \
	    -r sh probe.sh primary 3<f3
	atf_check -o inline:'NOTIFY_SOCKET=/tmp/w/notify\n' \
	    grep -E '^(LISTEN_|NOTIFY_SOCKET)' primary.env
	atf_check -s exit:1 grep /f3 primary.fds
	atf_check -s exit:1 grep -E '^(LISTEN_|NOTIFY_SOCKET)' start.env
	atf_check -s exit:1 grep -E '^(LISTEN_|NOTIFY_SOCKET)' side.env
}

atf_test_case preserve_fds_reach_primary_only
preserve_fds_reach_primary_only_head()
{
	atf_set descr "-preserve-fds 2: fds 3 and 4 reach the primary at" \
	    "their numbers, not another command; without it the primary" \
	    "gets neither; an fd not open, by -preserve-fds or LISTEN_FDS," \
	    "or a LISTEN_FDS not a number, stops dinit before anything runs"
	atf_set require.user root
	atf_set timeout 30
}
preserve_fds_reach_primary_only_body()
{
	echo three >f3
	echo four >f4
	ns_check -o inline:'side\nthree\nfour\n' -e ignore -- \
	    -preserve-fds 2 -r sh -c 'cat <&3 2>/dev/null; echo side >/tmp/side' \
	    -r sh -c "$AFTER_SIDE"'; cat <&3; cat <&4' 3<f3 4<f4
	ns_check -o inline:'closed\n' -e ignore -- \
	    -r sh -c 'cat <&3 2>/dev/null || echo closed' 3<f3 4<f4
	ns_check -s exit:2 -e match:'preserve-fds: fd 5 is not open' -- \
	    -preserve-fds 3 -start 'touch started' -r touch ran 3<f3 4<f4
	LISTEN_PID=1 LISTEN_FDS=2 ns_check -s exit:2 \
	    -e match:'LISTEN_FDS: fd 4 is not open' -- \
	    -start 'touch started' -r touch ran 3<f3
	LISTEN_PID=1 LISTEN_FDS=x ns_check -s exit:2 \
	    -e match:'LISTEN_FDS=x: want a number of fds' -- \
	    -start 'touch started' -r touch ran
	[ ! -e started ] && [ ! -e ran ] || atf_fail "something ran"
}

atf_test_case run_as_commands_not_hooks
run_as_commands_not_hooks_head()
{
	atf_set descr "-run-as 1000:1000 (numbers, never looked up): every" \
	    "-r command runs as uid 1000 with gid 1000 its only group;" \
	    "-start and -stop and a root submission run as root"
	atf_set require.user root
	atf_set timeout 30
}
run_as_commands_not_hooks_body()
{
	ns_check -o save:got -e ignore -- \
	    -run-as 1000:1000 -start 'sh -c "id -u >start.id"' \
	    -stop 'sh -c "id -u >stop.id"' \
	    -r sh -c 'echo side $(id -u) $(id -g) $(id -G) >/tmp/side' \
	    -r sh -c "$AFTER_SIDE"'; echo primary $(id -u) $(id -g) $(id -G)'
	atf_check -o inline:'side 1000 1000 1000\nprimary 1000 1000 1000\n' \
	    cat got
	atf_check -o inline:'0\n' cat start.id
	atf_check -o inline:'0\n' cat stop.id
	DINIT_RUN_AS=1000 ns_check -o inline:'1000 1000\n' -e ignore -- \
	    -- sh -c 'echo $(id -u) $(id -G)'
}

# users: a passwd and group of our own for the namespace: svc (1234,
# group svc 1234) is a member of extra (1500).
write_users()
{
	mkdir etc
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
	    'svc:x:1234:1234::/nonexistent:/bin/sh' >etc/passwd
	printf '%s\n' 'root:x:0:' 'svc:x:1234:' 'extra:x:1500:svc' >etc/group
	export NS_ETC="$(pwd)/etc"
}

atf_test_case run_as_names_resolved_at_start
run_as_names_resolved_at_start_head()
{
	atf_set descr "-run-as svc: its uid, gid and every group it is in;" \
	    "svc:extra: extra its gid and only group; an unknown user or" \
	    "group stops dinit with status 2 before anything runs"
	atf_set require.user root
	atf_set timeout 30
}
run_as_names_resolved_at_start_body()
{
	write_users
	ns_check -o inline:'1234 1234 1234 1500\n' -e ignore -- \
	    -run-as svc -r sh -c 'echo $(id -u) $(id -g) $(id -G)'
	ns_check -o inline:'1234 1500 1500\n' -e ignore -- \
	    -run-as svc:extra -r sh -c 'echo $(id -u) $(id -g) $(id -G)'
	ns_check -s exit:2 -e match:'-run-as nosuch: no such user' -- \
	    -run-as nosuch -start 'touch started' -r touch ran
	ns_check -s exit:2 -e match:'-run-as svc:nosuch: no such group' -- \
	    -run-as svc:nosuch -start 'touch started' -r touch ran
	[ ! -e started ] && [ ! -e ran ] || atf_fail "something ran"
}

atf_test_case run_as_still_takes_signals
run_as_still_takes_signals_head()
{
	atf_set descr "-run-as 1000 -g: USR1 passed on and the shutdown's" \
	    "TERM reach the command; a submission runs as its submitter"
	atf_set require.user root
	atf_set timeout 30
}
run_as_still_takes_signals_body()
{
	ns_start -run-as 1000 -g -- sh -c '
trap "echo USR1 as \$(id -u)" USR1
trap "echo TERM as \$(id -u); exit 0" TERM
touch /tmp/ready
while :; do sleep 0.05; done'
	wait_for 'ns_exec test -e /tmp/ready' 10
	kill -USR1 $NS_PID
	wait_for 'grep -q USR1 out' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    "$NS_DINIT" -submit -r sh -c 'id -u >/tmp/w/sub.id'
	wait_for '[ -s sub.id ]' 10
	atf_check -o inline:'0\n' cat sub.id
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:'USR1 as 1000\nTERM as 1000\n' cat out
}

atf_test_case run_as_needs_cap_kill
run_as_needs_cap_kill_head()
{
	atf_set descr "root without CAP_KILL could not signal another uid:" \
	    "-run-as 1000 stops dinit with status 2 and names it, before" \
	    "anything runs; -run-as 0 still runs"
	atf_set require.user root
	atf_set require.progs setpriv
	atf_set timeout 30
}
run_as_needs_cap_kill_body()
{
	check_prefixed unshare --pid --fork --mount-proc --mount \
	    sh -c "$NS_SETUP" ns setpriv --inh-caps=-all \
	    --bounding-set=-kill "$DINIT" ++ -s exit:2 \
	    -e match:'-run-as 1000: dinit lacks CAP_KILL' -- \
	    -run-as 1000 -start 'touch started' -r touch ran
	[ ! -e started ] && [ ! -e ran ] || atf_fail "something ran"
	check_prefixed unshare --pid --fork --mount-proc --mount \
	    sh -c "$NS_SETUP" ns setpriv --inh-caps=-all \
	    --bounding-set=-kill "$DINIT" ++ -o inline:'0\n' -e ignore -- \
	    -run-as 0 -r id -u
}

atf_init_test_cases()
{
	atf_add_test_case dashdash_runs_words_verbatim
	atf_add_test_case socket_activation_reaches_primary_only
	atf_add_test_case socket_activation_catatonit_alike
	atf_add_test_case listen_pid_of_another_passes_nothing
	atf_add_test_case preserve_fds_reach_primary_only
	atf_add_test_case run_as_commands_not_hooks
	atf_add_test_case run_as_names_resolved_at_start
	atf_add_test_case run_as_still_takes_signals
	atf_add_test_case run_as_needs_cap_kill
}
