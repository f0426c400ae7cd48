#! /usr/bin/env atf-sh
# What a submitted command gets from who submitted it: its ids,
# environment, capabilities and fds, and its submitter's name in the log.

. $(atf_get_srcdir)/../lib.sh

# submitted_pid: the pid in the reply file ("ok PID").
submitted_pid()
{
	sed -n 's/^ok //p' reply
}

# environ PID: the environment of PID, one variable a line, sorted.
environ()
{
	ns_exec sh -c "tr '\0' '\n' </proc/$1/environ" | sort
}

atf_test_case nonroot_submission_runs_as_submitter
nonroot_submission_runs_as_submitter_head()
{
	atf_set descr "A command submitted by uid 1000 runs as uid 1000," \
	    "gid 1000, with the submitter's groups only"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_submission_runs_as_submitter_body()
{
	start -r sleep 60
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER \
	    "$NS_DINIT" -submit -r sh -c 'id -u >/tmp/u; id -g >/tmp/g; id -G >/tmp/G'
	wait_for 'ns_exec test -s /tmp/G' 10
	ns_exec_check -o inline:'1000\n' -- cat /tmp/u
	ns_exec_check -o inline:'1000\n' -- cat /tmp/g
	ns_exec_check -o inline:'1000\n' -- cat /tmp/G
	atf_check -o match:'started: \[sh -c .*\] \(submitted by uid 1000 gid 1000 pid [0-9]+\)' \
	    cat err
	stop
}

atf_test_case root_submission_runs_as_root
root_submission_runs_as_root_head()
{
	atf_set descr "A command submitted by root runs as root"
	atf_set require.user root
	atf_set timeout 30
}
root_submission_runs_as_root_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    "$NS_DINIT" -submit -r sh -c 'id -u >/tmp/u; id -g >/tmp/g'
	wait_for 'ns_exec test -s /tmp/g' 10
	ns_exec_check -o inline:'0\n' -- cat /tmp/u
	ns_exec_check -o inline:'0\n' -- cat /tmp/g
	stop
}

