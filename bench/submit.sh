#!/bin/sh
# submit: N submissions of /bin/true over dinit's socket (bench/submit.py,
# raw AF_UNIX, run inside the namespace with nsenter), one at a time and 8
# at once: throughput, latency from connect() to "ok PID", and the CPU
# time PID 1 and sockd spent per submission (/proc/PID/schedstat).  dinit
# only: the peers have no socket.  -submit-rate 0 lifts the default
# limit of 200 a second.  Then, for build/dinit, where the time goes: the
# top system calls of PID 1 (alone, and with -f: with the children it
# forks) and of sockd, from strace -c during one more sequential run.
NAME=submit
. "$(dirname "$0")/lib.sh"
N=${N:-2000}
DINIT_FLAGS="-submit-rate 0"

client() { nsenter -t "$p1" -m -p python3 "$ROOT/bench/submit.py" "$SOCK" "$@"; }
cpu() { awk '{ print $1 }' "/proc/$1/schedstat"; }	# ns on a CPU
up()
{
	ns_start "$1" sleep 1000 >/dev/null 2>"$TMP/log"
	poll 'p1=$(ns_pid1) && lazy $p1'
	client 100 1 >/dev/null			# starts sockd, and warms up
	sd=$(sockd_of "$p1")
}

md "### submit: $N submissions of \`/bin/true\` over the socket" "" \
    "Latency from connect() to \`ok PID\`; CPU: time on a CPU per submission. \`-submit-rate 0\`." "" \
    "| build | clients | errors | per second | p50 µs | p90 µs | p99 µs | CPU PID 1 µs | CPU sockd µs |" \
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for i in $INITS; do
	case $i in *+sock) ;; *) continue ;; esac
	up "$i"
	for c in 1 8; do
		a1=$(cpu "$p1") a2=$(cpu "$sd")
		read -r n err wall rate p50 p90 p99 mean <<-EOF
		$(client "$N" "$c")
		EOF
		b1=$(cpu "$p1") b2=$(cpu "$sd")
		md "| ${i%+sock} | $c | $err | $rate | $p50 | $p90 | $p99 | $(((b1 - a1) / N / 1000)) | $(((b2 - a2) / N / 1000)) |"
	done
	ns_stop
done
md ""

traced() { grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$1/status"; }

up dinit+sock
strace -c -o "$TMP/st-a" -p "$p1" 2>/dev/null & s1=$!
strace -c -o "$TMP/st-b" -p "$sd" 2>/dev/null & s2=$!
poll 'traced $p1 && traced $sd'
client "$N" 1 >/dev/null
kill -INT $s1 $s2; wait $s1 $s2 || :
strace -c -f -o "$TMP/st-c" -p "$p1" 2>/dev/null & s1=$!
poll 'traced $p1'
client "$N" 1 >/dev/null
kill -INT $s1; wait $s1 || :
ns_stop

md "### submit: top system calls (strace -c, $N sequential submissions)" "" \
    "| process | syscall | % time | calls | per submission | errors |" \
    "|---|---|---:|---:|---:|---:|"
for p in "PID 1:a" "PID 1 -f (with its children):c" "sockd:b"; do
	awk -v who="${p%:*}" -v n="$N" '/^------/ { d++; next }
	    d == 1 && k++ < 8 { e = NF == 6 ? $5 : 0
		printf "| %s | %s | %s | %d | %.2f | %d |\n", who, $NF, $1, $4, $4 / n, e }' \
	    "$TMP/st-${p##*:}" | tee -a "$OUT"
done
md ""
