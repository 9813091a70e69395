#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer through cargo-fuzz) of the fuzzing entry
# points in `kilnd::fuzzing`: the planner, the stored-record decoders, signed
# URLs and request bodies through the real router.
# Usage: fuzz/run.sh [seconds per target] [target...]
# Runs on the stable toolchain without a sanitizer (`--sanitizer none`): the
# code under test is safe Rust, so panics are what is looked for. Findings are
# written to fuzz/artifacts/<target>/ and the run fails.
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(planner store_record signed_url request_body)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

# Seeds: the planner's evaluation prompts, each after an input-set byte.
if [ ! -d corpus/planner ]; then
  mkdir -p corpus/planner
  i=0
  while IFS=$'\t' read -r _ prompt _; do
    [ -n "$prompt" ] || continue
    printf "\\00$(( i % 8 ))%s" "$prompt" > "corpus/planner/eval-$i"
    i=$((i + 1))
  done < <(grep -v '^#' ../daemon/src/planner/eval.tsv)
fi
if [ ! -d corpus/request_body ]; then
  mkdir -p corpus/request_body
  printf '\x02\x00{"duration_sec": 12.5, "source_fps": 30, "target_fps_options": [60]}' > corpus/request_body/estimate
  printf '\x06\x00{"prompt": "convert to mp4 and trim to 10 s"}' > corpus/request_body/files-job
  printf '\x01\x00{"filename": "a.mp4", "content_type": "video/mp4"}' > corpus/request_body/presign
  printf '\x00\x00{"r2_key": "uploads/a.mp4", "target_fps": 60}' > corpus/request_body/render-job
fi

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
for t in "${TARGETS[@]}"; do
  echo "== $t: ${SECS} s"
  if ! cargo fuzz run --sanitizer none -O "$t" -- -max_total_time="$SECS" -rss_limit_mb=4096 >"$LOG" 2>&1; then
    grep -vE '^(\s+Compiling|#[0-9]+\s+(NEW|REDUCE|pulse))' "$LOG" | tail -40
    echo "$t: failed (findings, if any, in fuzz/artifacts/$t)"
    exit 1
  fi
  grep -E '^(#[0-9]+\s+DONE|Done [0-9]+ runs)' "$LOG" || tail -2 "$LOG"
done
