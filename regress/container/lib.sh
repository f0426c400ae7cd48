# Shared by the container suite's atf-sh programs: dinit-static as the
# ENTRYPOINT of containers under podman, in the images mk/container.sh
# builds (make check-container).  Each case names the containers it
# starts in the file "containers"; ct_cleanup removes them.

. "$(atf_get_srcdir)/../lib.sh"

# The scratch example with ENTRYPOINT ["/dinit"]: busybox's applets in
# /bin, /tmp with mode 1777.  NOTMP: dinit and /bin/busybox alone.
IMG=localhost/dinit-test:latest
NOTMP=localhost/dinit-test:notmp

# The primary of most cases: says so once it runs, then waits.
UP='echo primary up; exec sleep 1000'

# ct_run NAME ARGS: podman run -d ARGS as NAME, without a network.
ct_run()
{
	_name=$1
	shift
	echo "$_name" >>containers
	podman run -d --replace --pull=never --network none --name "$_name" \
	    "$@" >/dev/null 2>run.err ||
	    atf_fail "podman run $_name: $(cat run.err)"
}

ct_cleanup()
{
	[ -f containers ] || return 0
	while read -r _c; do
		podman rm -f -t 0 "$_c"
	done <containers >/dev/null 2>&1
}

ct_running()
{
	[ "$(podman inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]
}

ct_status()
{
	podman inspect -f '{{.State.ExitCode}}' "$1"
}

# ct_logs NAME: what NAME wrote, dinit's log (stderr) included.
ct_logs()
{
	podman logs "$1" 2>&1
}

# ct_wait CONDITION SECONDS [SHOW]: until the shell CONDITION holds, or
# fail, with what the command SHOW prints.
ct_wait()
{
	_end=$(($(date +%s) + $2))
	while ! eval "$1"; do
		[ "$(date +%s)" -lt $_end ] ||
		    atf_fail "timed out after $2 s waiting for: $1${3:+: $($3)}"
		sleep 0.1
	done
}

# ct_up NAME [PATTERN]: wait until NAME's output has PATTERN (default
# "primary up"); fail with its output if it ends first.
ct_up()
{
	_n=$1 _pat=${2:-primary up}
	_end=$(($(date +%s) + 20))
	until ct_logs "$_n" | grep -q -- "$_pat"; do
		if ! ct_running "$_n"; then
			ct_logs "$_n" | grep -q -- "$_pat" && return 0
			atf_fail "$_n ended, status $(ct_status "$_n"), \
before \"$_pat\": $(ct_logs "$_n")"
		fi
		[ "$(date +%s)" -lt $_end ] ||
		    atf_fail "$_n: no \"$_pat\" in 20 s: $(ct_logs "$_n")"
		sleep 0.1
	done
}

# ct_socket NAME [PATH]: wait until dinit's socket is there in NAME.
ct_socket()
{
	ct_wait "podman exec $1 test -S ${2:-/tmp/dinit.sock}" 20
}

# ct_stop NAME: podman stop with a 30 s grace; the time it took, in ms,
# in ELAPSED, and the container's exit status in STATUS.
ct_stop()
{
	_t0=$(now_ms)
	podman stop -t 30 "$1" >/dev/null
	ELAPSED=$(($(now_ms) - _t0))
	STATUS=$(ct_status "$1")
}

# ct_stopped NAME: podman stop ends NAME with the primary's 143, at once.
ct_stopped()
{
	ct_stop "$1"
	[ "$STATUS" -eq 143 ] || atf_fail "$1: status $STATUS, not 143"
	[ $ELAPSED -lt 5000 ] || atf_fail "$1: podman stop took $ELAPSED ms"
}

# ct_file NAME FILE: FILE's contents in NAME, once it is there and not
# empty.
ct_file()
{
	ct_wait "podman exec $1 test -s $2" 20
	podman exec "$1" cat "$2"
}