atf_test_case nonroot_submission_gets_only_path
nonroot_submission_gets_only_path_head()
{
	atf_set descr "A command submitted by a non-root user gets PATH and" \
	    "nothing else of init's environment (which holds SECRET=x)"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_submission_gets_only_path_body()
{
	export SECRET=x
	start -r sleep 60
	unset SECRET
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec_check -o save:reply -- env CLIENTVAR=y $AS_USER \
	    "$NS_DINIT" -submit -r sleep 30
	environ $(submitted_pid) >env.out
	cat env.out
	atf_check -o match:'^PATH=/' cat env.out
	atf_check -o inline:'1\n' grep -c '' env.out
	stop
}

atf_test_case nonroot_submission_gets_init_path
nonroot_submission_gets_init_path_head()
{
	atf_set descr "A non-root submitter's command gets init's PATH: a" \
	    "program found only in /tmp/bin runs when init's PATH names it"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_submission_gets_init_path_body()
{
	ns_launch env PATH=/tmp/bin:/bin "$NS_DINIT" -socket-mode 0666 \
	    -r sleep 60 >out 2>err
	ns_ready
	ns_exec sh -c 'mkdir -m 755 /tmp/bin && printf "%s\n" "#! /bin/sh" \
	    "{ id -u; env; } >/tmp/t; mv /tmp/t /tmp/hello.out" \
	    >/tmp/bin/hello && chmod 755 /tmp/bin/hello'
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r hello
	wait_for 'ns_exec test -e /tmp/hello.out' 10
	ns_exec cat /tmp/hello.out | grep -v '^PWD=\|^SHLVL=\|^_=' >hello.out
	atf_check -o inline:'1000\nPATH=/tmp/bin:/bin\n' cat hello.out
	stop
}

atf_test_case nonroot_submission_without_init_path
nonroot_submission_without_init_path_head()
{
	atf_set descr "A non-root submitter's command gets an empty" \
	    "environment when init has no PATH"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_submission_without_init_path_body()
{
	ns_launch env -i "$NS_DINIT" -socket-mode 0666 -r /bin/sleep 60 \
	    >out 2>err
	ns_ready
	ns_exec_check -o save:reply -- $AS_USER "$NS_DINIT" -submit \
	    -r /bin/sleep 30
	environ $(submitted_pid) >env.out
	atf_check -o empty cat env.out
	stop
}

atf_test_case root_submission_gets_init_environment
root_submission_gets_init_environment_head()
{
	atf_set descr "A command submitted by root gets init's environment" \
	    "(as the -r commands do), not the client's"
	atf_set require.user root
	atf_set timeout 30
}
root_submission_gets_init_environment_body()
{
	export SECRET=x
	start -r sleep 60
	unset SECRET
	ns_exec_check -o save:reply -- env CLIENTVAR=y \
	    "$NS_DINIT" -submit -r sleep 30
	environ $(submitted_pid) >env.out
	wait_for 'ns_log_has "started: \[sleep 60\]$"' 10
	primary=$(sed -n 's/.* pid \([0-9]*\) started: \[sleep 60\]$/\1/p' err)
	environ $primary >init.env
	atf_check -o match:'^SECRET=x$' cat env.out
	atf_check -s exit:1 grep CLIENTVAR env.out
	atf_check -o file:init.env cat env.out
	stop
}

atf_test_case submit_env_inherit_gives_nonroot_init_environment
submit_env_inherit_gives_nonroot_init_environment_head()
{
	atf_set descr "With -submit-env inherit, a non-root submitter's" \
	    "command gets init's environment, as with the original"
	atf_set require.user root
	atf_set timeout 30
}
submit_env_inherit_gives_nonroot_init_environment_body()
{
	export SECRET=x
	start -submit-env inherit -r sleep 60
	unset SECRET
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec_check -o save:reply -- env CLIENTVAR=y $AS_USER \
	    "$NS_DINIT" -submit -r sleep 30
	environ $(submitted_pid) >env.out
	atf_check -o match:'^SECRET=x$' cat env.out
	atf_check -s exit:1 grep CLIENTVAR env.out
	ns_exec_check -o match:'^Uid:[[:space:]]+1000[[:space:]]' \
	    -- cat /proc/$(submitted_pid)/status
	stop
}

atf_test_case nonroot_submitter_cannot_run_root_only_program
nonroot_submitter_cannot_run_root_only_program_head()
{
	atf_set descr "A program only root may execute is refused to a uid" \
	    "1000 submitter (Permission denied) and runs for root"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_submitter_cannot_run_root_only_program_body()
{
	start -r sleep 60
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec sh -c 'printf "#! /bin/sh\ntouch /tmp/ran.\$(id -u)\n" \
	    >/tmp/rootonly && chmod 700 /tmp/rootonly'
	ns_exec_check -s exit:1 -e match:'error .*Permission denied' -- \
	    $AS_USER "$NS_DINIT" -submit -r /tmp/rootonly
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r /tmp/rootonly
	wait_for 'ns_exec test -e /tmp/ran.0' 10
	ns_exec_check -s exit:1 -- test -e /tmp/ran.1000
	atf_check -o match:'cannot run \[/tmp/rootonly\] \(submitted by uid 1000 gid 1000 pid [0-9]+\): Permission denied' \
	    cat err
	stop
}

atf_test_case log_names_the_submitter
log_names_the_submitter_head()
{
	atf_set descr "The log names who submitted a command: the uid, gid" \
	    "and pid the kernel reports for the client's connection"
	atf_set require.user root
	atf_set timeout 30
}
log_names_the_submitter_body()
{
	start -r sleep 60
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec setpriv --reuid 1000 --regid 1000 --clear-groups \
	    sh -c 'echo $$ >/tmp/client; exec "$0" -submit -r true' "$NS_DINIT" \
	    >reply
	atf_check -o match:'^ok [0-9]+$' cat reply
	client=$(ns_exec cat /tmp/client)
	atf_check -o match:"pid $(submitted_pid) started: \[true\] \(submitted by uid 1000 gid 1000 pid $client\)$" \
	    cat err
	stop
}

atf_test_case log_marks_peer_in_other_pid_namespace
log_marks_peer_in_other_pid_namespace_head()
{
	atf_set descr "A client in a PID namespace that dinit's does not" \
	    "hold (a sidecar's) is logged as pid ?, never as pid 0"
	atf_set require.user root
	atf_set timeout 30
}
log_marks_peer_in_other_pid_namespace_body()
{
	start -r sleep 60
	# dinit's mount namespace, but a PID namespace of the client's own
	# (a plain client: there /proc is not its PID namespace's).
	echo '-r true' >request
	atf_check -o match:'^ok [0-9]+$' nsenter -t "$NS_PID" -m \
	    unshare --pid --fork "$PYTHON" -c "$NS_SEND_PY" line \
	    /tmp/dinit.sock <request
	atf_check -o match:'started: \[true\] \(submitted by uid 0 gid 0 pid \?\)$' \
	    cat err
	atf_check -s exit:1 grep 'pid 0' err
	stop
}

atf_test_case nonroot_submission_has_no_capabilities
nonroot_submission_has_no_capabilities_head()
{
	atf_set descr "A command submitted by uid 1000 has no effective or" \
	    "permitted capability, whatever init has"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_submission_has_no_capabilities_body()
{
	start -r sleep 60
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec_check -o save:reply -- $AS_USER "$NS_DINIT" -submit -r sleep 30
	ns_exec cat /proc/$(submitted_pid)/status >status
	atf_check -o match:'^Uid:	1000	1000	1000	1000$' cat status
	for set in CapInh CapPrm CapEff CapAmb; do
		atf_check -o match:"^$set:	0000000000000000$" cat status
	done
	stop
}

atf_test_case submitted_command_gets_only_std_fds
submitted_command_gets_only_std_fds_head()
{
	atf_set descr "A submitted command, root's or uid 1000's, inherits" \
	    "fds 0, 1, 2 only (not the listening socket, the socketpair or" \
	    "the client's connection), and the signal mask and ignored set" \
	    "of a -r command (dinit's own at its start)"
	atf_set require.user root
	atf_set timeout 30
}
submitted_command_gets_only_std_fds_body()
{
	start -r "$NS_HELPERS/fds" -r sleep 60
	wait_for '[ "$(grep -c "^SigIgn" out)" = 1 ]' 10
	ns_exec chmod 666 /tmp/dinit.sock
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r "$NS_HELPERS/fds"
	wait_for '[ "$(grep -c "^SigIgn" out)" = 2 ]' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r "$NS_HELPERS/fds"
	wait_for '[ "$(grep -c "^SigIgn" out)" = 3 ]' 10
	stop
	atf_check -o inline:'fds: 0 1 2\n' sed 1q out
	sed 3q out >want
	cat want want want >want3
	atf_check -o file:want3 cat out
}

atf_test_case nonroot_command_shares_no_description_with_init
nonroot_command_shares_no_description_with_init_head()
{
	atf_set descr "A uid 1000 command sets O_NONBLOCK on its stdout and" \
	    "stderr: the primary's stdout (the same file as dinit's) keeps" \
	    "its flags, and the command's output still reaches dinit's"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
nonroot_command_shares_no_description_with_init_body()
{
	# fd 3: the primary's stdout, the same description, for sed to read.
	start -socket-mode 0666 -r sh -c \
	    'exec 3>&1; until [ -e /tmp/w/check ]; do sleep 0.05; done
	    sed -n "s/^flags:[[:space:]]*//p" /proc/self/fdinfo/3 >/tmp/w/flags
	    exec sleep 100'
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r "$PYTHON" -c 'import fcntl, os
for fd in (1, 2):
    fcntl.fcntl(fd, fcntl.F_SETFL, os.O_NONBLOCK)
print("set", flush=True)'
	wait_for "ns_log_has 'finished: \[$PYTHON -c'" 10
	atf_check -o inline:'set\n' cat out
	touch check
	wait_for 'test -s flags' 10
	flags=$(cat flags)
	echo "the primary's stdout: flags $flags"
	[ $((0$flags & 04000)) -eq 0 ] ||
	    atf_fail "the primary's stdout is O_NONBLOCK: $flags"
	stop
}

atf_test_case full_stderr_neither_spins_pid1_nor_holds_stdout
full_stderr_neither_spins_pid1_nor_holds_stdout_head()
{
	atf_set descr "dinit's stderr is a pipe nobody reads, filled by a uid" \
	    "1000 command; init's own lines are dropped: another command's" \
	    "stdout (a file) still arrives, and PID 1 does not spin"
	atf_set require.user root
	atf_set timeout 60
}
full_stderr_neither_spins_pid1_nor_holds_stdout_body()
{
	mkfifo efifo
	exec 3<>efifo		# a reader that never reads
	ns_launch "$DINIT" -socket-mode 0666 -r sleep 100 >out 2>efifo
	ns_ready
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r sh -c 'head -c 300000 /dev/zero | tr "\\0" x >&2; exec sleep 100'
	# Both pipes are full once tr waits to write.
	wait_for 'tr=$(pgrep -u 1000 -x tr) &&
	    grep -q "pipe_write$" /proc/$tr/wchan' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r sh -c 'echo hi; exec sleep 100'
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r sh -c 'echo again; exec sleep 100'
	wait_for 'grep -q again out' 10
	p0=$(cpu_ticks $NS_PID)
	sleep 2
	p1=$(cpu_ticks $NS_PID)
	echo "PID 1: $((p1 - p0)) ticks in 2 s with stderr full"
	[ $((p1 - p0)) -le 10 ] || atf_fail "PID 1 spent $((p1 - p0)) ticks"
	cat efifo >/dev/null &
	stop
	exec 3>&-
}

atf_init_test_cases()
{
	atf_add_test_case full_stderr_neither_spins_pid1_nor_holds_stdout
	atf_add_test_case nonroot_command_shares_no_description_with_init
	atf_add_test_case nonroot_submission_runs_as_submitter
	atf_add_test_case root_submission_runs_as_root
	atf_add_test_case nonroot_submission_gets_only_path
	atf_add_test_case nonroot_submission_gets_init_path
	atf_add_test_case nonroot_submission_without_init_path
	atf_add_test_case log_marks_peer_in_other_pid_namespace
	atf_add_test_case root_submission_gets_init_environment
	atf_add_test_case submit_env_inherit_gives_nonroot_init_environment
	atf_add_test_case nonroot_submitter_cannot_run_root_only_program
	atf_add_test_case log_names_the_submitter
	atf_add_test_case nonroot_submission_has_no_capabilities
	atf_add_test_case submitted_command_gets_only_std_fds
}
