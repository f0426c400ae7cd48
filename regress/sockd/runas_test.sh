#! /usr/bin/env atf-sh
# -u: a submission that asks to run as another user.  Without -policy
# only root may; the target's numbers travel in the request line and
# the SPAWN frame, and the command gets them, checked after the drop.

. $(atf_get_srcdir)/../lib.sh

# ids FILE: "uid gid groups" as the command saw them, once written.
ids()
{
	wait_for "ns_exec test -s $1" 10
	ns_exec cat "$1"
}

ID_CMD='echo $(id -u) $(id -g) $(id -G)'

atf_test_case root_runs_as_numeric_target
root_runs_as_numeric_target_head()
{
	atf_set descr "Root's -u 1001:1002 runs the command as uid 1001," \
	    "gid 1002, with gid 1002 its only group; -u 1001 with gid 1001"
	atf_set require.user root
	atf_set timeout 30
}
root_runs_as_numeric_target_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -u 1001:1002 -r sh -c "$ID_CMD >/tmp/a"
	atf_check_equal "1001 1002 1002" "$(ids /tmp/a)"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -u 1001 -r sh -c "$ID_CMD >/tmp/b"
	atf_check_equal "1001 1001 1001" "$(ids /tmp/b)"
	atf_check -o match:'policy: uid 0 gid 0 pid [0-9]+ asks to run \[sh -c .*/tmp/a\] as uid 1001 gid 1002: permitted to root$' \
	    cat err
	atf_check -o match:'started: \[sh -c .*/tmp/a\] \(submitted by uid 0 gid 0 pid [0-9]+, as uid 1001 gid 1002\)$' \
	    cat err
	stop
}

atf_test_case root_runs_as_named_target
root_runs_as_named_target_head()
{
	atf_set descr "Root's -u nobody: the client looks the name up and" \
	    "sends its uid and primary gid"
	atf_set require.user root
	atf_set timeout 30
}
root_runs_as_named_target_body()
{
	uid=$(id -u nobody) gid=$(id -g nobody)
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -u nobody -r sh -c "$ID_CMD >/tmp/a"
	atf_check_equal "$uid $gid $gid" "$(ids /tmp/a)"
	atf_check -o match:"asks to run .* as uid $uid gid $gid: permitted" \
	    cat err
	stop
}

atf_test_case nonroot_u_refused_without_policy
nonroot_u_refused_without_policy_head()
{
	atf_set descr "Without -policy, uid 1000's -u 1001 is answered" \
	    "'error policy: not allowed', runs nothing, and is logged"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_u_refused_without_policy_body()
{
	start -socket-mode 0666 -r sleep 60
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: not allowed\n' \
	    -- $AS_USER "$NS_DINIT" -submit -u 1001 -r touch /tmp/ran
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: not allowed\n' \
	    -- $AS_USER "$NS_DINIT" -submit -u 1000 -r touch /tmp/ran
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	atf_check -o match:'policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[touch /tmp/ran\] as uid 1001: refused: only root may use -u$' \
	    cat err
	# Without -u, as before.
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r touch /tmp/ran
	wait_for 'ns_exec test -e /tmp/ran' 10
	stop
}

atf_test_case target_gets_minimal_environment
target_gets_minimal_environment_head()
{
	atf_set descr "Root's command as uid 1001 gets PATH only, not" \
	    "dinit's environment (which holds SECRET=x)"
	atf_set require.user root
	atf_set timeout 30
}
target_gets_minimal_environment_body()
{
	export SECRET=x
	start -r sleep 60
	unset SECRET
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -u 1001 -r sh -c 'env >/tmp/env'
	wait_for 'ns_exec test -s /tmp/env' 10
	ns_exec_check -o match:'^PATH=' -- cat /tmp/env
	ns_exec_check -s exit:1 -- grep SECRET /tmp/env
	stop
}

atf_test_case bad_target_refused_by_sockd
bad_target_refused_by_sockd_head()
{
	atf_set descr "sockd takes numbers only after -u, before the first" \
	    "-r: a name, a sign, a leading zero or (uid_t)-1 is refused;" \
	    "after -r, -u is an argument"
	atf_set require.user root
	atf_set timeout 30
}
bad_target_refused_by_sockd_body()
{
	start -r sleep 60
	for u in nobody +1 01 4294967295 1: :1; do
		printf -- '-u %s -r touch /tmp/ran\n' "$u" | ns_send >reply
		atf_check -o inline:'error bad -u: want UID[:GID]\n' cat reply
	done
	printf -- '-u 5 -u 6 -r touch /tmp/ran\n' | ns_send >reply
	atf_check -o inline:'error -u said twice\n' cat reply
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r sh -c 'echo "$*" >/tmp/args' x -u 5
	wait_for 'ns_exec test -s /tmp/args' 10
	ns_exec_check -o inline:'-u 5\n' -- cat /tmp/args
	stop
}

atf_test_case client_refuses_unknown_user
client_refuses_unknown_user_head()
{
	atf_set descr "-submit -u with a name the client cannot find exits" \
	    "2 and sends nothing"
	atf_set require.user root
	atf_set timeout 30
}
client_refuses_unknown_user_body()
{
	start -r sleep 60
	ns_exec_check -s exit:2 \
	    -e inline:'dinit: -u no-such-user-x: no such user\n' \
	    -- "$NS_DINIT" -submit -u no-such-user-x -r true
	ns_exec_check -s exit:2 \
	    -e inline:'dinit: -u 0:no-such-group-x: no such group\n' \
	    -- "$NS_DINIT" -submit -u 0:no-such-group-x -r true
	stop
	atf_check -s exit:1 grep started:.*true err
}

atf_test_case nonroot_dinit_refuses_u
nonroot_dinit_refuses_u_head()
{
	atf_set descr "A dinit that is not root can run commands only as" \
	    "itself: -u, even naming its own uid, is refused and logged"
	atf_set require.user root
	atf_set timeout 30
}
nonroot_dinit_refuses_u_body()
{
	dir=$(mktemp -d /tmp/dinit-runas.XXXXXX)
	chown 1000 "$dir"
	cp "$DINIT" "$dir/dinit"
	$AS_USER "$dir/dinit" -socket "$dir/sock" -r sleep 30 >out 2>err &
	pid=$!
	wait_for "test -S $dir/sock" 10
	atf_check -s exit:1 -e inline:'dinit: error policy: not allowed\n' \
	    $AS_USER "$dir/dinit" -submit -socket "$dir/sock" -u 1000 -r true
	atf_check -o match:'^ok [0-9]+$' \
	    $AS_USER "$dir/dinit" -submit -socket "$dir/sock" -r true
	kill -TERM $pid
	wait $pid
	rm -rf "$dir"
	atf_check -o match:'policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[true\] as uid 1000: refused: only root may use -u$' \
	    cat err
}

atf_init_test_cases()
{
	atf_add_test_case root_runs_as_numeric_target
	atf_add_test_case root_runs_as_named_target
	atf_add_test_case nonroot_u_refused_without_policy
	atf_add_test_case target_gets_minimal_environment
	atf_add_test_case bad_target_refused_by_sockd
	atf_add_test_case client_refuses_unknown_user
	atf_add_test_case nonroot_dinit_refuses_u
}
