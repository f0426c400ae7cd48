#!/bin/sh
# What the benchmarks need: the peer inits, hyperfine, gnuplot, and the
# tools the scripts use.
exec sh "$(dirname "$0")/../mk/deps.sh" tini dumb-init catatonit hyperfine \
    gnuplot-nox strace gcc binutils python3 util-linux coreutils
