#!/bin/sh
# chart.sh TSV SVG: the soak's samples over time, as soak.py writes them:
# PID 1's RSS, its fds and zombies, and the latency of the probe
# submission and of the forwarded signal.
set -eu
TSV=$1
SVG=$2
command -v gnuplot >/dev/null || { echo "chart: no gnuplot" >&2; exit 0; }
gnuplot <<EOF2
set terminal svg size 1100,760 dynamic noenhanced font 'sans,12' background '#ffffff'
set output '$SVG'
set datafile separator '\t'
set key bottom right opaque
set grid
set xlabel 'seconds'
set multiplot layout 3,1 title 'dinit soak: PID 1 under mixed load and faults'
set ylabel 'RSS, KiB'
set yrange [0:*]
plot '$TSV' using 1:2 skip 1 with lines lw 2 lc rgb '#1f4e9c' title 'PID 1 RSS'
set ylabel 'count'
plot '$TSV' using 1:3 skip 1 with lines lw 2 lc rgb '#0b7a4b' title 'PID 1 fds', \
    '' using 1:4 skip 1 with lines lw 1.5 lc rgb '#c0692a' title 'zombies'
set ylabel 'ms, log scale'
set logscale y
set yrange [*:*]
plot '$TSV' using 1:(\$5 > 0 ? \$5 : 1/0) skip 1 with lines lw 1.5 lc rgb '#1f4e9c' title 'probe submission', \
    '' using 1:(\$6 > 0 ? \$6 : 1/0) skip 1 with lines lw 1.5 lc rgb '#d9b43a' title 'forwarded signal'
unset multiplot
EOF2
echo "chart: $SVG" >&2
