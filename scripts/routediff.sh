#!/usr/bin/env bash
# Differential check of deal-registration routing: a rewrite of
# dealreg.Policy.Route (and of Policy.Resolve, which routes the same way)
# must decide every case as the revision before it did.
# scripts/routediff/main.go prints one line per generated case (the
# decision's JSON with every reason's text, its rule IDs and facts, the
# zones of its instants, or the error); this script builds it against OLD,
# in a temporary worktree, and against the working tree, runs both on the
# same cases and compares the outputs.
#
#   scripts/routediff.sh OLD [N]
#
#   scripts/routediff.sh c44727d                 # N = 200000 cases
#   scripts/routediff.sh main~3 50000
#   NEW=main scripts/routediff.sh c44727d        # a revision, not the tree
#   SEED=7 KEEP=1 scripts/routediff.sh main
#
# It prints "identical: N lines", or how many lines differ and the first 20
# lines of the diff, and exits 1. The generator is this tree's
# scripts/routediff/main.go on both sides (it uses only dealreg's and
# program's public API). With NEW=REV the new side is REV, in a second
# worktree, instead of the working tree: NEW=OLD checks the check itself
# (the tool must print the same on both), and two commits can be compared
# while the working tree is mid-edit and does not build. SEED (default 1) picks the cases;
# to see one case's input, run
#   go run ./scripts/routediff -seed SEED -case K
# FACTS=0 leaves out the reasons' facts (the values each text is written
# from, public in program.Reason.Facts but laid out by dealreg's internals),
# to compare only what the decisions say.
# The outputs are large (about 0.8 KB a line); KEEP=1 leaves them in the
# temporary directory, whose path is printed. The run times of both sides
# go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

old=${1:?usage: scripts/routediff.sh OLD [N]}
n=${2:-200000}
seed=${SEED:-1}
new=${NEW:-}
flags=(-n "$n" -seed "$seed")
if [ "${FACTS:-1}" = 0 ]; then flags+=(-facts=false); fi

work=$(mktemp -d "${TMPDIR:-/tmp}/routediff.XXXXXX")
cleanup() {
  git worktree remove --force "$work/old" >/dev/null 2>&1 || true
  git worktree remove --force "$work/new" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then
    rm -f "$work"/*.bin
    echo "outputs kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

checkout() { # revision, directory: a worktree of the revision with this tree's generator in it
  git worktree add --detach "$2" "$1" >/dev/null 2>&1 || { echo "scripts/routediff.sh: cannot check out $1" >&2; exit 2; }
  mkdir -p "$2/scripts/routediff"
  cp scripts/routediff/main.go "$2/scripts/routediff/main.go"
}

run() { # label, module directory: build there, run, time it
  (cd "$2" && go build -o "$work/$1.bin" ./scripts/routediff)
  local start end
  start=$(date +%s.%N)
  "$work/$1.bin" "${flags[@]}" >"$work/$1.txt"
  end=$(date +%s.%N)
  awk -v l="$1" -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "%s: %d cases in %.1fs\n", l, n, e - s }' >&2
}

checkout "$old" "$work/old"
run old "$work/old"
if [ -n "$new" ]; then
  checkout "$new" "$work/new"
  run new "$work/new"
else
  run new .
fi

if cmp -s "$work/old.txt" "$work/new.txt"; then
  echo "identical: $(wc -l <"$work/new.txt") lines"
  exit 0
fi
differ=$(diff "$work/old.txt" "$work/new.txt" | grep -c '^>' || true)
echo "differ: $differ of $(wc -l <"$work/new.txt") lines (< $old, > ${new:-working tree})"
diff "$work/old.txt" "$work/new.txt" | head -n 20 || true
exit 1
