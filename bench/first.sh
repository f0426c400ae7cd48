#!/bin/sh
# first: the latency of a container's first submission, whose connection
# starts sockd (fork, exec, sandbox) and waits in the backlog meanwhile,
# against a warm sockd's.  Each round starts INIT as PID 1 with "sleep
# 1000", waits until its socket is in place, then times one submission of
# /bin/true from connect() to "ok PID" (bench/submit.py), then 20 more in
# a row (their median is the warm latency).  REPS rounds, the builds
# alternating.  dinit only: the peers have no socket.  Ratio: the first
# submission's median vs the warm one's.
NAME=first
. "$(dirname "$0")/lib.sh"
REPS=${REPS:-50}

# client N: N submissions in a row, from inside the namespace; p50 in us.
client()
{
	nsenter -t "$p1" -m -p python3 "$ROOT/bench/submit.py" "$SOCK" "$1" 1 |
	    awk '$2 != 0 { print "first: errors:", $0 >"/dev/stderr"; exit 1 }
		{ print $5 }'
}

r=1
while [ $r -le "$REPS" ]; do
	[ $((r % 10)) -eq 1 ] && echo "first: round $r of $REPS" >&2
	for i in $INITS; do
		case $i in *+sock) ;; *) continue ;; esac
		ns_start "$i" sleep 1000 >/dev/null 2>&1
		poll 'p1=$(ns_pid1) && lazy $p1'
		first=$(client 1)
		warm=$(client 20)
		echo "$i $first $warm"
		ns_stop
	done
	r=$((r + 1))
done >"$TMP/runs"			# init first_us warm_us

md "### first: the first submission, which starts sockd, against a warm sockd's (ms)" "" \
    "$REPS rounds, alternating: one submission of \`/bin/true\` right after start, then the median of 20 more; from connect() to \`ok PID\`. Ratio: first vs warm, medians." "" \
    "| build | first p50 | first p90 | first max | warm p50 | warm p90 | ratio |" \
    "|---|---:|---:|---:|---:|---:|---:|"
for i in $INITS; do
	case $i in *+sock) ;; *) continue ;; esac
	read -r n fmed fp90 fp99 fmean fmin <<-EOF
	$(awk -v i="$i" '$1 == i { print $2 / 1000 }' "$TMP/runs" | stats)
	EOF
	read -r n wmed wp90 wp99 wmean wmin <<-EOF
	$(awk -v i="$i" '$1 == i { print $3 / 1000 }' "$TMP/runs" | stats)
	EOF
	fmax=$(awk -v i="$i" '$1 == i && $2 > m { m = $2 } END { print m / 1000 }' \
	    "$TMP/runs")
	rt=$(ratio "$fmed" "$wmed")
	md "$(printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s |' \
	    "${i%+sock}" "$fmed" "$fp90" "$fmax" "$wmed" "$wp90" "$rt")"
	keep "first submission vs warm" "$i" "$rt"
done
md ""
