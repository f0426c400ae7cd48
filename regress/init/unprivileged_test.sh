#! /usr/bin/env atf-sh
# dinit not root: PID 1 runs as uid 1000, gid 1000, groups 1000, and so
# runs submitted commands only as itself, never as someone else, not
# even with a group it does not have (nor without one it has).

. $(atf_get_srcdir)/../lib.sh

# as_1000 GROUPS: setpriv's prefix for uid 1000, gid 1000, with the
# supplementary groups GROUPS (a list setpriv --groups takes).
as_1000()
{
	echo "setpriv --reuid 1000 --regid 1000 --groups $1"
}

# user_start ARGS: dinit ARGS as uid 1000 (groups 1000) as PID 1, its
# socket at /tmp/d.sock, open to every uid, once it is in place.
user_start()
{
	ns_launch $(as_1000 1000) "$NS_DINIT" -socket /tmp/d.sock \
	    -socket-mode 0666 "$@" >out 2>err
	ns_ready
	atf_check -o match:'^Uid:	1000	1000	1000	1000$' \
	    grep '^Uid:' /proc/$NS_PID/status
	atf_check -o match:'^Groups:	1000 ?$' grep '^Groups:' /proc/$NS_PID/status
}

# submit_as PREFIX TAG: submit, with the command PREFIX in front of the
# client, a command that leaves /tmp/ran.TAG; the client's reply and
# errors are in reply.TAG.
submit_as()
{
	# A raw client: dinit -submit would not talk to a dinit of another
	# uid at all, and init's own check is what is tested here.
	printf -- '-r sh -c "(id -u; id -G) >/tmp/t.%s; mv /tmp/t.%s /tmp/ran.%s"\n' \
	    $2 $2 $2 | ns_exec $1 "$PYTHON" -c "$NS_SEND_PY" line /tmp/d.sock \
	    >reply.$2 2>&1
}

# refused TAG: the submission TAG was refused for policy, and nothing ran.
refused()
{
	cat reply.$1
	atf_check -o match:'error policy' cat reply.$1
	ns_exec_check -s exit:1 -- test -e /tmp/ran.$1
}

atf_test_case unprivileged_init_runs_its_own_identity
unprivileged_init_runs_its_own_identity_head()
{
	atf_set descr "dinit as uid 1000 with groups 1000 runs a submission" \
	    "from uid 1000, gid 1000 with groups 1000, as that identity"
	atf_set require.user root
	atf_set timeout 30
}
unprivileged_init_runs_its_own_identity_body()
{
	user_start -r sleep 60
	submit_as "$(as_1000 1000)" same
	atf_check -o match:'^ok [0-9]+$' cat reply.same
	wait_for 'ns_exec test -e /tmp/ran.same' 10
	ns_exec_check -o inline:'1000\n1000\n' -- cat /tmp/ran.same
	stop
}

atf_test_case unprivileged_init_says_nothing_of_sandbox
unprivileged_init_says_nothing_of_sandbox_head()
{
	atf_set descr "dinit as uid 1000 runs sockd as itself, without an" \
	    "empty root, as expected of a dinit that is not root: no sockd" \
	    "start, the first or the next, logs a word of its sandbox"
	atf_set require.user root
	atf_set timeout 30
}
unprivileged_init_says_nothing_of_sandbox_body()
{
	user_start -r sleep 60
	for tag in one two three; do
		submit_as "$(as_1000 1000)" $tag
		atf_check -o match:'^ok [0-9]+$' cat reply.$tag
		old=$(sockd_pid)
		ns_exec kill -KILL $old
		wait_for "ns_log_has 'sockd pid $old killed by SIGKILL'" 10
	done
	cat err
	if ! grep -q "sockd's sandbox: no Landlock" err; then
		atf_check -s exit:1 grep -i 'sandbox\|chroot\|empty root' err
	fi
	atf_check -s exit:1 grep 'sockd: ' err
	stop
}

atf_test_case unprivileged_init_refuses_other_groups
unprivileged_init_refuses_other_groups_head()
{
	atf_set descr "dinit as uid 1000 with groups 1000 refuses (error" \
	    "policy) a submission from uid 1000 whose groups differ: one" \
	    "group more (1000,2000), or none"
	atf_set require.user root
	atf_set timeout 30
}
unprivileged_init_refuses_other_groups_body()
{
	user_start -r sleep 60
	submit_as "$(as_1000 1000,2000)" more
	submit_as "setpriv --reuid 1000 --regid 1000 --clear-groups" none
	refused more
	refused none
	atf_check -o match:'policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[sh -c .*/tmp/ran.more\] as itself: refused: dinit lacks CAP_SETGID$' \
	    cat err
	atf_check -o match:'policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[sh -c .*/tmp/ran.none\] as itself: refused: dinit lacks CAP_SETGID$' \
	    cat err
	atf_check -s exit:1 grep 'started: \[sh -c id' err
	stop
}

atf_test_case unprivileged_init_refuses_other_uids
unprivileged_init_refuses_other_uids_head()
{
	atf_set descr "dinit as uid 1000 refuses (error policy) submissions" \
	    "from another uid, root's included"
	atf_set require.user root
	atf_set timeout 30
}
unprivileged_init_refuses_other_uids_body()
{
	user_start -r sleep 60
	submit_as "setpriv --reuid 1001 --regid 1000 --groups 1000" other
	submit_as "" root
	refused other
	refused root
	atf_check -o match:'policy: uid 1001 gid 1000 pid [0-9]+ asks .* refused: dinit lacks CAP_SETUID, CAP_KILL$' \
	    cat err
	atf_check -o match:'policy: uid 0 gid 0 pid [0-9]+ asks .* refused: dinit lacks CAP_SETUID, CAP_SETGID, CAP_KILL$' \
	    cat err
	stop
}

atf_init_test_cases()
{
	atf_add_test_case unprivileged_init_runs_its_own_identity
	atf_add_test_case unprivileged_init_says_nothing_of_sandbox
	atf_add_test_case unprivileged_init_refuses_other_groups
	atf_add_test_case unprivileged_init_refuses_other_uids
}
