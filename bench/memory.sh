#!/bin/sh
# memory: idle memory of each init as PID 1 of a fresh PID namespace with
# "sleep 1000" as its child: VmRSS and Pss (smaps_rollup) in KiB.  For
# dinit with the socket, twice: before any client (sockd is started on
# demand, so PID 1 is alone) and after one submission (PID 1 plus its
# sockd).  RSS counts shared pages (libc, and what PID 1 and sockd share)
# in full; Pss splits them among their users.  Ratio: vs tini-static's.
NAME=memory
. "$(dirname "$0")/lib.sh"

kb() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }

# has_sleep PID1: PID 1 runs sleep (so it has exec'd and forked).
has_sleep()
{
	for c in $(children "$1"); do
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = sleep ] && return 0
	done
	return 1
}

# measure NAME: "NAME rss sockd-rss total pss sockd-pss total" of $p1
# and, if set, $helper, once they have settled.
measure()
{
	sleep 0.2
	rss=$(kb VmRSS "/proc/$p1/status") pss=$(kb Pss "/proc/$p1/smaps_rollup")
	hrss=0 hpss=0
	if [ -n "$helper" ]; then
		hrss=$(kb VmRSS "/proc/$helper/status")
		hpss=$(kb Pss "/proc/$helper/smaps_rollup")
	fi
	echo "$1 $rss $hrss $((rss + hrss)) $pss $hpss $((pss + hpss))"
}

for i in $INITS; do
	ns_start "$i" sleep 1000 >/dev/null 2>&1
	poll 'p1=$(ns_pid1) && has_sleep $p1'
	helper=
	case $i in
	*+sock)	poll 'lazy $p1' ;;
	esac
	measure "$i"
	case $i in
	*+sock)	nsenter -t "$p1" -m -p "$DINIT" -submit -socket "$SOCK" \
		    -r /bin/true >/dev/null
		poll 'helper=$(sockd_of $p1) && grep -q "^State:.*S" /proc/$helper/status'
		measure "$i,up" ;;
	esac
	ns_stop
done >"$TMP/mem"

brss=$(awk '$1 == "tini-static" { print $4 }' "$TMP/mem")
bpss=$(awk '$1 == "tini-static" { print $7 }' "$TMP/mem")
md "### memory: idle PID 1 with \`sleep 1000\` as its child (KiB)" "" \
    "RSS and Pss of PID 1, plus sockd for +sock once a submission has started it (\"sockd up\"); before that +sock is PID 1 alone. Baseline: tini-static." "" \
    "| init | RSS PID 1 | RSS sockd | RSS total | Pss PID 1 | Pss sockd | Pss total | ratio RSS | ratio Pss |" \
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
while read -r i rss hrss trss pss hpss tpss; do
	r1=$(ratio "$trss" "$brss") r2=$(ratio "$tpss" "$bpss")
	case $i in
	*,up)	md "| ${i%,up}, sockd up | $rss | $hrss | $trss | $pss | $hpss | $tpss | $r1 | $r2 |"
		keep "memory RSS, sockd up" "${i%,up}" "$r1" ;;
	*)	md "| $i | $rss | $hrss | $trss | $pss | $hpss | $tpss | $r1 | $r2 |"
		keep "memory RSS, idle" "$i" "$r1"
		keep "memory Pss, idle" "$i" "$r2" ;;
	esac
done <"$TMP/mem"
md ""
