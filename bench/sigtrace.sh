#!/bin/sh
# sigtrace: bench/signal.sh's first row taken apart with the kernel's own
# timestamps (perf: signal_generate, sched_switch, signal_deliver).  For
# TERM sent to PID 1: from the sender's kill until PID 1 runs (wake), from
# then until PID 1 signals the child (work), from that until the child's
# handler is entered (child), and all of it (total).  REPS rounds, the
# inits in turn, each round starting one further on; medians in
# microseconds.  The "+sock" inits are left out: their PID 1 has the
# same name as the other's.  Needs perf, and root.
NAME=sigtrace
. "$(dirname "$0")/lib.sh"
REPS=${REPS:-100}
SIGCHILD=$B/sigchild

command -v perf >/dev/null || { echo "sigtrace: needs perf" >&2; exit 1; }
cc -O2 -Wall -o "$SIGCHILD" "$ROOT/bench/sigchild.c"
INITS=$(for i in $INITS; do case $i in *+sock) ;; *) echo "$i" ;; esac; done)
comms=$(for i in $INITS; do printf '|| next_comm == "%s" ' "$i"; done)

perf record -q -a -o "$TMP/perf.data" -e signal:signal_generate \
    -e signal:signal_deliver -e sched:sched_switch \
    --filter "next_comm == \"sigchild\" $comms" 2>/dev/null &
PERF=$!
sleep 1
r=1
while [ $r -le "$REPS" ]; do
	[ $((r % 20)) -eq 1 ] && echo "sigtrace: round $r of $REPS" >&2
	for i in $(rotated $r); do
		term_round "$i"
	done
	r=$((r + 1))
done
kill -INT $PERF
wait $PERF || :

# "init wake work child" a round: the sender (sigchild -k) signals PID 1,
# which gets the CPU, signals the child, whose handler is entered.
perf script -i "$TMP/perf.data" -F comm,pid,time,event,trace 2>/dev/null |
awk '
function field(k,   i) {
	for (i = 1; i <= NF; i++)
		if (index($i, k "=") == 1)
			return substr($i, length(k) + 2)
}
{ t = $3 + 0; ev = $4 }
ev == "signal:signal_generate:" && field("sig") == 15 {
	if ($1 == "sigchild") {
		p = field("pid"); start[p] = t; name[p] = field("comm")
		delete sw[p]
	} else if ($2 in start) {
		kill[$2] = t; parent[field("pid")] = $2
	}
}
ev == "sched:sched_switch:" {
	p = field("next_pid")
	if ((p in start) && !(p in sw))
		sw[p] = t
}
ev == "signal:signal_deliver:" && field("sig") == 15 && ($2 in parent) {
	p = parent[$2]
	if ((p in sw) && (p in kill))
		printf "%s %d %d %d %d\n", name[p], (sw[p] - start[p]) * 1e6,
		    (kill[p] - sw[p]) * 1e6, (t - kill[p]) * 1e6,
		    (t - start[p]) * 1e6
	delete parent[$2]; delete start[p]
}' >"$TMP/runs"

md "### sigtrace: TERM to PID 1 until the child's handler, by kernel timestamps (µs)" "" \
    "$REPS runs each, in turn, the order rotating; medians." "" \
    "| init | wake | PID 1's work | child | total |" \
    "|---|---:|---:|---:|---:|"
for i in $INITS; do
	for k in 2 3 4 5; do
		awk -v i="$i" -v k="$k" '$1 == i { print $k }' "$TMP/runs" |
		    stats | { read -r n med x; echo "$med"; }
	done | {
		read -r wake; read -r work; read -r child; read -r total
		md "| $i | $wake | $work | $child | $total |"
	}
done
md ""
