#! /usr/bin/env atf-sh
# The socket as a raw client sees it: the text protocol, what is
# refused, slow clients, sockd's death, and the socket file's life.

. $(atf_get_srcdir)/../lib.sh

# refused BYTES REPLY [MODE]: printf-format BYTES sent raw (ns_send
# MODE) are answered with the one line REPLY ("error WHY"), nothing runs
# (each request tries to touch ./ran), and a valid submission right
# after works.
refused()
{
	[ $# -ge 2 ] || atf_fail "refused: no expected reply"
	start -r sleep 60
	printf -- "$1" | ns_send "${3:-line}" >reply
	echo "reply: $(cat reply)"
	atf_check -o inline:"$2\n" cat reply
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch after
	wait_for 'test -e after' 10
	atf_check -s exit:1 test -e ran
	atf_check -o inline:'1\n' grep -c 'started: .*submitted by' err
	stop
}

atf_test_case raw_request_gets_ok_pid
raw_request_gets_ok_pid_head()
{
	atf_set descr "'-r echo hi\\\\n' on the socket is answered 'ok PID\\\\n'" \
	    "with the pid of the started echo, and the connection closes"
	atf_set require.user root
	atf_set timeout 30
}
raw_request_gets_ok_pid_body()
{
	start -r sleep 60
	printf -- '-r echo hi\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	atf_check -o inline:'1\n' grep -c '' reply
	pid=$(sed -n 's/^ok //p' reply)
	atf_check -o match:"pid $pid started: \[echo hi\] \(submitted by uid 0 " \
	    cat err
	wait_for 'grep -q "^hi$" out' 10
	stop
}

atf_test_case original_csv_quoting_works
original_csv_quoting_works_head()
{
	atf_set descr "The original Go client's CSV form works: a quoted" \
	    "word keeps its blanks and \"\" in it is one \""
	atf_set require.user root
	atf_set timeout 30
}
original_csv_quoting_works_body()
{
	start -r sleep 60
	printf -- '-r sh -c "echo ""q"" >q.out"\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	printf -- '-r sh -c "echo '"'"'""q""'"'"' >qq.out"\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	wait_for 'test -s q.out && test -s qq.out' 10
	atf_check -o inline:'q\n' cat q.out
	atf_check -o inline:'"q"\n' cat qq.out
	stop
}

atf_test_case two_commands_in_one_line_get_two_replies
two_commands_in_one_line_get_two_replies_head()
{
	atf_set descr "Two -r in one request line start two commands and" \
	    "get two reply lines, in order"
	atf_set require.user root
	atf_set timeout 30
}
two_commands_in_one_line_get_two_replies_body()
{
	start -r sleep 60
	printf -- '-r sleep 31 -r sleep 32\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' sed -n 1p reply
	atf_check -o match:'^ok [0-9]+$' sed -n 2p reply
	atf_check -o inline:'2\n' grep -c '' reply
	p1=$(sed -n '1s/^ok //p' reply)
	p2=$(sed -n '2s/^ok //p' reply)
	atf_check -o match:"pid $p1 started: \[sleep 31\]" cat err
	atf_check -o match:"pid $p2 started: \[sleep 32\]" cat err
	stop
}

atf_test_case client_closing_without_reading_breaks_nothing
client_closing_without_reading_breaks_nothing_head()
{
	atf_set descr "A client that sends a request and closes at once," \
	    "reading nothing (as the original client did), still gets its" \
	    "command run, and the next submission is fine"
	atf_set require.user root
	atf_set timeout 30
}
client_closing_without_reading_breaks_nothing_body()
{
	start -r sleep 60
	printf -- '-r touch closed1\n' | ns_send close
	printf -- '-r touch closed2\n' | ns_send close
	wait_for 'test -e closed1 && test -e closed2' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch after
	wait_for 'test -e after' 10
	ns_exec kill -0 1 || atf_fail "dinit is gone"
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case eof_without_newline_ends_request
eof_without_newline_ends_request_head()
{
	atf_set descr "EOF ends a request that has no newline"
	atf_set require.user root
	atf_set timeout 30
}
eof_without_newline_ends_request_body()
{
	start -r sleep 60
	printf -- '-r touch eof' | ns_send eof >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	wait_for 'test -e eof' 10
	stop
}

atf_test_case line_of_512_bytes_is_accepted
line_of_512_bytes_is_accepted_head()
{
	atf_set descr "A request line of 512 bytes, newline included, runs"
	atf_set require.user root
	atf_set timeout 30
}
line_of_512_bytes_is_accepted_body()
{
	start -r sleep 60
	printf -- '-r sh -c "touch ran" %0490d\n' 0 >req
	atf_check -o inline:'512\n' sh -c 'wc -c <req'
	ns_send <req >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	wait_for 'test -e ran' 10
	stop
}

atf_test_case line_of_513_bytes_is_refused
line_of_513_bytes_is_refused_head()
{
	atf_set descr "A request line of 513 bytes, newline included, is" \
	    "refused and nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
line_of_513_bytes_is_refused_body()
{
	printf -- '-r sh -c "touch ran" %0491d\n' 0 >req
	atf_check -o inline:'513\n' sh -c 'wc -c <req'
	refused "$(cat req)\n" 'error line too long'
}

atf_test_case nul_byte_outside_quotes_is_refused
nul_byte_outside_quotes_is_refused_head()
{
	atf_set descr "A NUL byte outside quotes is refused and nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
nul_byte_outside_quotes_is_refused_body()
{
	refused '-r touch ran\000x\n' 'error control byte outside quotes'
}

atf_test_case control_byte_is_refused
control_byte_is_refused_head()
{
	atf_set descr "A control byte outside quotes is refused and nothing" \
	    "runs"
	atf_set require.user root
	atf_set timeout 30
}
control_byte_is_refused_body()
{
	refused '-r touch ran\033[2J\n' 'error control byte outside quotes'
}

atf_test_case unbalanced_quote_is_refused
unbalanced_quote_is_refused_head()
{
	atf_set descr "A quote left open at EOF is refused and nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
unbalanced_quote_is_refused_body()
{
	refused '-r touch "ran\n' 'error unbalanced quote' eof
}

atf_test_case request_without_r_is_refused
request_without_r_is_refused_head()
{
	atf_set descr "A request that does not start with -r is refused and" \
	    "nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
request_without_r_is_refused_body()
{
	refused 'touch ran\n' 'error no -r'
}

atf_test_case empty_command_is_refused
empty_command_is_refused_head()
{
	atf_set descr "A -r with no command after it refuses the whole" \
	    "request: nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
empty_command_is_refused_body()
{
	refused '-r touch ran -r\n' 'error empty command'
}

atf_test_case too_many_arguments_is_refused
too_many_arguments_is_refused_head()
{
	atf_set descr "A command with more than 64 words is refused and" \
	    "nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
too_many_arguments_is_refused_body()
{
	refused "-r touch ran$(printf ' a%.0s' $(seq 70))\n" \
	    'error too many arguments'
}

atf_test_case junk_is_refused
junk_is_refused_head()
{
	atf_set descr "Junk (an HTTP request) is refused and nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
junk_is_refused_body()
{
	refused 'GET /-r touch ran HTTP/1.1\r\nHost: x\r\n\r\n' 'error no -r'
}

atf_test_case empty_request_is_refused
empty_request_is_refused_head()
{
	atf_set descr "A connection closed with nothing sent is refused"
	atf_set require.user root
	atf_set timeout 30
}
empty_request_is_refused_body()
{
	refused '' 'error no -r' eof
}

atf_test_case empty_quoted_argument_is_refused
empty_quoted_argument_is_refused_head()
{
	atf_set descr "An empty quoted argument (\"\") is refused and nothing" \
	    "runs"
	atf_set require.user root
	atf_set timeout 30
}
empty_quoted_argument_is_refused_body()
{
	refused '-r touch ran ""\n' 'error empty argument'
}

atf_test_case crlf_line_end_is_accepted
crlf_line_end_is_accepted_head()
{
	atf_set descr "A request line ending in CR LF runs, the CR dropped"
	atf_set require.user root
	atf_set timeout 30
}
crlf_line_end_is_accepted_body()
{
	start -r sleep 60
	printf -- '-r touch crlf\r\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	wait_for 'test -e crlf' 10
	stop
}

atf_test_case newline_in_failed_command_is_logged_escaped
newline_in_failed_command_is_logged_escaped_head()
{
	atf_set descr "A submitted command that cannot run is logged escaped," \
	    "on one line, whatever bytes its name holds"
	atf_set require.user root
	atf_set timeout 30
}
newline_in_failed_command_is_logged_escaped_body()
{
	start -r sleep 60
	ns_exec_check -s exit:1 -e match:'No such file' -- \
	    "$DINIT" -submit -r "$(printf '/nonexistent\nFORGED')"
	stop
	atf_check -o match:'cannot run \[/nonexistent\\nFORGED\] \(submitted by' \
	    cat err
	atf_check -s exit:1 grep '^FORGED' err
}

atf_test_case control_bytes_in_quoted_argument_are_logged_escaped
control_bytes_in_quoted_argument_are_logged_escaped_head()
{
	atf_set descr "Control bytes inside quotes (ESC, CR, BS) belong to" \
	    "the argument and reach the log escaped, never raw"
	atf_set require.user root
	atf_set timeout 30
}
control_bytes_in_quoted_argument_are_logged_escaped_body()
{
	start -r sleep 60
	printf -- '-r true "\033[2J\rX\bY"\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	wait_for 'ns_log_has "finished: \[true "' 10
	stop
	atf_check -o match:'started: \[true .*2J.*X.*Y\] \(submitted by' cat err
	atf_check -s exit:1 grep "$(printf '[\033\r\b]')" err
}

atf_test_case newline_in_quoted_argument_is_logged_escaped
newline_in_quoted_argument_is_logged_escaped_head()
{
	atf_set descr "A newline inside a quoted argument belongs to it and" \
	    "is logged escaped, so no log line can be forged"
	atf_set require.user root
	atf_set timeout 30
}
newline_in_quoted_argument_is_logged_escaped_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    "$DINIT" -submit -r echo "$(printf 'a\nb FORGED')"
	wait_for 'grep -q "^b FORGED$" out' 10
	printf -- '-r echo "c\nd FORGED"\n' | ns_send >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	wait_for 'grep -q "^d FORGED$" out' 10
	stop
	atf_check -o match:'started: \[echo a\\nb FORGED\] \(submitted by' \
	    cat err
	atf_check -o match:'started: \[echo c\\nd FORGED\] \(submitted by' \
	    cat err
	atf_check -s exit:1 grep -E '^(b|d) FORGED' err
	atf_check -o inline:'a\nb FORGED\nc\nd FORGED\n' cat out
}

atf_test_case silent_client_gets_timeout
silent_client_gets_timeout_head()
{
	atf_set descr "A client that sends half a line and then nothing is" \
	    "answered 'error timeout' after sockd's read deadline, and" \
	    "nothing runs"
	atf_set require.user root
	atf_set timeout 60
}
silent_client_gets_timeout_body()
{
	start -r sleep 60
	t0=$(now_ms)
	printf -- '-r touch ran' | ns_send line >reply
	t=$(($(now_ms) - t0))
	echo "timed out after $t ms"
	atf_check -o inline:'error timeout\n' cat reply
	[ $t -lt 20000 ] || atf_fail "the deadline took $t ms"
	atf_check -s exit:1 test -e ran
	stop
}

atf_test_case stalled_clients_do_not_block_others
stalled_clients_do_not_block_others_head()
{
	atf_set descr "300 clients that connect and stall (silent or with" \
	    "half a line) do not stop a real client from being served;" \
	    "they get 'error timeout' or 'error busy'"
	atf_set require.user root
	atf_set timeout 90
}
stalled_clients_do_not_block_others_body()
{
	cat >stall.py <<'EOF'
import select, socket, sys, time
socks = {}
for i in range(300):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/tmp/dinit.sock")
    if i % 2:
        s.sendall(b"-r touch ran")	# half a line, never finished
    socks[s] = b""
open("ready", "w").close()
replies = []
deadline = time.monotonic() + 40
while socks and time.monotonic() < deadline:
    r, _, _ = select.select(list(socks), [], [], 1)
    for s in r:
        try:
            b = s.recv(4096)
        except ConnectionResetError:
            b = b""
        if b:
            socks[s] += b
        else:
            replies.append(socks.pop(s))
            s.close()
with open("stalled.out", "wb") as f:
    for b in replies + [b"(no reply)"] * len(socks):
        f.write(b.replace(b"\n", b"\\n") + b"\n")
EOF
	start -r sleep 120
	ns_exec "$PYTHON" stall.py &
	stall=$!
	wait_for 'test -e ready' 30
	t0=$(now_ms)
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch real
	t=$(($(now_ms) - t0))
	echo "with 300 stalled clients, a submission took $t ms"
	[ $t -lt 5000 ] || atf_fail "a submission took $t ms"
	wait_for 'test -e real' 10
	wait $stall || atf_fail "the stalling client failed"
	sort stalled.out | uniq -c
	atf_check -o inline:'300\n' grep -c '' stalled.out
	atf_check -o inline:'300\n' grep -Ec '^error (timeout|busy)\\n$' \
	    stalled.out
	atf_check -s exit:1 test -e ran
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	stop
}

atf_test_case sockd_sigkill_is_survived
sockd_sigkill_is_survived_head()
{
	atf_set descr "sockd killed with SIGKILL: init logs it, a new sockd" \
	    "takes over within about a second, submissions work again, and" \
	    "the primary and submitted children are untouched"
	atf_set require.user root
	atf_set timeout 30
}
sockd_sigkill_is_survived_body()
{
	start -r sleep 300
	ns_exec_check -o save:reply -- "$DINIT" -submit -r sleep 301
	child=$(sed -n 's/^ok //p' reply)
	wait_for 'ns_log_has "started: \[sleep 300\]$"' 10
	primary=$(sed -n 's/.* pid \([0-9]*\) started: \[sleep 300\]$/\1/p' err)
	old=$(sockd_pid)
	[ -n "$old" ] && [ -n "$child" ] && [ -n "$primary" ] ||
	    atf_fail "sockd '$old', child '$child', primary '$primary'"

	t0=$(now_ms)
	ns_exec kill -KILL "$old"
	wait_for 'new=$(sockd_pid); [ -n "$new" ] && [ "$new" != "$old" ]' 5
	echo "a new sockd after $(($(now_ms) - t0)) ms"
	atf_check -o match:"sockd pid $old killed by SIGKILL" cat err
	atf_check -o match:'restarting sockd in [0-9]+ ms' cat err
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch again
	wait_for 'test -e again' 10
	ns_exec_check -o match:'^PPid:[[:space:]]+1$' -- cat /proc/$new/status

	ns_exec_check -o inline:'sleep 300 ' -- \
	    sh -c "tr '\0' ' ' </proc/$primary/cmdline"
	ns_exec_check -o inline:'sleep 301 ' -- \
	    sh -c "tr '\0' ' ' </proc/$child/cmdline"
	atf_check -s exit:1 grep 'finished: \[sleep' err
	stop
}

atf_test_case submission_during_sockd_restart_is_served
submission_during_sockd_restart_is_served_head()
{
	atf_set descr "A client that connects while sockd is dead and not yet" \
	    "replaced waits and is served by the next sockd (init keeps the" \
	    "listening socket)"
	atf_set require.user root
	atf_set timeout 30
}
submission_during_sockd_restart_is_served_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	old=$(sockd_pid)
	ns_exec kill -KILL "$old"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch gap
	wait_for 'test -e gap' 10
	atf_check -o match:"sockd pid $old killed by SIGKILL" cat err
	stop
}

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

atf_test_case missing_socket_directory_runs_without_socket
missing_socket_directory_runs_without_socket_head()
{
	atf_set descr "A socket path whose directory does not exist (a" \
	    "scratch image without /tmp) is reported and dinit runs on" \
	    "without a socket"
	atf_set require.user root
	atf_set timeout 30
}
missing_socket_directory_runs_without_socket_body()
{
	ns_check -s exit:3 -e match:'no socket: /tmp/w/nodir/d\.sock' \
	    -- -socket /tmp/w/nodir/d.sock -r sh -c 'exit 3'
	atf_check -s exit:1 test -e nodir
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
	atf_add_test_case raw_request_gets_ok_pid
	atf_add_test_case original_csv_quoting_works
	atf_add_test_case two_commands_in_one_line_get_two_replies
	atf_add_test_case client_closing_without_reading_breaks_nothing
	atf_add_test_case eof_without_newline_ends_request
	atf_add_test_case line_of_512_bytes_is_accepted
	atf_add_test_case line_of_513_bytes_is_refused
	atf_add_test_case nul_byte_outside_quotes_is_refused
	atf_add_test_case control_byte_is_refused
	atf_add_test_case unbalanced_quote_is_refused
	atf_add_test_case request_without_r_is_refused
	atf_add_test_case empty_command_is_refused
	atf_add_test_case too_many_arguments_is_refused
	atf_add_test_case junk_is_refused
	atf_add_test_case empty_request_is_refused
	atf_add_test_case empty_quoted_argument_is_refused
	atf_add_test_case crlf_line_end_is_accepted
	atf_add_test_case newline_in_failed_command_is_logged_escaped
	atf_add_test_case control_bytes_in_quoted_argument_are_logged_escaped
	atf_add_test_case newline_in_quoted_argument_is_logged_escaped
	atf_add_test_case silent_client_gets_timeout
	atf_add_test_case stalled_clients_do_not_block_others
	atf_add_test_case sockd_sigkill_is_survived
	atf_add_test_case submission_during_sockd_restart_is_served
	atf_add_test_case stale_socket_file_is_replaced
	atf_add_test_case non_socket_at_path_is_refused_and_kept
	atf_add_test_case second_dinit_on_same_socket_refuses
	atf_add_test_case socket_file_is_removed_at_exit
	atf_add_test_case dinit_socket_variable_sets_the_path
	atf_add_test_case missing_socket_directory_runs_without_socket
	atf_add_test_case socket_none_creates_none
}
