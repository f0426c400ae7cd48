#! /usr/bin/env atf-sh
# The security model: who may connect, what a submitter's command gets,
# and how little sockd holds, as /proc shows it.

. $(atf_get_srcdir)/../lib.sh

# Before a command, in ns_exec_check: run it as uid 1000, gid 1000, no
# supplementary groups.
AS_USER='setpriv --reuid 1000 --regid 1000 --clear-groups'

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

# sockd_ready: serve one submission, so that sockd is past its sandbox;
# sets SOCKD to its pid.
sockd_ready()
{
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	SOCKD=$(sockd_pid)
	[ -n "$SOCKD" ] || atf_fail "no sockd"
	ns_exec cat /proc/$SOCKD/status >status
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

atf_test_case socket_mode_is_0600_whatever_the_umask
socket_mode_is_0600_whatever_the_umask_head()
{
	atf_set descr "The socket is root's with mode 0600 by default, even" \
	    "when dinit starts under umask 000"
	atf_set require.user root
	atf_set timeout 30
}
socket_mode_is_0600_whatever_the_umask_body()
{
	umask 000
	start -r sleep 60
	umask 022
	ns_exec_check -o inline:'600 0 0\n' -- stat -c '%a %u %g' /tmp/dinit.sock
	stop
}

atf_test_case nonroot_client_is_refused_by_default_mode
nonroot_client_is_refused_by_default_mode_head()
{
	atf_set descr "With the default mode a uid 1000 client cannot" \
	    "connect (Permission denied, from the kernel) and nothing runs"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_client_is_refused_by_default_mode_body()
{
	umask 000
	start -r sleep 60
	umask 022
	ns_exec_check -s exit:1 -e match:'Permission denied' -- $AS_USER \
	    "$NS_DINIT" -submit -r touch /tmp/ran
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	atf_check -s exit:1 grep 'submitted by' err
	stop
}

atf_test_case socket_mode_and_group_flags_apply
socket_mode_and_group_flags_apply_head()
{
	atf_set descr "-socket-mode 0660 -socket-group 1000 give the socket" \
	    "that mode and group: a member of the group may submit, others" \
	    "may not"
	atf_set require.user root
	atf_set timeout 30
}
socket_mode_and_group_flags_apply_body()
{
	start -socket-mode 0660 -socket-group 1000 -r sleep 60
	ns_exec_check -o inline:'660 0 1000\n' -- \
	    stat -c '%a %u %g' /tmp/dinit.sock
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    setpriv --reuid 2000 --regid 2000 --groups 1000 \
	    "$NS_DINIT" -submit -r touch /tmp/member
	ns_exec_check -s exit:1 -e match:'Permission denied' -- \
	    setpriv --reuid 2001 --regid 2001 --clear-groups \
	    "$NS_DINIT" -submit -r touch /tmp/other
	wait_for 'ns_exec test -e /tmp/member' 10
	ns_exec_check -o inline:'2000 2000\n' -- stat -c '%u %g' /tmp/member
	ns_exec_check -s exit:1 -- test -e /tmp/other
	stop
}

atf_test_case sockd_runs_as_nobody
sockd_runs_as_nobody_head()
{
	atf_set descr "sockd runs as uid and gid 65534 (real, effective," \
	    "saved, file system) with no other group"
	atf_set require.user root
	atf_set timeout 30
}
sockd_runs_as_nobody_body()
{
	start -r sleep 60
	sockd_ready
	cat status
	atf_check -o match:'^Uid:	65534	65534	65534	65534$' cat status
	atf_check -o match:'^Gid:	65534	65534	65534	65534$' cat status
	atf_check -o match:'^Groups:	65534 ?$' cat status
	ns_exec_check -o match:'^PPid:[[:space:]]+1$' -- cat /proc/$SOCKD/status
	ns_exec_check -o match:'^dinit: sockd' -- cat /proc/$SOCKD/cmdline
	stop
}

atf_test_case sockd_has_no_capabilities
sockd_has_no_capabilities_head()
{
	atf_set descr "sockd has no capability in any set"
	atf_set require.user root
	atf_set timeout 30
}
sockd_has_no_capabilities_body()
{
	start -r sleep 60
	sockd_ready
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		atf_check -o match:"^$set:	0000000000000000$" cat status
	done
	stop
}

atf_test_case sockd_has_no_new_privs_and_seccomp
sockd_has_no_new_privs_and_seccomp_head()
{
	atf_set descr "sockd has no_new_privs set and a seccomp filter"
	atf_set require.user root
	atf_set timeout 30
}
sockd_has_no_new_privs_and_seccomp_body()
{
	start -r sleep 60
	sockd_ready
	atf_check -o match:'^NoNewPrivs:	1$' cat status
	atf_check -o match:'^Seccomp:	2$' cat status
	stop
}

atf_test_case sockd_sees_an_empty_root
sockd_sees_an_empty_root_head()
{
	atf_set descr "sockd's root directory is empty"
	atf_set require.user root
	atf_set timeout 30
}
sockd_sees_an_empty_root_body()
{
	start -r sleep 60
	sockd_ready
	ns_exec_check -o empty -- ls -A /proc/$SOCKD/root/
	# And it left no directory behind in /tmp.
	ns_exec_check -o inline:'dinit.sock\nw\n' -- ls -A /tmp
	stop
}

atf_test_case sockd_holds_only_its_fds
sockd_holds_only_its_fds_head()
{
	atf_set descr "sockd's fds are the listening socket (3), the" \
	    "socketpair to init (4), stderr (2) and a spare dup of stderr (5)"
	atf_set require.user root
	atf_set timeout 30
}
sockd_holds_only_its_fds_body()
{
	start -r sleep 60
	sockd_ready
	ns_exec_check -o inline:'2\n3\n4\n5\n' -- \
	    sh -c "ls /proc/$SOCKD/fd | sort -n"
	ns_exec_check -o save:fd2 -- stat -L -c '%d:%i' /proc/$SOCKD/fd/2
	ns_exec_check -o file:fd2 -- stat -L -c '%d:%i' /proc/$SOCKD/fd/5
	# fd 3 listens on /tmp/dinit.sock; fd 4 is a SOCK_SEQPACKET socket.
	ns_exec readlink /proc/$SOCKD/fd/3 /proc/$SOCKD/fd/4 >links
	i3=$(sed -n '1s/^socket:\[\([0-9]*\)\]$/\1/p' links)
	i4=$(sed -n '2s/^socket:\[\([0-9]*\)\]$/\1/p' links)
	[ -n "$i3" ] && [ -n "$i4" ] || atf_fail "fds 3, 4: $(cat links)"
	atf_check -o inline:'00010000 0001 /tmp/dinit.sock\n' \
	    awk -v i=$i3 '$7 == i { print $4, $5, $8 }' /proc/net/unix
	atf_check -o inline:'0005\n' \
	    awk -v i=$i4 '$7 == i { print $5 }' /proc/net/unix
	stop
}

atf_test_case user_flag_sets_sockd_identity
user_flag_sets_sockd_identity_head()
{
	atf_set descr "-user 1234:1234 makes sockd run as uid and gid 1234"
	atf_set require.user root
	atf_set timeout 30
}
user_flag_sets_sockd_identity_body()
{
	start -user 1234:1234 -r sleep 60
	sockd_ready
	atf_check -o match:'^Uid:	1234	1234	1234	1234$' cat status
	atf_check -o match:'^Gid:	1234	1234	1234	1234$' cat status
	atf_check -o match:'^Groups:	1234 ?$' cat status
	stop
}

atf_init_test_cases()
{
	atf_add_test_case nonroot_submission_runs_as_submitter
	atf_add_test_case root_submission_runs_as_root
	atf_add_test_case nonroot_submission_gets_only_path
	atf_add_test_case root_submission_gets_init_environment
	atf_add_test_case submit_env_inherit_gives_nonroot_init_environment
	atf_add_test_case nonroot_submitter_cannot_run_root_only_program
	atf_add_test_case log_names_the_submitter
	atf_add_test_case nonroot_submission_has_no_capabilities
	atf_add_test_case submitted_command_gets_only_std_fds
	atf_add_test_case socket_mode_is_0600_whatever_the_umask
	atf_add_test_case nonroot_client_is_refused_by_default_mode
	atf_add_test_case socket_mode_and_group_flags_apply
	atf_add_test_case sockd_runs_as_nobody
	atf_add_test_case sockd_has_no_capabilities
	atf_add_test_case sockd_has_no_new_privs_and_seccomp
	atf_add_test_case sockd_sees_an_empty_root
	atf_add_test_case sockd_holds_only_its_fds
	atf_add_test_case user_flag_sets_sockd_identity
}
