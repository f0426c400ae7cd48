#! /usr/bin/env atf-sh
# dinit-static as a container's PID 1 under podman: how it stops, reaps,
# and starts its primary where the container takes away a writable root,
# every capability, or /tmp.

. $(atf_get_srcdir)/lib.sh

atf_test_case stop_gives_143 cleanup
stop_gives_143_head()
{
	atf_set descr "podman stop: the primary's 143, at once"
}
stop_gives_143_body()
{
	ct_run ct-stop $IMG -r /bin/sh -c "$UP"
	ct_up ct-stop
	ct_stopped ct-stop
}
stop_gives_143_cleanup()
{
	ct_cleanup
}

atf_test_case timeout_kills_before_runtime cleanup
timeout_kills_before_runtime_head()
{
	atf_set descr "an app that ignores TERM is killed at dinit's" \
	    "-timeout, not at the runtime's stop timeout"
}
timeout_kills_before_runtime_body()
{
	ct_run ct-timeout --stop-timeout 30 $IMG -timeout 2s -r /bin/sh -c \
	    'trap "" TERM; echo primary up; while :; do sleep 1; done'
	ct_up ct-timeout
	ct_stop ct-timeout
	[ "$STATUS" -eq 137 ] || atf_fail "status $STATUS, not 137"
	[ $ELAPSED -ge 1900 ] ||
	    atf_fail "stopped after $ELAPSED ms, before the 2 s timeout"
	[ $ELAPSED -lt 10000 ] ||
	    atf_fail "stopped after $ELAPSED ms: by the runtime, not dinit"
}
timeout_kills_before_runtime_cleanup()
{
	ct_cleanup
}

atf_test_case orphans_reaped cleanup
orphans_reaped_head()
{
	atf_set descr "a loop of orphans leaves no zombie"
}
orphans_reaped_body()
{
	ct_run ct-orphans $IMG -expand=false -r /bin/sh -c \
	    'i=0; while [ $i -lt 200 ]; do (sleep 0.1 &); i=$((i + 1)); done
	    echo primary up; exec sleep 1000'
	ct_up ct-orphans
	# Every orphan's sleep is over 0.1 s after the last one started,
	# and reaped: none but the primary is left, and no zombie.
	ct_wait settled 20 procs
}
orphans_reaped_cleanup()
{
	ct_cleanup
}

# procs: the container's processes, "(COMMAND) STATE" a line.
procs()
{
	podman exec ct-orphans sh -c 'cat /proc/[0-9]*/stat 2>/dev/null' |
	    awk '{ print $2, $3 }'
}

settled()
{
	_procs=$(procs)
	[ "$(echo "$_procs" | grep -c '^(sleep) ')" -eq 1 ] &&
	    ! echo "$_procs" | grep -q ' Z$'
}

atf_test_case read_only_root_starts_primary cleanup
read_only_root_starts_primary_head()
{
	atf_set descr "a read-only root without a tmpfs on /tmp" \
	    "(docker run --read-only) starts the primary"
}
read_only_root_starts_primary_body()
{
	ct_run ct-ro --read-only --read-only-tmpfs=false $IMG \
	    -r /bin/sh -c "$UP"
	ct_up ct-ro
	ct_stopped ct-ro
}
read_only_root_starts_primary_cleanup()
{
	ct_cleanup
}

atf_test_case no_capabilities_starts_primary cleanup
no_capabilities_starts_primary_head()
{
	atf_set descr "root without capabilities (--cap-drop ALL)" \
	    "starts the primary"
}
no_capabilities_starts_primary_body()
{
	ct_run ct-nocap --cap-drop ALL $IMG -r /bin/sh -c "$UP"
	ct_up ct-nocap
	atf_check -o inline:"CapEff:\t0000000000000000\n" \
	    podman exec ct-nocap grep CapEff /proc/1/status
	ct_stopped ct-nocap
}
no_capabilities_starts_primary_cleanup()
{
	ct_cleanup
}

atf_test_case no_tmp_starts_primary cleanup
no_tmp_starts_primary_head()
{
	atf_set descr "a scratch image without /tmp starts the primary"
}
no_tmp_starts_primary_body()
{
	atf_check -s exit:1 -o ignore -e ignore podman run --rm --pull=never \
	    --network none --entrypoint /bin/busybox $NOTMP test -e /tmp
	ct_run ct-notmp $NOTMP -r /bin/busybox sh -c \
	    'echo primary up; exec /bin/busybox sleep 1000'
	ct_up ct-notmp
	ct_stopped ct-notmp
}
no_tmp_starts_primary_cleanup()
{
	ct_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case stop_gives_143
	atf_add_test_case timeout_kills_before_runtime
	atf_add_test_case orphans_reaped
	atf_add_test_case read_only_root_starts_primary
	atf_add_test_case no_capabilities_starts_primary
	atf_add_test_case no_tmp_starts_primary
}
