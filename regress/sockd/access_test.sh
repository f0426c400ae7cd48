#! /usr/bin/env atf-sh
# Who may connect: the socket's mode and group, whatever the umask.

. $(atf_get_srcdir)/../lib.sh

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

atf_init_test_cases()
{
	atf_add_test_case socket_mode_is_0600_whatever_the_umask
	atf_add_test_case nonroot_client_is_refused_by_default_mode
	atf_add_test_case socket_mode_and_group_flags_apply
}
