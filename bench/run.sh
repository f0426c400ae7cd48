#!/bin/sh
# run.sh [OUT]: every benchmark, then OUT (default build/bench/results.md):
# their tables and a summary of the ratios (also build/bench/summary.tsv).
# Then, unless BENCH_DOCS=0, the summary becomes doc/bench.tsv, README's
# table (table.sh) and the chart doc/bench.svg (chart.sh): the docs'
# figures come from this run alone.  BENCH_DIR (default build/bench) is
# where the scripts work; REPS, ROUNDS, RUNS and N, if set, reach them.
# Root, Debian 12; ~4 minutes.
set -eu
cd "$(dirname "$0")/.."
# Absolute: some scripts write there from inside their namespace.
mkdir -p "${BENCH_DIR:-build/bench}"
B=$(cd "${BENCH_DIR:-build/bench}" && pwd)
export BENCH_DIR=$B
OUT=${1:-$B/results.md}
sh bench/deps.sh
[ -x build/dinit ] || make
mkdir -p "$B"
t0=$(date +%s)
for b in size memory start first signal reap submit attach; do
	echo "== $b" >&2
	sh "bench/$b.sh" "$B/$b.md"
done
secs=$(($(date +%s) - t0))

# The summary: one row per benchmark, one column per init, "-" for none.
ORDER="dinit dinit+sock dinit-static dinit-static+sock tini-static tini dumb-init catatonit"
for b in size memory start first signal reap submit attach; do
	cat "$B/$b.ratios"
done | awk -F '\t' -v order="$ORDER" '
!($1 in row) { row[$1] = ++nr; rows[nr] = $1 }
{ v[$1, $2] = $3; has[$2] = 1 }
END {
	n = split(order, o, " ")
	for (i = 1; i <= n; i++)
		if (o[i] in has)
			cols[++nc] = o[i]
	printf "bench"; for (c = 1; c <= nc; c++) printf "\t%s", cols[c]; print ""
	for (r = 1; r <= nr; r++) {
		printf "%s", rows[r]
		for (c = 1; c <= nc; c++)
			printf "\t%s", ((rows[r], cols[c]) in v) ? v[rows[r], cols[c]] : "-"
		print ""
	}
}' >"$B/summary.tsv"

{
	echo "# dinit benchmarks"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, Linux $(uname -r)," \
	    "dinit $(build/dinit -version | awk '{ print $2 }')" \
	    "($(git rev-parse --short HEAD 2>/dev/null || echo '?')); the run took ${secs} s."
	echo "Compare ratios within one run only: the absolute numbers depend on the machine."
	echo
	echo "## Summary: ratio to the baseline (lower is better)"
	echo
	echo "Baseline: tini-static for size, memory and start; the fastest peer" \
	    "(tini-static, tini, dumb-init, catatonit) for signal and reap; a warm sockd's submission for the first one." \
	    "+sock: with the socket, whose sockd starts at the first client (none in start, signal, reap; \"sockd up\" after one submission)."
	echo
	awk -F '\t' '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print "" }
	    NR == 1 { printf "|---|"; for (i = 2; i <= NF; i++) printf "---:|"; print "" }' \
	    "$B/summary.tsv"
	echo
	for b in size memory start first signal reap submit attach; do
		sed 's/^### /## /' "$B/$b.md"
	done
} >"$OUT"
echo "== results in $OUT (${secs} s)" >&2
sed -n '/^## Summary/,/^## size/p' "$OUT" | sed '$d'
[ "${BENCH_DOCS:-1}" = 0 ] && exit 0
cp "$B/summary.tsv" doc/bench.tsv
sh bench/table.sh doc/bench.tsv README.md
# Measures of dinit alone, or of it against the build before a change,
# not against the peers: a table of each, and README's block of it.
for b in contain status verify tty; do
	# tty needs the container suite's image: without it, its last table.
	if [ $b = tty ] && ! podman image exists localhost/dinit-debian:latest \
	    2>/dev/null; then
		echo "== tty: no image (make check-container): doc/tty.md kept" >&2
	else
		sh "bench/$b.sh" "$B/$b.md"
		cp "$B/$b.md" "doc/$b.md"
	fi
	sh bench/block.sh "$b" "doc/$b.md" README.md
done
if command -v gnuplot >/dev/null; then
	sh bench/chart.sh doc/bench.tsv
fi
