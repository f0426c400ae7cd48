#! /usr/bin/env atf-sh
# How little sockd holds, as /proc shows it: its ids, capabilities,
# seccomp filter, root directory and fds.

. $(atf_get_srcdir)/../lib.sh

# sockd_ready: serve one submission, so that sockd is past its sandbox;
# sets SOCKD to its pid.
sockd_ready()
{
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	SOCKD=$(sockd_pid)
	[ -n "$SOCKD" ] || atf_fail "no sockd"
	ns_exec cat /proc/$SOCKD/status >status
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
	atf_set descr "sockd's root directory is empty: nothing can be" \
	    "listed in it (a process that is gone, it cannot even be read)"
	atf_set require.user root
	atf_set timeout 30
}
sockd_sees_an_empty_root_body()
{
	start -r sleep 60
	sockd_ready
	ns_exec_check -o inline:'0\n' -- \
	    sh -c "ls -A /proc/$SOCKD/root/ 2>/dev/null | wc -l"
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
	# fd 3 listens, bound at /tmp/dinit.sock; fd 4 is a SOCK_SEQPACKET
	# socket.
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
	atf_add_test_case sockd_runs_as_nobody
	atf_add_test_case sockd_has_no_capabilities
	atf_add_test_case sockd_has_no_new_privs_and_seccomp
	atf_add_test_case sockd_sees_an_empty_root
	atf_add_test_case sockd_holds_only_its_fds
	atf_add_test_case user_flag_sets_sockd_identity
}
