#!/bin/sh
# What the benchmarks need: the peer inits, s6 (s6-sudo for attach.sh),
# hyperfine, gnuplot, and the
# tools the scripts use (perf for sigtrace.sh).
exec sh "$(dirname "$0")/../mk/deps.sh" tini dumb-init catatonit hyperfine \
    gnuplot-nox strace gcc binutils python3 util-linux coreutils linux-perf \
    s6
