#! /usr/bin/env atf-sh
# The socket file: where it is made, what may already be at its path,
# its removal at exit, and running without one.

. $(atf_get_srcdir)/../lib.sh

atf_test_case stale_socket_file_is_replaced
stale_socket_file_is_replaced_head()
{
	atf_set descr "A socket file nobody listens on (left by a killed" \
	    "dinit) is replaced, and dinit works"
	atf_set require.user root
	atf_set timeout 30
}
stale_socket_file_is_replaced_body()
{
	"$PYTHON" -c 'import socket
socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind("d.sock")'
	test -S d.sock || atf_fail "no stale socket to start with"
	start -socket /tmp/w/d.sock -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    "$DINIT" -submit -socket /tmp/w/d.sock -r touch ran
	wait_for 'test -e ran' 10
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case non_socket_at_path_is_refused_and_kept
non_socket_at_path_is_refused_and_kept_head()
{
	atf_set descr "A regular file at the socket path makes dinit refuse" \
	    "to start (exit 1, naming the path) and is left untouched"
	atf_set require.user root
	atf_set timeout 30
}
non_socket_at_path_is_refused_and_kept_body()
{
	echo precious >d.sock
	ns_check -s exit:1 -e match:'/tmp/w/d\.sock' \
	    -- -socket /tmp/w/d.sock -r touch ran
	atf_check -o inline:'precious\n' cat d.sock
	atf_check -s exit:1 test -e ran
}

atf_test_case second_dinit_on_same_socket_refuses
second_dinit_on_same_socket_refuses_head()
{
	atf_set descr "A second dinit on a socket where one listens refuses" \
	    "to start, runs nothing, and leaves the first one working"
	atf_set require.user root
	atf_set timeout 30
}
second_dinit_on_same_socket_refuses_body()
{
	start -r sleep 60
	ns_exec_check -s exit:1 -e match:'/tmp/dinit\.sock' \
	    -- "$DINIT" -r touch ran
	atf_check -s exit:1 test -e ran
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch after
	wait_for 'test -e after' 10
	stop
}

atf_test_case socket_file_is_removed_at_exit
socket_file_is_removed_at_exit_head()
{
	atf_set descr "The socket file exists while dinit runs and is" \
	    "removed when it exits"
	atf_set require.user root
	atf_set timeout 30
}
socket_file_is_removed_at_exit_body()
{
	ns_check -e ignore -- -socket /tmp/w/d.sock \
	    -r sh -c 'test -S /tmp/w/d.sock && touch seen'
	atf_check test -e seen
	atf_check -s exit:1 test -e d.sock

	start -socket /tmp/w/d.sock -r sleep 60
	test -S d.sock || atf_fail "no socket while dinit runs"
	stop
	atf_check -s exit:1 test -e d.sock
}

atf_test_case dinit_socket_variable_sets_the_path
dinit_socket_variable_sets_the_path_head()
{
	atf_set descr "DINIT_SOCKET sets the socket path, for dinit and for" \
	    "-submit alike"
	atf_set require.user root
	atf_set timeout 30
}
dinit_socket_variable_sets_the_path_body()
{
	export DINIT_SOCKET=/tmp/w/e.sock
	start -r sleep 60
	test -S e.sock || atf_fail "no socket at \$DINIT_SOCKET"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch ran
	wait_for 'test -e ran' 10
	stop
}

atf_test_case named_socket_that_cannot_be_made_is_an_error
named_socket_that_cannot_be_made_is_an_error_head()
{
	atf_set descr "A socket path the user named (-socket or" \
	    "DINIT_SOCKET) whose directory does not exist, or on a read-only" \
	    "file system, is an error before anything starts"
	atf_set require.user root
	atf_set timeout 30
}
named_socket_that_cannot_be_made_is_an_error_body()
{
	ns_check -s exit:1 \
	    -e match:'bind /tmp/w/nodir/d\.sock: No such file or directory' \
	    -- -socket /tmp/w/nodir/d.sock -r touch ran
	atf_check -s exit:1 test -e nodir
	atf_check -s exit:1 test -e ran
	atf_check -s exit:1 -e match:'bind /tmp/d\.sock: Read-only file system' \
	    env DINIT_SOCKET=/tmp/d.sock unshare --pid --fork --mount-proc \
	    --mount sh -c 'mount -t tmpfs -o ro tmpfs /tmp && exec "$@"' sh \
	    "$DINIT" -r touch ran
	atf_check -s exit:1 test -e ran
}

# default_path_check CHECK... -- MOUNTOPTS [SETPRIV...]: dinit, as PID 1
# of a namespace whose /tmp is a tmpfs mounted with MOUNTOPTS, run by
# SETPRIV (a copy of it, that any user may run), with the default
# socket path: its primary exits 3.
default_path_check()
{
	check_prefixed env -u DINIT_SOCKET unshare --pid --fork --mount-proc \
	    --mount sh -c 'o=$1 && shift &&
		mount -t tmpfs -o mode=755 tmpfs /mnt && cp "$0" /mnt/dinit &&
		mount -t tmpfs -o "$o" tmpfs /tmp && exec "$@" /mnt/dinit \
		    -r sh -c "exit 3"' "$DINIT" ++ "$@"
}

atf_test_case default_path_that_cannot_be_made_runs_without_socket
default_path_that_cannot_be_made_runs_without_socket_head()
{
	atf_set descr "Where the default socket path cannot be had (a" \
	    "read-only /tmp as with docker run --read-only, a full one, one" \
	    "a non-root dinit may not write), dinit says so in one line and" \
	    "runs its command without a socket"
	atf_set require.user root
	atf_set timeout 30
}
default_path_that_cannot_be_made_runs_without_socket_body()
{
	default_path_check -s exit:3 -e save:ro -- ro
	default_path_check -s exit:3 -e save:full -- nr_inodes=1
	default_path_check -s exit:3 -e save:perm -- mode=755 $AS_USER
	for f in ro full perm; do
		cat $f
		atf_check -o inline:'1\n' grep -c 'socket' $f
		atf_check -o ignore grep 'started: \[sh -c exit 3\]' $f
	done
	atf_check -o ignore \
	    grep 'no socket: bind /tmp/dinit\.sock: Read-only file system$' ro
	atf_check -o ignore \
	    grep 'no socket: bind /tmp/dinit\.sock: No space left on device$' full
	atf_check -o ignore \
	    grep 'no socket: bind /tmp/dinit\.sock: Permission denied$' perm
}

atf_test_case socket_none_creates_none
socket_none_creates_none_head()
{
	atf_set descr "-socket none creates no socket and no sockd;" \
	    "-submit cannot reach dinit"
	atf_set require.user root
	atf_set timeout 30
}
socket_none_creates_none_body()
{
	ns_start -socket none -r sleep 60
	wait_for 'ns_log_has "started: \[sleep 60\]"' 10
	ns_exec_check -o inline:'w\n' -- ls -A /tmp
	ns_exec_check -s exit:1 -e match:'/tmp/dinit\.sock' \
	    -- "$DINIT" -submit -r true
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd runs: $(sockd_pid)"
	stop
}

atf_init_test_cases()
{
	atf_add_test_case stale_socket_file_is_replaced
	atf_add_test_case non_socket_at_path_is_refused_and_kept
	atf_add_test_case second_dinit_on_same_socket_refuses
	atf_add_test_case socket_file_is_removed_at_exit
	atf_add_test_case dinit_socket_variable_sets_the_path
	atf_add_test_case named_socket_that_cannot_be_made_is_an_error
	atf_add_test_case default_path_that_cannot_be_made_runs_without_socket
	atf_add_test_case socket_none_creates_none
}
