#! /usr/bin/env atf-sh
# -start and -stop, their environment variables, and how the words of
# every command are split and expanded.

. $(atf_get_srcdir)/../lib.sh

atf_test_case start_runs_before_commands
start_runs_before_commands_head()
{
	atf_set descr "-start runs to completion before the first -r command"
	atf_set require.user root
	atf_set timeout 30
}
start_runs_before_commands_body()
{
	ns_check -e ignore -- \
	    -start 'sh -c "sleep 0.2; echo start >>order"' \
	    -r sh -c 'echo run >>order'
	atf_check -o inline:'start\nrun\n' cat order
}

atf_test_case failing_start_gives_its_status_and_runs_nothing
failing_start_gives_its_status_and_runs_nothing_head()
{
	atf_set descr "A failing -start aborts: dinit exits with its status" \
	    "and no -r command runs"
	atf_set require.user root
	atf_set timeout 30
}
failing_start_gives_its_status_and_runs_nothing_body()
{
	ns_check -s exit:3 -e not-match:'started: \[sh -c echo ran' \
	    -- -start 'sh -c "exit 3"' -r sh -c 'echo ran >ran'
	atf_check -s exit:1 test -e ran
}

atf_test_case missing_start_program_exits_127
missing_start_program_exits_127_head()
{
	atf_set descr "A -start program that is not found: 127, named in" \
	    "the log, no -r command runs"
	atf_set require.user root
	atf_set timeout 30
}
missing_start_program_exits_127_body()
{
	ns_check -s exit:127 \
	    -e match:'cannot run /nonexistent: No such file or directory' \
	    -- -start /nonexistent -r sh -c 'echo ran >ran'
	atf_check -s exit:1 test -e ran
}

atf_test_case start_splits_quoted_words
start_splits_quoted_words_head()
{
	atf_set descr "-start is split into words; a quoted word keeps its" \
	    "blanks"
	atf_set require.user root
	atf_set timeout 30
}
start_splits_quoted_words_body()
{
	ns_check -o inline:'[a b]\n[c]\n[say "hi"]\n' -e ignore -- \
	    -start 'printf [%s]\n "a b" c "say ""hi"""' -r /bin/true
}

