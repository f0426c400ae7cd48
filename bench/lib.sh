# Sourced by the bench scripts (POSIX sh).  Set NAME first; "$1" is the
# Markdown output file (default build/bench/NAME.md).  Each script also
# writes "bench<TAB>init<TAB>ratio" lines to OUT's .ratios twin, which
# run.sh turns into the summary table and chart.sh into the chart.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
B=${BENCH_DIR:-$ROOT/build/bench}
DINIT=${DINIT:-$ROOT/build/dinit}
DINIT_STATIC=${DINIT_STATIC:-$ROOT/build/dinit-static}
SOCK=/tmp/dinit.sock		# inside a namespace /tmp is a private tmpfs
DINIT_FLAGS=			# more flags for every dinit
mkdir -p "$B"
OUT=${1:-$B/$NAME.md}
RATIOS=${OUT%.md}.ratios
: >"$OUT"
: >"$RATIOS"
TMP=$(mktemp -d)
NS_UNSHARE=
trap 'ns_stop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

[ -x "$DINIT" ] || { echo "$NAME: build $DINIT first (make)" >&2; exit 1; }

PEERS="tini-static tini dumb-init catatonit"
INITS="dinit dinit+sock"
[ -x "$DINIT_STATIC" ] && INITS="$INITS dinit-static dinit-static+sock"
INITS="$INITS $PEERS"
# AUDIT=1: and dinit+audit, dinit+sock with two audit sinks that take
# nothing: a file on a full FIFO and a syslog socket nobody reads.
if [ "${AUDIT:-0}" = 1 ]; then
	INITS="$INITS dinit+audit"
	rm -f "$B/audit.ready"
	python3 "$ROOT/regress/helpers/fullsinks.py" "$B" &
	FULLSINKS=$!
	trap 'kill $FULLSINKS; ns_stop; rm -rf "$TMP"' EXIT
	while [ ! -e "$B/audit.ready" ]; do sleep 0.01; done
fi

# initcmd NAME: the init's command line up to the child's, shell-quoted
# (for hyperfine -N, and for eval).
initcmd()
{
	case $1 in
	dinit)			q "$DINIT" $DINIT_FLAGS -socket none -r ;;
	dinit+sock)		q "$DINIT" $DINIT_FLAGS -socket "$SOCK" -r ;;
	dinit+audit)		q "$DINIT" $DINIT_FLAGS -socket "$SOCK" \
				    -audit "file:$B/audit.fifo" \
				    -audit "syslog:$B/audit.sock" -r ;;
	dinit-static)		q "$DINIT_STATIC" $DINIT_FLAGS -socket none -r ;;
	dinit-static+sock)	q "$DINIT_STATIC" $DINIT_FLAGS -socket "$SOCK" -r ;;
	tini-static|tini)	q "$(command -v "$1")" -s -- ;;
	dumb-init)		q "$(command -v "$1")" ;;
	catatonit)		q "$(command -v "$1")" -- ;;
	*)			echo "unknown init $1" >&2; return 1 ;;
	esac
}
q() { printf "'%s' " "$@"; }

# The namespace: PID 1 of a new PID and mount namespace, /proc of its
# own, a private tmpfs on /tmp (as a container has).
NS_SETUP='mount -t tmpfs tmpfs /tmp && exec "$@"'

# ns_exec INIT CMD...: exec INIT as PID 1 running CMD.
ns_exec()
{
	_i=$1; shift
	eval "set -- $(initcmd "$_i") \"\$@\""
	exec env --default-signal=INT,QUIT unshare --pid --fork --mount-proc \
	    --mount sh -c "$NS_SETUP" ns "$@"
}
# ns_run INIT CMD...: the same in the foreground.
ns_run() { (ns_exec "$@"); }
# ns_start INIT CMD...: in the background; sets NS_UNSHARE.  Once the
# child is known to run, ns_pid1 gives PID 1's pid as seen from here.
ns_start() { (ns_exec "$@") & NS_UNSHARE=$!; }
ns_pid1()
{
	[ -n "$NS_UNSHARE" ] &&
	    _c=$(cat "/proc/$NS_UNSHARE/task/$NS_UNSHARE/children" 2>/dev/null) &&
	    [ -n "$_c" ] && echo $_c
}
# ns_stop: kill PID 1 (and so the whole namespace) and wait for it.
ns_stop()
{
	[ -n "$NS_UNSHARE" ] || return 0
	_p=$(ns_pid1) && kill -KILL $_p 2>/dev/null
	wait "$NS_UNSHARE" 2>/dev/null || :
	NS_UNSHARE=
}

# rotated R: the inits in turn, starting R places further on.  Where an
# init runs in a round changes its time (tini-static run first and third
# in the same rounds: medians 110 and 90 us), so each takes each place.
rotated()
{
	_r=$1
	set -- $INITS
	_r=$((_r % $#))
	while [ $_r -gt 0 ]; do
		set -- "$@" "$1"
		shift
		_r=$((_r - 1))
	done
	echo "$@"
}

# term_round INIT: INIT as PID 1 of bench/sigchild (compiled as $SIGCHILD),
# and, once it is ready, TERM to PID 1 from sigchild -k, until PID 1 has
# exited.  The child's "term NS" line is in $TMP/out, the sender's "T0
# TEXIT" in $TMP/k.
term_round()
{
	ns_start "$1" "$SIGCHILD" >"$TMP/out" 2>/dev/null
	poll 'grep -q ready "$TMP/out" && p1=$(ns_pid1)'
	case $1 in
	*+sock) poll 'lazy $p1' ;;
	esac
	"$SIGCHILD" -k "$p1" >"$TMP/k"
	wait "$NS_UNSHARE" || :
	NS_UNSHARE=
}

# children PID: PID's children, one a line.
children() { cat "/proc/$1/task/$1/children" 2>/dev/null | tr " " "\n" | grep . || :; }

# sockd_of PID1: dinit's sockd (PID 1's child running as 65534).
sockd_of()
{
	for _c in $(children "$1"); do
		grep -q '^Uid:[[:space:]]*65534' "/proc/$_c/status" 2>/dev/null &&
		    { echo "$_c"; return 0; }
	done
	return 1
}

# lazy PID1: dinit's socket is in place (init renames it onto its path
# once it listens) and no sockd runs: the first client starts it, and
# none came yet.
lazy() { [ -S "/proc/$1/root$SOCK" ] && ! sockd_of "$1" >/dev/null; }

# poll CMD [TRIES]: run CMD every 10 ms until it succeeds (default 5 s).
poll()
{
	_n=${2:-500}
	until eval "$1"; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || { echo "$NAME: timed out: $1" >&2; return 1; }
		sleep 0.01
	done
}

# stats: numbers on stdin -> "n median p90 p99 mean min".
stats()
{
	sort -g | awk '{ v[NR] = $1; s += $1 }
	function p(f, k) { k = int(f * NR); if (k < f * NR) k++; return v[k < 1 ? 1 : k] }
	END { if (NR) printf "%d %g %g %g %g %g\n", NR, p(.5), p(.9), p(.99), s / NR, v[1] }'
}

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# best_peer FILE: the smallest value of column 2 among the peers' lines
# ("init value") in FILE.
best_peer()
{
	awk -v peers=" $PEERS " 'index(peers, " " $1 " ") &&
	    (m == "" || $2 < m) { m = $2 } END { print m }' "$1"
}

# md LINE...: append Markdown lines to OUT and show them.
md() { printf '%s\n' "$@" | tee -a "$OUT"; }
# keep BENCH INIT RATIO: a ratio for the summary.
keep() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RATIOS"; }
