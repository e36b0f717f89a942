#!/usr/bin/env bash
# Instructions per benchmark operation, counted by valgrind: a figure that
# does not move with the load of a shared machine, for telling whether a
# change to a hot path did less work. Wall-clock figures still come from
# scripts/benchcompare.sh; this is the measure to steer by between them.
#
#   scripts/icount.sh [-r REV] PACKAGE BENCHMARK [N]
#
#   scripts/icount.sh ./dealreg 'Route/asm_timeout$'
#   scripts/icount.sh -r main . 'LineDecode$'
#
# It runs the benchmark N (default 10000) and 3N times under cachegrind
# with one P, asynchronous preemption off and the collector off, and
# prints the difference per operation: what is spent once (start-up,
# set-up, the benchmark's first round) cancels out. The collector's work
# is not counted; allocation is. With -r, the same is printed for REV
# (a worktree of it) first. Needs valgrind (Debian's package).
set -euo pipefail
cd "$(dirname "$0")/.."

rev=
if [ "${1:-}" = "-r" ]; then rev=$2; shift 2; fi
pkg=${1:?usage: scripts/icount.sh [-r REV] PACKAGE BENCHMARK [N]}
bench=${2:?usage: scripts/icount.sh [-r REV] PACKAGE BENCHMARK [N]}
n=${3:-10000}
command -v valgrind >/dev/null || { echo "scripts/icount.sh: needs valgrind" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/icount.XXXXXX")
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

count() { # binary, iterations: instructions of the whole run
  GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 GOGC=off valgrind --tool=cachegrind --cache-sim=no \
    --cachegrind-out-file=/dev/null "$1" -test.run '^$' -test.bench "$bench" -test.benchtime "$2x" 2>&1 |
    awk '/I *refs/ { gsub(",", "", $4); print $4 }'
}

measure() { # label, module directory
  (cd "$2" && go test -c -o "$work/$1.test" "$pkg")
  a=$(count "$work/$1.test" "$n")
  b=$(count "$work/$1.test" $((3 * n)))
  echo "$1: $(( (b - a) / (2 * n) )) instructions/op ($bench)"
}

if [ -n "$rev" ]; then
  git worktree add --detach "$work/old" "$rev" >/dev/null 2>&1
  measure "$rev" "$work/old"
fi
measure new .
