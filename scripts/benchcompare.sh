#!/usr/bin/env bash
# Benchmarks before and after a change, in one run (issue 13's rule: figures
# from benchstat, old and new interleaved on the same machine at the same
# time, never from separate sessions).
#
#   scripts/benchcompare.sh OLD [PACKAGE...] [-- GO TEST FLAGS]
#
#   scripts/benchcompare.sh main ./dealreg ./nfr
#   scripts/benchcompare.sh HEAD~3 ./locator -- -bench Route1000
#
# OLD is any revision; the working tree is the new side. Each round runs
# the old, then the new benchmarks; ROUNDS (default 6) rounds, then
# benchstat (golang.org/x/perf, pinned) compares them. Packages default to
# every package with benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."

old=${1:?usage: scripts/benchcompare.sh OLD [PACKAGE...] [-- GO TEST FLAGS]}
shift
pkgs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do pkgs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
flags=("$@")
[ ${#flags[@]} -eq 0 ] && flags=(-bench .)
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./...)
rounds=${ROUNDS:-6}
BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da

work=$(mktemp -d "${TMPDIR:-/tmp}/benchcompare.XXXXXX")
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$old" >/dev/null
GOBIN="$work/bin" GOFLAGS= go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION"

for i in $(seq "$rounds"); do
  echo "round $i of $rounds" >&2
  (cd "$work/old" && go test -run '^$' -benchmem "${flags[@]}" "${pkgs[@]}") >> "$work/old.txt"
  go test -run '^$' -benchmem "${flags[@]}" "${pkgs[@]}" >> "$work/new.txt"
done
"$work/bin/benchstat" "old=$work/old.txt" "new=$work/new.txt"
