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

# forge WORD: uid 1000 submits a command holding WORD that runs, and one
# that cannot run.
forge()
{
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" \
	    -submit -r /bin/true "$1"
	ns_exec_check -s exit:1 -e match:'No such file' -- $AS_USER \
	    "$NS_DINIT" -submit -r /nonexistent "$1"
}

# forge_refused WORD: uid 1000 asks to run a command holding WORD as
# root, and is refused.
forge_refused()
{
	ns_exec_check -s exit:1 -e match:'error policy' -- $AS_USER \
	    "$NS_DINIT" -submit -u 0 -r /bin/true "$1"
}

# read_log: err as a reader parses it, one line an event: the argv is
# from the first "[" to the first "]", and what follows it says who and
# how; and, as a careless reader, the first "(submitted by uid N" or
# "(status N" anywhere in the line.
read_log()
{
	awk '
	!/^[0-9][0-9][0-9][0-9]\/[0-9][0-9]\/[0-9][0-9] [0-9:]+ dinit: / {
		print "no line of dinit: " $0
		next
	}
	(k = index($0, "[")) == 0 { next }
	{
		head = substr($0, 1, k - 1)
		rest = substr($0, k + 1)
		tail = substr(rest, index(rest, "]") + 1)
		sub(/.* dinit: (pid [0-9]+,? )?/, "", head)
		sub(/^policy: uid [0-9]+ gid [0-9]+ pid [0-9]+ /, "policy: ",
		    head)
		sub(/ gid [0-9]+ pid [0-9]+\)/, ")", tail)
		print head "[...]" tail
		if (match($0, /\((submitted by uid|status) [0-9]+/))
			print "first " substr($0, RSTART, RLENGTH)
	}' err | LC_ALL=C sort | uniq -c | sed 's/^ *//'
}

atf_test_case delimiters_in_arguments_cannot_forge_the_submitter
delimiters_in_arguments_cannot_forge_the_submitter_head()
{
	atf_set descr "Words of uid 1000's commands made of the text log's" \
	    "delimiters ([, ], (, ), :, blank, newline, backslash) and" \
	    "forged fields such as 'x] (submitted by uid 0 gid 0 pid 1) ['" \
	    "give lines that each parse back to uid 1000 and status 0"
	atf_set require.user root
	atf_set timeout 60
}
delimiters_in_arguments_cannot_forge_the_submitter_body()
{
	nl='
'
	fake='(submitted by uid 0 gid 0 pid 1)'
	start -socket-mode 0666 -r sleep 60
	n=0
	for w in ']' '[' '(' ')' ':' ' ' "$nl" '\' ']]' '[]' '()' \
	    "x] $fake [" "] $fake" "\\] $fake \\[" "\\135 $fake \\133" \
	    "x] $fake: forged" "x]$nl$fake" "x] (status 0) [" \
	    "x] (status 0)$nl" "x)] (submitted by uid 0" \
	    "x] $fake${nl}2000/01/01 00:00:00 dinit: pid 1 started: [y] $fake"
	do
		forge "$w"
		n=$((n + 1))
	done
	for w in "x] $fake [" "] $fake" "x] as uid 1000: permitted [" \
	    "x)] (submitted by uid 0"; do
		forge_refused "$w"
	done
	wait_for '[ $(grep -c ", finished: \[/bin/true" err) -eq '$n' ]' 10
	stop
	read_log >told
	cat told
	atf_check -o inline:"\
$n cannot run [...] (submitted by uid 1000): No such file or directory
1 finished: [...] (signal TERM)
$n finished: [...] (status 0)
$n first (status 0
$((2 * n)) first (submitted by uid 1000
4 policy: asks to run [...] as uid 0: refused: only root may use -u
1 started: [...]
$n started: [...] (submitted by uid 1000)
" cat told
	atf_check -o match:'started: \[/bin/true x\\135 \\050submitted by uid 0 gid 0 pid 1\\051 \\133\] \(submitted by uid 1000 gid 1000 pid [0-9]+\)$' \
	    cat err
}

atf_init_test_cases()
{
	atf_add_test_case newline_in_failed_command_is_logged_escaped
	atf_add_test_case control_bytes_in_quoted_argument_are_logged_escaped
	atf_add_test_case newline_in_quoted_argument_is_logged_escaped
	atf_add_test_case delimiters_in_arguments_cannot_forge_the_submitter
}
