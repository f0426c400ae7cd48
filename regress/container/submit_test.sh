#! /usr/bin/env atf-sh
# Submissions to dinit-static under podman: from podman exec, as root
# and as another uid, and from a second container through a socket on a
# shared volume; each command runs as its submitter, in dinit's
# container.

. $(atf_get_srcdir)/lib.sh

# WHO: the submitted command; it writes its uid to the file named by
# its first argument, in the container it runs in.
WHO='id -u >"$0"'

atf_test_case exec_as_root_runs_as_root cleanup
exec_as_root_runs_as_root_head()
{
	atf_set descr "podman exec dinit -submit as root runs as root"
}
exec_as_root_runs_as_root_body()
{
	ct_run ct-exec-root $IMG -r /bin/sh -c "$UP"
	ct_socket ct-exec-root
	atf_check -o match:'^ok [0-9]+$' podman exec ct-exec-root \
	    /dinit -submit -expand=false -r /bin/sh -c "$WHO" /tmp/who
	atf_check_equal "$(ct_file ct-exec-root /tmp/who)" 0
}
exec_as_root_runs_as_root_cleanup()
{
	ct_cleanup
}

atf_test_case exec_as_1000_runs_as_1000 cleanup
exec_as_1000_runs_as_1000_head()
{
	atf_set descr "podman exec --user 1000 dinit -submit, with" \
	    "-socket-mode 0666, runs as uid 1000"
}
exec_as_1000_runs_as_1000_body()
{
	ct_run ct-exec-user $IMG -socket-mode 0666 -r /bin/sh -c "$UP"
	ct_socket ct-exec-user
	atf_check -o match:'^ok [0-9]+$' podman exec --user 1000 ct-exec-user \
	    /dinit -submit -expand=false -r /bin/sh -c "$WHO" /tmp/who
	atf_check_equal "$(ct_file ct-exec-user /tmp/who)" 1000
	atf_check -o inline:"1000\n" podman exec ct-exec-user \
	    stat -c %u /tmp/who
}
exec_as_1000_runs_as_1000_cleanup()
{
	ct_cleanup
}

atf_test_case sidecar_runs_as_1000_in_main cleanup
sidecar_runs_as_1000_in_main_head()
{
	atf_set descr "a second container, --user 1000, submits through" \
	    "a socket on a shared volume: its command runs as 1000 in" \
	    "the first"
}
sidecar_runs_as_1000_in_main_body()
{
	echo ct-sidecar-sock >volumes
	podman volume rm -f ct-sidecar-sock >/dev/null 2>&1
	ct_run ct-sidecar-main -v ct-sidecar-sock:/run/dinit $IMG \
	    -socket /run/dinit/dinit.sock -socket-mode 0666 \
	    -r /bin/sh -c "$UP"
	ct_socket ct-sidecar-main /run/dinit/dinit.sock
	atf_check -o match:'^ok [0-9]+$' podman run --rm --pull=never \
	    --network none --user 1000 -v ct-sidecar-sock:/run/dinit \
	    $IMG -submit -socket /run/dinit/dinit.sock -expand=false \
	    -r /bin/sh -c "$WHO" /tmp/who
	atf_check_equal "$(ct_file ct-sidecar-main /tmp/who)" 1000
}
sidecar_runs_as_1000_in_main_cleanup()
{
	ct_cleanup
	podman volume rm -f ct-sidecar-sock >/dev/null 2>&1
}

atf_test_case no_capabilities_root_runs_1000_refused cleanup
no_capabilities_root_runs_1000_refused_head()
{
	atf_set descr "root without capabilities (--cap-drop ALL): root's" \
	    "submission runs, uid 1000's is refused (error policy), both" \
	    "answered at once"
}
no_capabilities_root_runs_1000_refused_body()
{
	ct_run ct-nocap-submit --cap-drop ALL $IMG -socket-mode 0666 \
	    -r /bin/sh -c "$UP"
	ct_socket ct-nocap-submit
	t0=$(now_ms)
	atf_check -o match:'^ok [0-9]+$' timeout 10 podman exec \
	    ct-nocap-submit /dinit -submit -expand=false \
	    -r /bin/sh -c "$WHO" /tmp/who
	atf_check_equal "$(ct_file ct-nocap-submit /tmp/who)" 0
	t1=$(now_ms)
	atf_check -s exit:1 -e match:'error policy' timeout 10 podman exec \
	    --user 1000 ct-nocap-submit /dinit -submit -r /bin/true
	t2=$(now_ms)
	[ $((t1 - t0)) -lt 5000 ] || atf_fail "root's took $((t1 - t0)) ms"
	[ $((t2 - t1)) -lt 5000 ] || atf_fail "1000's took $((t2 - t1)) ms"
}
no_capabilities_root_runs_1000_refused_cleanup()
{
	ct_cleanup
}

atf_test_case sidecar_job_ends_with_its_client cleanup
sidecar_job_ends_with_its_client_head()
{
	atf_set descr "a sidecar (--user 1000) runs a -wait job that leaves" \
	    "two sleeps (one in a session of its own) in the main" \
	    "container; the sidecar is killed: the job and both sleeps end"
}
sidecar_job_ends_with_its_client_body()
{
	echo ct-job-sock >volumes
	podman volume rm -f ct-job-sock >/dev/null 2>&1
	ct_run ct-job-main -v ct-job-sock:/run/dinit $IMG \
	    -socket /run/dinit/dinit.sock -socket-mode 0666 \
	    -r /bin/sh -c "$UP"
	ct_socket ct-job-main /run/dinit/dinit.sock
	ct_run ct-job-sidecar --user 1000 -v ct-job-sock:/run/dinit $IMG \
	    -submit -wait -socket /run/dinit/dinit.sock -expand=false \
	    -r /bin/sh -c 'sleep 1000 & setsid sleep 1001 & echo $$ $! >/tmp/pids; wait'
	pids=$(ct_file ct-job-main /tmp/pids)
	running="for p in $pids; do test -d /proc/\$p || exit 1; done"
	podman exec ct-job-main sh -c "$running" ||
	    atf_fail "not all of $pids run"
	podman kill -s KILL ct-job-sidecar >/dev/null
	ct_wait "podman exec ct-job-main sh -c 'for p in $pids; do test -d /proc/\$p && exit 1; done; exit 0'" 10
	ct_wait "ct_logs ct-job-main | grep -q 'its client left'" 10
}
sidecar_job_ends_with_its_client_cleanup()
{
	ct_cleanup
	podman volume rm -f ct-job-sock >/dev/null 2>&1
}

atf_init_test_cases()
{
	atf_add_test_case sidecar_job_ends_with_its_client
	atf_add_test_case exec_as_root_runs_as_root
	atf_add_test_case exec_as_1000_runs_as_1000
	atf_add_test_case sidecar_runs_as_1000_in_main
	atf_add_test_case no_capabilities_root_runs_1000_refused
}
