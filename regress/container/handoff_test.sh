#! /usr/bin/env atf-sh
# dinit-static in the runtime's init slot (podman run --init
# --init-path), in front of an image whose ENTRYPOINT is a plain program
# (Containerfile.plain); socket activation and readiness through podman;
# -run-as.  The README's examples are run as the README has them.

. $(atf_get_srcdir)/lib.sh

PLAIN=localhost/dinit-test:plain
BUILD_DIR=$(cd "$(atf_get_srcdir)/../.." && pwd)

# run_block: the example in ./block (example.sh's) as it is, with
# IMAGE and DINIT_STATIC set; its stdout on ours.
run_block()
{
	[ -s block ] || atf_fail "no example in block"
	IMAGE=$PLAIN DINIT_STATIC=$BUILD_DIR/dinit-static sh -e block
}

# ct_init NAME ARGS: podman run -d ARGS as NAME, with dinit-static as
# its init.
ct_init()
{
	_ct=$1
	shift
	ct_run "$_ct" --init --init-path "$BUILD_DIR/dinit-static" "$@"
}

atf_test_case init_path_example cleanup
init_path_example_head()
{
	atf_set descr "README's --init-path example: dinit is PID 1 in front" \
	    "of a plain ENTRYPOINT, serves a submission from podman exec," \
	    "and podman stop's TERM ends the program: 143"
}
init_path_example_body()
{
	echo hello-init >containers
	sh "$SRCDIR/regress/doc/example.sh" README.md init-path >block
	run_block >/dev/null
	ct_socket hello-init
	atf_check -o inline:'/run/podman-init -- /bin/sh -c exec httpd -f -p 8080 -h /var/www \n' \
	    podman exec hello-init sh -c 'tr "\0" " " </proc/1/cmdline; echo'
	sh "$SRCDIR/regress/doc/example.sh" README.md init-path-use >block
	run_block >out
	atf_check -o match:'^ok [0-9]+$' sed -n 1p out
	atf_check_equal 143 "$(ct_status hello-init)"
	ct_logs hello-init >logs
	atf_check -o match:'finished: \[/bin/touch /tmp/hello\] \(status 0\)' cat logs
}
init_path_example_cleanup()
{
	ct_cleanup
}

atf_test_case init_path_status_orphans_verbatim cleanup
init_path_status_orphans_verbatim_head()
{
	atf_set descr "--init-path: the words reach the program verbatim," \
	    "orphans are reaped, and the program's TERM handler's status" \
	    "is the container's"
}
init_path_status_orphans_verbatim_body()
{
	ct_init ct-init-plain $PLAIN 'trap "echo got TERM; exit 3" TERM
	    i=0; while [ $i -lt 100 ]; do (sleep 0.1 &); i=$((i + 1)); done
	    echo "primary up $HOSTNAME"; while :; do sleep 0.1; done'
	ct_up ct-init-plain
	ct_wait 'settled ct-init-plain' 20 'procs ct-init-plain'
	ct_stop ct-init-plain
	atf_check_equal 3 "$STATUS"
	ct_logs ct-init-plain >logs
	atf_check -o match:'^got TERM$' cat logs
	# $HOSTNAME was the shell's, not replaced by dinit.
	atf_check -o match:'^primary up [0-9a-f]+$' cat logs
}
init_path_status_orphans_verbatim_cleanup()
{
	ct_cleanup
}

# procs NAME: the container's processes, "(COMMAND) STATE" a line.
procs()
{
	podman exec "$1" sh -c 'cat /proc/[0-9]*/stat 2>/dev/null' |
	    awk '{ print $2, $3 }'
}

# settled NAME: no orphan's sleep 0.1 is left, and no zombie.
settled()
{
	_procs=$(procs "$1")
	[ "$(echo "$_procs" | grep -c '^(sleep) ')" -le 1 ] &&
	    ! echo "$_procs" | grep -q ' Z$'
}

