# Shared by the atf-sh programs: run build/dinit as PID 1 in a fresh PID
# and mount namespace with a private tmpfs on /tmp, and enter it.
#
# Inside the namespace the test's work directory is bind-mounted on
# /tmp/w and is the current directory, so files pass both ways.

DINIT=$(cd "$(atf_get_srcdir)/../.." && pwd)/dinit
HELPERS=$(cd "$(atf_get_srcdir)/.." && pwd)/helpers

NS_SETUP='mount -t tmpfs -o mode=1777 tmpfs /tmp && mkdir /tmp/w &&
	mount --bind /proc/self/cwd /tmp/w && cd /tmp/w && exec "$@"'

# ns_run ARGS: dinit ARGS as PID 1, in the foreground.
ns_run()
{
	unshare --pid --fork --mount-proc --mount \
	    sh -c "$NS_SETUP" ns "$DINIT" "$@"
}

# ns_check CHECK... -- ARGS: atf_check's CHECKs (-s, -o, -e) on dinit
# ARGS run as by ns_run.
ns_check()
{
	_n=0
	for _a; do
		[ "$_a" = -- ] && break
		_n=$((_n + 1))
	done
	_k=$_n
	while [ $_k -gt 0 ]; do		# CHECKs to the end
		set -- "$@" "$1"; shift; _k=$((_k - 1))
	done
	shift				# --
	_k=$(($# - _n))
	set -- "$@" unshare --pid --fork --mount-proc --mount \
	    sh -c "$NS_SETUP" ns "$DINIT"
	while [ $_k -gt 0 ]; do		# ARGS after the command
		set -- "$@" "$1"; shift; _k=$((_k - 1))
	done
	atf_check "$@"
}

# ns_start ARGS: dinit ARGS as PID 1 in the background, output in out
# and err; sets NS_PID, its pid as seen from here.  A background job
# starts with INT and QUIT ignored: undo that, as in a container.  A
# test that ends early takes its dinit (and namespace) with it.
ns_start()
{
	env --default-signal=INT,QUIT unshare --pid --fork --mount-proc \
	    --mount sh -c "$NS_SETUP" ns "$DINIT" "$@" >out 2>err &
	NS_UNSHARE=$!
	NS_PID=
	trap 'kill -KILL $NS_PID 2>/dev/null' EXIT
	wait_for "ns_find" 10
}

ns_find()
{
	NS_PID=$(cat /proc/$NS_UNSHARE/task/$NS_UNSHARE/children 2>/dev/null)
	NS_PID=${NS_PID% }
	if [ -n "$NS_PID" ]; then
		[ "$(readlink /proc/$NS_PID/exe 2>/dev/null)" = "$DINIT" ]
		return
	fi
	# A dinit that has come and gone already leaves unshare a zombie.
	grep -q '^State:.*Z' /proc/$NS_UNSHARE/status 2>/dev/null
}

# ns_exec CMD: run CMD inside the namespace, in /tmp/w.  (nsenter -w DIR
# would open DIR before entering, outside the namespace.)
ns_exec()
{
	nsenter -t "$NS_PID" -p -m sh -c 'cd /tmp/w && exec "$@"' ns_exec "$@"
}

# ns_wait: wait for dinit to exit; its status is in NS_STATUS.
ns_wait()
{
	NS_STATUS=0
	wait "$NS_UNSHARE" || NS_STATUS=$?
	trap - EXIT
}

# wait_for CMD SECONDS: poll CMD every 10 ms until it succeeds.
wait_for()
{
	_n=$(($2 * 100))
	while ! eval "$1"; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || atf_fail "timed out waiting for: $1"
		sleep 0.01
	done
}

# ns_log_has PATTERN: dinit's stderr (err) has a line matching PATTERN.
ns_log_has()
{
	grep -q -- "$1" err
}

# now_ms: a clock in milliseconds, for sanity bounds on durations.
now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}
