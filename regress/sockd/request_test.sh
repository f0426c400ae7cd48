#! /usr/bin/env atf-sh
# The request line as a raw client sends it: what runs, what is refused
# and with which reason, and a client that reads no reply.

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
	# Logged, as every refusal is; a connection that sent nothing asked
	# for nothing.
	if [ -n "$1" ]; then
		atf_check -o match:"dinit: sockd: refused a request of uid 0: ${2#error }\$" \
		    cat err
	else
		atf_check -s exit:1 grep 'refused a request' err
	fi
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

# one_more: one more request sockd refuses, counted in more.
one_more()
{
	printf -- 'junk\n' | ns_send >/dev/null
	more=$((more + 1))
	sleep 0.1
}

atf_test_case refusal_flood_is_logged_within_budget
refusal_flood_is_logged_within_budget_head()
{
	atf_set descr "200 requests sockd refuses itself (no -r) in a burst:" \
	    "at most 16 lines a second of them, and the next refusal's line" \
	    "is preceded by the count of those not logged"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
refusal_flood_is_logged_within_budget_body()
{
	write_clients
	start -r sleep 60
	t0=$(now_ms)
	ns_exec "$PYTHON" clients.py 200 4 'junk\n' >tally
	secs=$((($(now_ms) - t0 + 999) / 1000))
	atf_check_equal 200 "$(count 'error no -r\n' tally)"
	# One more now and then, until the budget has room again for one.
	more=0
	wait_for "one_more && ns_log_has 'refusals* not logged'" 10
	logged=$(grep -c 'sockd: refused a request of uid 0: no -r$' err)
	held=$(sed -n 's/.*sockd: \([0-9]*\) refusals* not logged$/\1/p' err |
	    awk '{ n += $1 } END { print n + 0 }')
	echo "$logged logged, $held held, in $secs s, and $more more"
	atf_check_equal $((200 + more)) $((logged + held))
	[ "$logged" -le $((16 + 16 * secs + 1)) ] ||
	    atf_fail "$logged lines in $secs s"
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
	atf_add_test_case refusal_flood_is_logged_within_budget
}
