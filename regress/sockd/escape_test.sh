#! /usr/bin/env atf-sh
# Whatever bytes a submitted command holds reach the log escaped, on
# one line: no request can forge a log line.

. $(atf_get_srcdir)/../lib.sh

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

atf_init_test_cases()
{
	atf_add_test_case newline_in_failed_command_is_logged_escaped
	atf_add_test_case control_bytes_in_quoted_argument_are_logged_escaped
	atf_add_test_case newline_in_quoted_argument_is_logged_escaped
}
