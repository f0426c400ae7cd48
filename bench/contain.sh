#!/bin/sh
# contain: what a submission's guard costs, and how fast it ends what a
# submission leaves behind.  Three measures, each side by side in one
# run, the builds alternating round by round:
#
#  - the attached round trip, `dinit -submit -wait -r /bin/true`, from
#    a client's fork to its exit: this build against BEFORE (a build
#    without guards), each as PID 1 of its own namespace;
#  - the first submission after start (it starts sockd), the same way;
#  - teardown: a uid-1000 `-wait` submission that leaves two sleeps (one
#    in a session of its own) and writes the time as its last act; from
#    then until its client returns, which is once the last process of it
#    is gone.  Beside it the same command without leftovers: the floor.
#
# BEFORE: a dinit binary without guards; by default BEFORE_REV (the
# commit before them) is built into build/bench/before.  Root.
NAME=contain
. "$(dirname "$0")/lib.sh"
REPS=${REPS:-100}
BEFORE_REV=${BEFORE_REV:-ee479a2}

if [ -z "${BEFORE:-}" ]; then
	BEFORE=$B/before/build/dinit
	if [ ! -x "$BEFORE" ]; then
		rm -rf "$B/before"
		git -C "$ROOT" worktree prune
		# A checkout without that commit (a shallow clone) compares
		# the build with itself, and says so.
		if ! { git -C "$ROOT" worktree add -f -q --detach \
		    "$B/before" "$BEFORE_REV" && make -s -C "$B/before"; } >&2
		then
			echo "contain: no build of $BEFORE_REV: the build" \
			    "against itself" >&2
			BEFORE=$DINIT
		fi
	fi
fi

# start BIN: BIN as PID 1 with a socket any uid may use; sets p1.
start()
{
	ns_start_bin "$1"
	poll 'p1=$(ns_pid1) && [ -S "/proc/$p1/root$SOCK" ]' 3000
}
ns_start_bin()
{
	(exec env --default-signal=INT,QUIT unshare --pid --fork --mount-proc \
	    --mount sh -c "$NS_SETUP" ns "$1" -socket "$SOCK" \
	    -socket-mode 0666 -submit-rate 0 -r sleep 100000) \
	    >/dev/null 2>&1 &
	NS_UNSHARE=$!
}

# PY: N rounds in the namespace of ARGS: attach CLIENT (microseconds
# from fork to exit of `CLIENT -submit -wait -r /bin/true`), first
# (from connect() to "ok PID" of the first submission), or teardown
# CLIENT LEAVE (microseconds from the command's last act to its
# client's return, as uid 1000; LEAVE 1 leaves two sleeps behind).
PY='
import os, subprocess, sys, time
what = sys.argv[1]
if what == "attach":
    t = time.perf_counter_ns()
    subprocess.run([sys.argv[2], "-submit", "-wait", "-r", "/bin/true"],
        check=True)
    print((time.perf_counter_ns() - t) // 1000)
elif what == "teardown":
    cmd = "date +%s%N >/tmp/end"
    if sys.argv[3] == "1":
        cmd = "sleep 1000 & setsid sleep 1001 & " + cmd
    subprocess.run(["setpriv", "--reuid", "1000", "--regid", "1000",
        "--clear-groups", sys.argv[2], "-expand=false", "-submit", "-wait",
        "-r", "sh", "-c", cmd], check=True)
    t = time.time_ns()
    with open("/tmp/end") as f:
        print((t - int(f.read())) // 1000)
'

run()
{
	nsenter -t "$p1" -m -p python3 -c "$PY" "$@"
}

# attach: both builds as PID 1 at once, each in its namespace; one
# client process on the host alternates between their sockets (reached
# through /proc/PID/root) round trip by round trip, in a shuffled order,
# so that whatever else the machine does falls on both alike.
ATTACH_PY='
import random, subprocess, sys, time
n, pairs = int(sys.argv[1]), list(zip(sys.argv[2::3], sys.argv[3::3], sys.argv[4::3]))
for _ in range(n):
    random.shuffle(pairs)
    for name, client, sock in pairs:
        t = time.perf_counter_ns()
        subprocess.run([client, "-submit", "-wait", "-socket", sock, "-r",
            "/bin/true"], check=True)
        print("attach", name, (time.perf_counter_ns() - t) // 1000)
'
start "$BEFORE"
pb=$p1 ub=$NS_UNSHARE
NS_UNSHARE=
start "$DINIT"
pa=$p1
python3 -c "$ATTACH_PY" $((REPS * PER)) before "$BEFORE" \
    "/proc/$pb/root$SOCK" after "$DINIT" "/proc/$pa/root$SOCK" >"$TMP/runs"
ns_stop
NS_UNSHARE=$ub
ns_stop

r=1
while [ $r -le "$REPS" ]; do
	[ $((r % 10)) -eq 1 ] && echo "contain: round $r of $REPS" >&2
	for build in before after; do
		bin=$DINIT
		[ $build = before ] && bin=$BEFORE
		start "$bin"
		t=$(nsenter -t "$p1" -m -p python3 "$ROOT/bench/submit.py" \
		    "$SOCK" 1 1 | awk '{ print $5 }')
		echo "first $build $t"
		if [ $build = after ]; then
			echo "teardown leave $(run teardown "$bin" 1 "$PER")"
			echo "teardown none $(run teardown "$bin" 0 "$PER")"
		fi
		ns_stop
	done
	r=$((r + 1))
done >>"$TMP/runs"			# measure build us

row()
{
	read -r n med p90 p99 mean min <<-EOF
	$(awk -v m="$1" -v b="$2" '$1 == m && $2 == b { print $3 }' "$TMP/runs" |
	    stats)
	EOF
	md "| $3 | $n | $med | $p90 | $p99 | $min |"
	eval "${4:-_}=\$med"
}

md "### contain: a submission's guard, side by side with the build before it (µs)" "" \
    "Attached round trips: $((REPS * PER)) of each build, both running at once, alternated in a shuffled order. First submissions: $REPS rounds, the builds alternating, each a fresh PID 1; teardowns: the median of $PER in each of those rounds." "" \
    "| measure | n | p50 | p90 | p99 | min |" "|---|---:|---:|---:|---:|---:|"
row attach before "attached round trip, before" ab
row attach after "attached round trip, with guards" aa
row first before "first submission, before" fb
row first after "first submission, with guards" fa
row teardown none "teardown: no leftovers (the floor)"
row teardown leave "teardown: two leftovers, one in its own session"
md ""
ra=$(awk -v a="$aa" -v b="$ab" 'BEGIN { printf "%.2f", a / b }')
rf=$(awk -v a="$fa" -v b="$fb" 'BEGIN { printf "%.2f", a / b }')
md "Ratios (with guards / before, medians): attached round trip $ra, first submission $rf." ""
