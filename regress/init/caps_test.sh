#! /usr/bin/env atf-sh
# dinit as root with no capabilities, or with some, as a container
# runtime may leave it (--cap-drop ALL): what it lacks decides, not its
# uid.  sockd still serves, dropping what it can; what it cannot is said
# once, by init, however often sockd starts; a submission that needs a
# capability dinit lacks is refused for policy.

. $(atf_get_srcdir)/../lib.sh

# caps_start BOUNDING ARGS: dinit ARGS as PID 1 with the bounding set
# BOUNDING (setpriv's syntax) and no inheritable set, so that, root as
# it is, it executes with no capability outside BOUNDING; its socket
# open to every uid.
caps_start()
{
	_bset=$1
	shift
	ns_launch setpriv --inh-caps=-all --bounding-set="$_bset" \
	    "$NS_DINIT" -socket-mode 0666 "$@" >out 2>err
	ns_ready
}

# cap_eff PID SET: the effective set of PID inside the namespace is SET.
cap_eff()
{
	ns_exec_check -o match:"^CapEff:	$2\$" -- cat /proc/$1/status
}

# restart_sockd_times N: N times, kill the running sockd and have a
# root submission start the next one, once the backoff lets it (until
# then dinit answers "error unavailable").
restart_sockd_times()
{
	_round=0
	while [ $_round -lt $1 ]; do
		_old=$(sockd_pid)
		ns_exec kill -KILL "$_old"
		wait_for "ns_log_has 'sockd pid $_old killed by SIGKILL'" 10
		wait_for 'ns_exec "$NS_DINIT" -submit -r true >/dev/null 2>&1' 10
		_new=$(sockd_pid)
		[ -n "$_new" ] && [ "$_new" != "$_old" ] ||
		    atf_fail "no new sockd after $_old"
		_round=$((_round + 1))
	done
}

# said_once: the note on sockd's sandbox is in the log exactly once,
# and no sockd said a word about its sandbox or died of it.
said_once()
{
	cat err
	atf_check -o inline:'1\n' grep -c "sockd's sandbox: " err
	atf_check -o inline:'0\n' -s exit:1 grep -c 'sockd: sandbox' err
	atf_check -s exit:1 grep 'sockd pid [0-9]* exited' err
}

# refused_for ROOT_MISSING: a uid 1000 submission gets "error policy",
# runs nothing, and the log says which capabilities dinit lacks.
refused_for()
{
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: not allowed\n' \
	    -- $AS_USER "$NS_DINIT" -submit -r touch /tmp/ran.1000
	ns_exec_check -s exit:1 -- test -e /tmp/ran.1000
	atf_check -o match:"policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[touch /tmp/ran.1000\] as itself: refused: dinit lacks $1\$" \
	    cat err
}

atf_test_case no_caps_root_serves_root
no_caps_root_serves_root_head()
{
	atf_set descr "dinit as root without any capability: root's" \
	    "submissions run, sockd (uid 0, no capability) serves them" \
	    "across restarts, and what its sandbox lacks is said once"
	atf_set require.user root
	atf_set timeout 60
}
no_caps_root_serves_root_body()
{
	caps_start -all -r sleep 60
	cap_eff 1 0000000000000000
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r sh -c 'id -u >/tmp/t; mv /tmp/t /tmp/ran.0'
	wait_for 'ns_exec test -e /tmp/ran.0' 10
	ns_exec_check -o inline:'0\n' -- cat /tmp/ran.0
	sockd=$(sockd_pid)
	ns_exec_check -o match:'^Uid:	0	0	0	0$' -- cat /proc/$sockd/status
	cap_eff $sockd 0000000000000000
	ns_exec_check -o match:'^Seccomp:[[:space:]]+2$' -- cat /proc/$sockd/status
	restart_sockd_times 3
	atf_check -o match:"sockd's sandbox: no CAP_SETUID, CAP_KILL: it keeps uid 0; no CAP_SETGID: it keeps gid 0 and dinit's groups; no CAP_SYS_CHROOT: it has no empty root" \
	    cat err
	said_once
	stop
}

atf_test_case no_caps_root_refuses_other_uid
no_caps_root_refuses_other_uid_head()
{
	atf_set descr "dinit as root without any capability refuses a uid" \
	    "1000 submission (error policy): running it as 1000 needs" \
	    "CAP_SETUID and CAP_SETGID, and signalling it CAP_KILL"
	atf_set require.user root
	atf_set timeout 30
}
no_caps_root_refuses_other_uid_body()
{
	caps_start -all -r sleep 60
	refused_for 'CAP_SETUID, CAP_SETGID, CAP_KILL'
	# And root's -u, for the same reason.
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: not allowed\n' \
	    -- "$NS_DINIT" -submit -u 1000 -r touch /tmp/ran.u
	atf_check -o match:'as uid 1000: refused: dinit lacks CAP_SETUID, CAP_SETGID, CAP_KILL \(else permitted to root\)$' \
	    cat err
	stop
}

