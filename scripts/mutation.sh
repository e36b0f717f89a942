#!/usr/bin/env bash
# Mutation check, run on demand (not in CI): how many small changes to the
# rules packages' code the tests notice.
#
#   scripts/mutation.sh                 every rules package
#   scripts/mutation.sh dealreg nfr     only these
#
# For each package, gremlins (github.com/go-gremlins/gremlins, installed
# here at a pinned version) runs its operator mutants; then scripts/mutate
# runs what gremlins cannot reach (time and decimal comparisons, day/month/
# hour counts, decimal rounding, and the conditions of switch cases, which gremlins
# lists as not covered and skips) and prints the score per package: killed
# mutants over all but the not viable ones and the survivors judged
# equivalent in scripts/mutation-equivalent.json, with every other survivor
# listed. It exits 1 when a package scores under MUTATION_MIN.
#
# Environment:
#   MUTATION_WORKERS  mutants tested at once (default 1; the tests of one
#                     mutant already use every core to compile)
#   MUTATION_MIN      lowest passing score in percent (default 95)
#   MUTATION_OUT      where reports go (default: a new temporary directory)
#   MUTATION_AGAIN    an earlier run's MUTATION_OUT: gremlins is not run; that
#                     run's mutants (mutants.json), found again in the code by
#                     their sites, are taken as killed where it killed them,
#                     and the rest run again (sound when only tests changed,
#                     or code elsewhere in the file; a mutant whose line
#                     changed is gone: after changing the code under test,
#                     run everything)
#
# It works on copies of the module in a temporary directory and leaves the
# working tree as it was. Needs Go and the module proxy (to install gremlins
# the first time).
set -euo pipefail
cd "$(dirname "$0")/.."

GREMLINS_VERSION=v0.6.0
workers=${MUTATION_WORKERS:-1}
min=${MUTATION_MIN:-95}
out=${MUTATION_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/mutation.XXXXXX")}
mkdir -p "$out/bin"

if [ $# -eq 0 ]; then
  set -- dealreg serviceattach nfr distribution incumbency locator marketing
fi

start=$(date +%s)
GOBIN="$out/bin" GOFLAGS= go install "github.com/go-gremlins/gremlins/cmd/gremlins@$GREMLINS_VERSION"

pkgs=("$@")
again=()
grem=$out
if [ -n "${MUTATION_AGAIN:-}" ]; then
  again=(-again "$MUTATION_AGAIN/mutants.json")
  grem=$MUTATION_AGAIN
  set -- # gremlins is not run again
fi
for pkg in "$@"; do
  pkg=${pkg#./}
  pkg=${pkg%/}
  echo "== gremlins: $pkg"
  # -count=1: gremlins times a coverage run to set each mutant's timeout,
  # and a cached run would make that timeout a fraction of a compile.
  GOFLAGS="${GOFLAGS:-} -count=1" "$out/bin/gremlins" unleash --silent \
    --workers "$workers" --timeout-coefficient 20 \
    --output "$out/gremlins-${pkg//\//_}.json" "./$pkg"
done

set +e
go run ./scripts/mutate -gremlins "$grem" "${again[@]}" -equivalent scripts/mutation-equivalent.json \
  -workers "$workers" -min "$min" -json "$out/mutants.json" "${pkgs[@]/#/./}"
status=$?
set -e
echo "mutation: $(( $(date +%s) - start )) s in all; reports in $out"
exit $status
