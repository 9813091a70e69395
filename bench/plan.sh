#!/usr/bin/env bash
# Planner benchmark (`make bench`): plans every request of the corpus
# (daemon/src/planner/corpus/requests.tsv: requests written by real people,
# each against the files it is about) with kiln-plan-bench, and prints
#   - the accuracy by kind (commands, questions, impossible requests) on the
#     tuning requests and, apart, on the held-out fifth that is never tuned
#     on;
#   - the time one plan takes, median and 99th percentile over every
#     request planned BENCH_PLAN_ROUNDS times (after a warm-up round).
# The goals are a held-out accuracy of at least 90% and a median under 1 ms;
# the script says whether they are met, and fails only if the run fails.
#
#   KILN_PLAN_BENCH    the kiln-plan-bench binary
#                      (default target/release/kiln-plan-bench)
#   BENCH_PLAN_ROUNDS  rounds over the corpus (default 20)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${KILN_PLAN_BENCH:-$ROOT/target/release/kiln-plan-bench}"
ROUNDS="${BENCH_PLAN_ROUNDS:-20}"
[ -x "$BIN" ] || { echo "missing $BIN (cargo build --release -p kilnd --bin kiln-plan-bench)"; exit 1; }

echo "== planner: understanding and planning time =="
out="$("$BIN" --rounds "$ROUNDS")"
echo "$out"

held="$(sed -n 's/.*held out: [0-9]*\/[0-9]* = \([0-9.]*\)%.*/\1/p' <<<"$out")"
median="$(sed -n 's/.*planning time: median \([0-9.]*\) µs.*/\1/p' <<<"$out")"
verdict() { if awk "BEGIN{exit !($1)}"; then echo "met"; else echo "NOT met"; fi; }
echo "  goal held-out accuracy >= 90%: $(verdict "$held >= 90") ($held%)"
echo "  goal median planning time < 1 ms: $(verdict "$median < 1000") ($median µs)"