atf_test_case kill_only_root
kill_only_root_head()
{
	atf_set descr "dinit as root with only CAP_KILL: root's submissions" \
	    "run, uid 1000's are refused for policy, and sockd's missing" \
	    "steps are said once across its restarts"
	atf_set require.user root
	atf_set timeout 60
}
kill_only_root_body()
{
	caps_start -all,+kill -r sleep 60
	cap_eff 1 0000000000000020
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	refused_for 'CAP_SETUID, CAP_SETGID'
	restart_sockd_times 2
	said_once
	stop
}

atf_test_case setid_without_chroot
setid_without_chroot_head()
{
	atf_set descr "dinit as root with CAP_SETUID, CAP_SETGID and CAP_KILL" \
	    "but no CAP_SYS_CHROOT: uid 1000's submission runs as 1000," \
	    "sockd drops to nobody without an empty root, and says only that"
	atf_set require.user root
	atf_set timeout 60
}
setid_without_chroot_body()
{
	caps_start -all,+setuid,+setgid,+kill -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r sh -c 'id -u >/tmp/t; mv /tmp/t /tmp/ran.1000'
	wait_for 'ns_exec test -e /tmp/ran.1000' 10
	ns_exec_check -o inline:'1000\n' -- cat /tmp/ran.1000
	sockd=$(sockd_pid)
	ns_exec_check -o match:'^Uid:	65534	65534	65534	65534$' \
	    -- cat /proc/$sockd/status
	ns_exec_check -o match:'^Gid:	65534	65534	65534	65534$' \
	    -- cat /proc/$sockd/status
	ns_exec_check -o inline:'/\n' -- readlink /proc/$sockd/root
	restart_sockd_times 2
	atf_check -o match:"sockd's sandbox: no CAP_SYS_CHROOT: it has no empty root(;|\$)" \
	    cat err
	atf_check -s exit:1 grep 'CAP_SETUID\|CAP_SETGID\|CAP_KILL' err
	said_once
	stop
}

atf_test_case setid_without_kill
setid_without_kill_head()
{
	atf_set descr "dinit as root with CAP_SETUID and CAP_SETGID but no" \
	    "CAP_KILL could not signal another uid: uid 1000's submission" \
	    "is refused, sockd keeps uid 0 (gid nobody), and dinit still" \
	    "stops everything at once"
	atf_set require.user root
	atf_set timeout 30
}
setid_without_kill_body()
{
	caps_start -all,+setuid,+setgid -r sleep 60
	refused_for 'CAP_KILL'
	sockd=$(sockd_pid)
	ns_exec_check -o match:'^Uid:	0	0	0	0$' -- cat /proc/$sockd/status
	ns_exec_check -o match:'^Gid:	65534	65534	65534	65534$' \
	    -- cat /proc/$sockd/status
	atf_check -o match:"sockd's sandbox: no CAP_KILL: it keeps uid 0; no CAP_SYS_CHROOT: it has no empty root" \
	    cat err
	said_once
	t0=$(now_ms)
	stop
	t=$(($(now_ms) - t0))
	echo "stopped in $t ms"
	[ $t -lt 5000 ] || atf_fail "stopped in $t ms"
}

atf_test_case full_root_says_nothing
full_root_says_nothing_head()
{
	atf_set descr "dinit as root with every capability, on a kernel" \
	    "with Landlock, says nothing of sockd's sandbox"
	atf_set require.user root
	atf_set timeout 30
}
full_root_says_nothing_body()
{
	start -r sleep 60
	knock
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	if grep -q 'no Landlock' err; then
		atf_skip "no Landlock here"
	fi
	atf_check -s exit:1 grep 'sandbox' err
	stop
}

atf_test_case sockd_that_cannot_drop_exits_permanent
sockd_that_cannot_drop_exits_permanent_head()
{
	atf_set descr "A sockd whose sandbox fails for good (root of a user" \
	    "namespace where nobody has no uid; a bad argv) exits 78" \
	    "(PROTO_SOCKD_EXIT_PERMANENT) with one line"
	atf_set require.user root
	atf_set require.progs unshare
	atf_set timeout 30
}
sockd_that_cannot_drop_exits_permanent_body()
{
	atf_check -s exit:78 -e save:userns.err unshare --user --map-root-user \
	    sh -c 'exec 3</dev/null 4</dev/null; exec "$0" -sockd 65534 65534' \
	    "$DINIT"
	atf_check -o inline:'1\n' grep -c '' userns.err
	atf_check -o match:'sockd: sandbox: dropping to uid 65534 gid 65534: ' \
	    cat userns.err
	atf_check -s exit:78 -e match:'bad uid or gid' \
	    sh -c 'exec 3</dev/null 4</dev/null; exec "$0" -sockd x 1' "$DINIT"
}

atf_init_test_cases()
{
	atf_add_test_case no_caps_root_serves_root
	atf_add_test_case no_caps_root_refuses_other_uid
	atf_add_test_case kill_only_root
	atf_add_test_case setid_without_chroot
	atf_add_test_case setid_without_kill
	atf_add_test_case full_root_says_nothing
	atf_add_test_case sockd_that_cannot_drop_exits_permanent
}
