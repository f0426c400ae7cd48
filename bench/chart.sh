#!/bin/sh
# chart.sh [TSV [SVG]]: a grouped bar chart of the summary's ratios (from
# run.sh): one group per benchmark, one bar per init, log scale, 1 = the
# baseline.  Default: build/bench/summary.tsv -> doc/bench.svg.
set -eu
cd "$(dirname "$0")/.."
TSV=${1:-build/bench/summary.tsv}
SVG=${2:-doc/bench.svg}
mkdir -p "$(dirname "$SVG")"

color()
{
	case $1 in
	dinit)			echo '#1f4e9c' ;;
	dinit+sock)		echo '#6f9be0' ;;
	dinit-static)		echo '#0b7a4b' ;;
	dinit-static+sock)	echo '#66c495' ;;
	tini-static)		echo '#444444' ;;
	tini)			echo '#999999' ;;
	dumb-init)		echo '#c0692a' ;;
	*)			echo '#d9b43a' ;;
	esac
}

rows=$(($(wc -l <"$TSV") - 1))
plot= k=2
for i in $(head -n 1 "$TSV" | cut -f 2-); do
	plot="$plot${plot:+, }'$TSV' using $k:xtic(1) title columnheader($k) lc rgb '$(color "$i")'"
	k=$((k + 1))
done

gnuplot <<EOF2
set terminal svg size 1100,540 dynamic noenhanced font 'sans,12' background '#ffffff'
set output '$SVG'
set datafile separator '\t'
set datafile missing '-'
set title 'dinit vs tini, dumb-init, catatonit: ratio to the baseline (lower is better)'
set ylabel 'ratio, log scale (baseline: tini-static; fastest peer for signal, reap)'
set style data histograms
set style histogram clustered gap 1.5
set style fill solid 1.0 noborder
set logscale y
set yrange [0.02:20]
set grid ytics
set key outside center bottom horizontal maxrows 2 width 2
set xtics nomirror scale 0
set xrange [-0.55:$rows - 0.45]
set ytics nomirror (0.03, 0.1, 0.3, 1, 3, 10)
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb '#000000' front
plot $plot
EOF2
echo "chart: $SVG" >&2