atf_test_case stop_runs_after_every_process_is_gone
stop_runs_after_every_process_is_gone_head()
{
	atf_set descr "-stop runs once every other process is gone, the" \
	    "orphans dinit did not start included"
	atf_set require.user root
	atf_set timeout 60
}
stop_runs_after_every_process_is_gone_body()
{
	# Only builtins, so the list holds no process of the hook's own.
	cat >stop.sh <<'EOF'
echo $$ >self
for p in /proc/[0-9]*; do echo ${p#/proc/}; done >procs
EOF
	# One takes its time to end on TERM; an orphan needs TERM from PID 1.
	ns_check -e ignore -- -timeout 30 -stop 'sh stop.sh' \
	    -r sh -c 'trap "sleep 0.5; exit 0" TERM; touch ready
		while :; do sleep 0.05; done' \
	    -r sh -c 'sleep 100 & until [ -e ready ]; do sleep 0.05; done'
	printf '1\n%s\n' "$(cat self)" | sort >want
	atf_check -o file:want sort procs
}

atf_test_case stop_runs_after_term
stop_runs_after_term_head()
{
	atf_set descr "-stop also runs when a TERM to dinit ends the run"
	atf_set require.user root
	atf_set timeout 30
}
stop_runs_after_term_body()
{
	ns_start -stop 'sh -c "echo stopped >stopped"' -r sleep 100
	wait_for "ns_log_has 'started: \[sleep 100\]'" 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o inline:'stopped\n' cat stopped
}

atf_test_case failing_stop_keeps_primary_status
failing_stop_keeps_primary_status_head()
{
	atf_set descr "A failing -stop does not change dinit's status: the" \
	    "primary's"
	atf_set require.user root
	atf_set timeout 30
}
failing_stop_keeps_primary_status_body()
{
	ns_check -s exit:3 -e ignore -- -stop 'sh -c "exit 5"' -r sh -c 'exit 3'
	ns_check -s exit:3 -e match:'cannot run /nonexistent' \
	    -- -stop /nonexistent -r sh -c 'exit 3'
}

atf_test_case dollar_name_expands
dollar_name_expands_head()
{
	atf_set descr "\$NAME in a -r word expands from dinit's environment"
	atf_set require.user root
	atf_set timeout 30
}
dollar_name_expands_body()
{
	export DINIT_T=bar
	ns_check -o inline:'[bar]\n[x-bar-y]\n' -e ignore -- \
	    -r printf '[%s]\n' '$DINIT_T' 'x-$DINIT_T-y'
}

atf_test_case dollar_brace_name_expands
dollar_brace_name_expands_head()
{
	atf_set descr "\${NAME} in a -r word expands from dinit's environment"
	atf_set require.user root
	atf_set timeout 30
}
dollar_brace_name_expands_body()
{
	export DINIT_T=bar
	ns_check -o inline:'[barx]\n' -e ignore -- \
	    -r printf '[%s]\n' '${DINIT_T}x'
}

atf_test_case unset_name_expands_empty
unset_name_expands_empty_head()
{
	atf_set descr "An unset \$NAME expands to nothing"
	atf_set require.user root
	atf_set timeout 30
}
unset_name_expands_empty_body()
{
	unset DINIT_UNSET
	ns_check -o inline:'[ab]\n[]\n' -e ignore -- \
	    -r printf '[%s]\n' 'a${DINIT_UNSET}b' '$DINIT_UNSET'
}

atf_test_case backslash_dollar_is_literal
backslash_dollar_is_literal_head()
{
	atf_set descr "\\\$ in a -r word is a literal \$"
	atf_set require.user root
	atf_set timeout 30
}
backslash_dollar_is_literal_body()
{
	export DINIT_T=bar
	ns_check -o inline:'[$DINIT_T]\n' -e ignore -- \
	    -r printf '[%s]\n' '\$DINIT_T'
}

atf_test_case dollar_paren_is_left_as_is
dollar_paren_is_left_as_is_head()
{
	atf_set descr "\$( in a -r word is left alone (the original mangled" \
	    "it)"
	atf_set require.user root
	atf_set timeout 30
}
dollar_paren_is_left_as_is_body()
{
	export DINIT_T=bar
	ns_check -o inline:'[$(DINIT_T)]\n[$(echo hi)]\n' -e ignore -- \
	    -r printf '[%s]\n' '$(DINIT_T)' '$(echo hi)'
}

atf_test_case backslash_r_is_literal_r
backslash_r_is_literal_r_head()
{
	atf_set descr "\\-r in a command's arguments is a literal -r, not a" \
	    "new command"
	atf_set require.user root
	atf_set timeout 30
}
backslash_r_is_literal_r_body()
{
	ns_check -o inline:'[-r]\n[x]\n' -e ignore -- \
	    -r printf '[%s]\n' '\-r' x
}

atf_test_case start_words_expand
start_words_expand_head()
{
	atf_set descr "The words of -start expand like -r words"
	atf_set require.user root
	atf_set timeout 30
}
start_words_expand_body()
{
	export DINIT_T=bar
	ns_check -o inline:'[bar]\n[$DINIT_T]\n' -e ignore -- \
	    -start 'printf [%s]\n $DINIT_T \$DINIT_T' -r /bin/true
}

atf_test_case dinit_start_env_is_start
dinit_start_env_is_start_head()
{
	atf_set descr "DINIT_START sets -start"
	atf_set require.user root
	atf_set timeout 30
}
dinit_start_env_is_start_body()
{
	export DINIT_START='sh -c "echo start >>order"'
	ns_check -e ignore -- -r sh -c 'echo run >>order'
	atf_check -o inline:'start\nrun\n' cat order
}

atf_test_case dinit_stop_env_is_stop
dinit_stop_env_is_stop_head()
{
	atf_set descr "DINIT_STOP sets -stop"
	atf_set require.user root
	atf_set timeout 30
}
dinit_stop_env_is_stop_body()
{
	export DINIT_STOP='sh -c "echo stop >>order"'
	ns_check -e ignore -- -r sh -c 'echo run >>order'
	atf_check -o inline:'run\nstop\n' cat order
}

atf_test_case dinit_timeout_env_is_timeout
dinit_timeout_env_is_timeout_head()
{
	atf_set descr "DINIT_TIMEOUT sets -timeout"
	atf_set require.user root
	atf_set timeout 60
}
dinit_timeout_env_is_timeout_body()
{
	# The first command ignores TERM; the primary ends once it is ready.
	export DINIT_TIMEOUT=1
	t0=$(now_ms)
	ns_check -e save:err -- \
	    -r sh -c 'trap "" TERM; touch ready; while :; do sleep 0.05; done' \
	    -r sh -c 'until [ -e ready ]; do sleep 0.05; done'
	t=$(($(now_ms) - t0))
	atf_check -o ignore grep 'SIGKILL' err
	[ $t -lt 8000 ] || atf_fail "took $t ms: not the 1 s of DINIT_TIMEOUT"
}

atf_init_test_cases()
{
	atf_add_test_case start_runs_before_commands
	atf_add_test_case failing_start_gives_its_status_and_runs_nothing
	atf_add_test_case missing_start_program_exits_127
	atf_add_test_case start_splits_quoted_words
	atf_add_test_case stop_runs_after_every_process_is_gone
	atf_add_test_case stop_runs_after_term
	atf_add_test_case dollar_name_expands
	atf_add_test_case dollar_brace_name_expands
	atf_add_test_case unset_name_expands_empty
	atf_add_test_case backslash_dollar_is_literal
	atf_add_test_case dollar_paren_is_left_as_is
	atf_add_test_case backslash_r_is_literal_r
	atf_add_test_case start_words_expand
	atf_add_test_case dinit_start_env_is_start
	atf_add_test_case dinit_stop_env_is_stop
	atf_add_test_case dinit_timeout_env_is_timeout
	atf_add_test_case failing_stop_keeps_primary_status
}