# A datagram socket of the test's own, as systemd's NOTIFY_SOCKET: what
# it receives, a line each, in notify.out.
RECV_PY='
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open("notify.bound", "w").close()
s.settimeout(60)
with open("notify.out", "a") as f:
    while True:
        f.write(s.recv(4096).decode(errors="replace") + "\n")
        f.flush()
'

atf_test_case sdnotify_example cleanup
sdnotify_example_head()
{
	atf_set descr "README's --sdnotify=container example: the primary's" \
	    "READY=1 reaches NOTIFY_SOCKET, the test's datagram socket;" \
	    "the -start hook does not get NOTIFY_SOCKET"
}
sdnotify_example_body()
{
	"$PYTHON" -c "$RECV_PY" "$PWD/notify.sock" &
	echo $! >recv.pid
	ct_wait '[ -e notify.bound ]' 10
	echo ready-init >containers
	sh "$SRCDIR/regress/doc/example.sh" README.md sdnotify >block
	NOTIFY_SOCKET=$PWD/notify.sock run_block >/dev/null
	ct_wait 'grep -qx READY=1 notify.out' 30 'cat notify.out'
	# The same, with a -start hook that looks for NOTIFY_SOCKET.
	: >notify.out
	NOTIFY_SOCKET=$PWD/notify.sock ct_init ct-init-notify \
	    --sdnotify=container -e DINIT_EXPAND=0 \
	    -e DINIT_START='sh -c "echo hook: [$NOTIFY_SOCKET]"' $PLAIN \
	    'echo "primary up [$NOTIFY_SOCKET]"; exec sleep 1000'
	ct_up ct-init-notify
	ct_logs ct-init-notify >logs
	atf_check -o match:'^hook: \[\]$' cat logs
	atf_check -o match:'^primary up \[/.+\]$' cat logs
}
sdnotify_example_cleanup()
{
	ct_cleanup
	[ ! -f recv.pid ] || kill "$(cat recv.pid)" 2>/dev/null || :
}

atf_test_case socket_activation_example cleanup
socket_activation_example_head()
{
	atf_set descr "README's socket activation example: under" \
	    "systemd-socket-activate, podman passes the socket to dinit," \
	    "which passes it to the primary, which answers the first" \
	    "connection"
	atf_set require.progs systemd-socket-activate
}
socket_activation_example_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md socket-activation >block
	run_block >served 2>activate.err &
	_act=$!
	"$PYTHON" -c "$FIRST_CLIENT_PY" hello.sock >reply
	wait $_act || atf_fail "the activated container failed: $(cat activate.err)"
	atf_check -o inline:'hello\n' cat reply
}
socket_activation_example_cleanup()
{
	ct_cleanup
}

atf_test_case run_as_example cleanup
run_as_example_head()
{
	atf_set descr "The -run-as example of README and dinit.8:" \
	    "DINIT_RUN_AS=1000:1000 in a" \
	    "scratch image, no password file: the command runs as uid 1000" \
	    "while dinit stays root and serves root's submissions"
}
run_as_example_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md run-as >block
	run_block >got
	atf_check -o inline:'uid=1000 gid=1000 groups=1000\n' cat got
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 run-as >block
	run_block >got
	atf_check -o inline:'uid=1000 gid=1000 groups=1000\n' cat got
	ct_init ct-init-runas -e DINIT_RUN_AS=1000 $PLAIN \
	    'echo primary up; exec sleep 1000'
	ct_up ct-init-runas
	ct_socket ct-init-runas
	atf_check -o inline:'0 1000\n' podman exec ct-init-runas sh -c \
	    'echo $(stat -c %u /proc/1) $(stat -c %u /proc/$(pidof sleep))'
	atf_check -o match:'^ok [0-9]+$' podman exec ct-init-runas \
	    /run/podman-init -submit -r /bin/sh -c 'id -u >/tmp/root'
	atf_check_equal "$(ct_file ct-init-runas /tmp/root)" 0
	ct_stopped ct-init-runas
}
run_as_example_cleanup()
{
	ct_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case init_path_example
	atf_add_test_case init_path_status_orphans_verbatim
	atf_add_test_case sdnotify_example
	atf_add_test_case socket_activation_example
	atf_add_test_case run_as_example
}
