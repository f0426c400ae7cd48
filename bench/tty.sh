#!/bin/sh
# tty: a session on a terminal of its own, side by side in one container
# of the Debian example's image: `dinit -submit -wait -t -r CMD` (the
# container's dinit, its client entered with nsenter) against `podman
# exec -it CONTAINER CMD`, each run on a terminal by bench/ttyrtt.py.
# The keystroke echo round trip (a byte written to the client's terminal
# until the session's echo of it comes back; p50 and p99 of N), and cat
# of a 100 MB text file through the session (MB/s from its first byte to
# its end), ROUNDS rounds, each taking the two in turn.  Root, after make
# check-container (which builds the image).
NAME=tty
. "$(dirname "$0")/lib.sh"
N=${N:-2000}
ROUNDS=${ROUNDS:-3}
IMG=${IMG:-localhost/dinit-debian:latest}
CT=dinit-bench-tty

command -v podman >/dev/null || { echo "$NAME: no podman" >&2; exit 1; }
trap 'podman rm -f -t 0 $CT >/dev/null 2>&1; rm -rf "$TMP"' EXIT
podman run -d --replace --pull=never --network none --name $CT "$IMG" \
    >/dev/null
poll "podman exec $CT test -S /tmp/dinit.sock"
ctpid=$(podman inspect -f '{{.State.Pid}}' $CT)
podman exec $CT sh -c 'head -c 75000000 /dev/urandom | base64 >/tmp/big'
RTT="python3 $ROOT/bench/ttyrtt.py"

# run WHO MODE N CMD...: one run of ttyrtt.py through WHO's session.
run()
{
	_who=$1 _mode=$2 _n=$3
	shift 3
	case $_who in
	dinit)	$RTT $_mode $_n nsenter -t $ctpid -a /usr/local/sbin/dinit \
		    -submit -wait -t -r "$@" ;;
	podman)	$RTT $_mode $_n podman exec -it $CT "$@" ;;
	esac
}

: >"$TMP/echo"
: >"$TMP/cat"
r=0
while [ $r -lt $ROUNDS ]; do
	case $((r % 2)) in 0) order="dinit podman" ;; *) order="podman dinit" ;; esac
	for who in $order; do
		echo "$who $(run $who echo $N cat)" >>"$TMP/echo"
		echo "$who $(run $who cat 0 cat /tmp/big)" >>"$TMP/cat"
	done
	r=$((r + 1))
done

md "### tty: a session on a terminal, $ROUNDS rounds (bench/tty.sh)" "" \
    "| session | echo p50 µs | echo p99 µs | cat 100 MB, MB/s |" \
    "|---|---:|---:|---:|"
python3 - "$TMP/echo" "$TMP/cat" >>"$OUT" <<'PY'
import statistics, sys
echo, cat = {}, {}
for line in open(sys.argv[1]):
    who, p50, p99 = line.split()
    echo.setdefault(who, []).append((float(p50), float(p99)))
for line in open(sys.argv[2]):
    who, n, s = line.split()
    cat.setdefault(who, []).append(int(n) / float(s) / 1e6)
names = {"dinit": "dinit -submit -wait -t", "podman": "podman exec -it"}
for who in ("dinit", "podman"):
    e = echo[who]
    print("| %s | %.0f | %.0f | %.0f |" % (names[who],
        statistics.median(p for p, _ in e), statistics.median(q for _, q in e),
        statistics.median(cat[who])))
d, p = echo["dinit"], echo["podman"]
print("\nRatios, dinit to podman (medians of the rounds): echo p50 %.2f, "
    "p99 %.2f, cat throughput %.2f." % (
    statistics.median(x for x, _ in d) / statistics.median(x for x, _ in p),
    statistics.median(y for _, y in d) / statistics.median(y for _, y in p),
    statistics.median(cat["dinit"]) / statistics.median(cat["podman"])))
PY
tail -n 4 "$OUT"
