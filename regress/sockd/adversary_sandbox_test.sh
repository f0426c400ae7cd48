#! /usr/bin/env atf-sh
# A compromised sockd (dinit-adversary) tries what its sandbox forbids:
# handing its sockets to a client, shutting the listening socket that
# init and the next sockd share, receiving an fd from a colluding client.
# Its seccomp filter kills it at the attempt; init replaces it and the
# listening socket still serves.

. $(atf_get_srcdir)/../lib.sh

atf_test_case listening_socket_cannot_be_sent_to_client
listening_socket_cannot_be_sent_to_client_head()
{
	atf_set descr "sockd sending its listening socket to a client is" \
	    "killed by SIGSYS, and the client receives no fd"
	atf_set require.user root
	atf_set timeout 60
}
listening_socket_cannot_be_sent_to_client_body()
{
	adv_start
	adv_attack -u wait 'export-listen -r touch /tmp/ran'
	atf_check -o inline:'fds 0\n' cat client.out
	adv_sigsys
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_survived
}

atf_test_case listening_socket_cannot_be_sent_on_renumbered_fd
listening_socket_cannot_be_sent_on_renumbered_fd_head()
{
	atf_set descr "sockd moving a client's connection onto fd 4 (close," \
	    "dup), the one fd seccomp lets sendmsg use, and sending the" \
	    "listening socket there is killed by SIGSYS; the client receives" \
	    "no fd"
	atf_set require.user root
	atf_set timeout 60
}
listening_socket_cannot_be_sent_on_renumbered_fd_body()
{
	adv_start
	adv_attack -u wait 'export-renumbered -r touch /tmp/ran'
	# A known hole: seccomp's sendmsg rule reads fd 4 by number, and
	# close and dup are allowed, so the client gets the listening socket.
	atf_expect_fail "seccomp allows close(4) and dup(): sendmsg on a" \
	    "renumbered fd 4 passes the listening socket to the client"
	atf_check -o inline:'fds 0\n' cat client.out
	adv_sigsys
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_survived
}

atf_test_case listening_socket_cannot_be_shut_down
listening_socket_cannot_be_shut_down_head()
{
	atf_set descr "sockd shutting down the listening socket is killed by" \
	    "SIGSYS, and the next sockd serves on the same socket"
	atf_set require.user root
	atf_set timeout 60
}
listening_socket_cannot_be_shut_down_body()
{
	adv_start
	adv_attack wait 'shutdown-listen -r touch /tmp/ran'
	atf_check -o inline:'fds 0\n' cat client.out
	adv_sigsys
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_survived
}

atf_test_case fd_from_client_cannot_be_received
fd_from_client_cannot_be_received_head()
{
	atf_set descr "sockd calling recvmsg to take an fd a colluding client" \
	    "sends is killed by SIGSYS"
	atf_set require.user root
	atf_set timeout 60
}
fd_from_client_cannot_be_received_body()
{
	adv_start
	adv_attack -u pass-fd 'recv-fd -r touch /tmp/ran'
	atf_check -o inline:'fds 0\n' cat client.out
	adv_sigsys
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	adv_survived
}

atf_init_test_cases()
{
	atf_add_test_case listening_socket_cannot_be_sent_to_client
	atf_add_test_case listening_socket_cannot_be_sent_on_renumbered_fd
	atf_add_test_case listening_socket_cannot_be_shut_down
	atf_add_test_case fd_from_client_cannot_be_received
}
