#!/usr/bin/env bash
# End-to-end render benchmark (`make bench`): what a user of the render API
# waits for and gets, against FFmpeg's minterpolate run the way kiln
# encodes renders (x264 veryfast, crf 19).
#
# For each clip (see clips.sh) and rate factor N (2 and 4): keep every N-th
# picture of the first pictures, store that as a near-lossless H.264 file
# (crf 12) at 1/N of the rate, then bring it back to the full rate
#   - with kiln: presign, upload, POST /jobs, poll until done (wall time
#     from the presign to "done"), download;
#   - with minterpolate (default, and aobmc/bidir/vsbmc) + libx264 in one
#     ffmpeg command (wall time);
# and score only the synthesised pictures against the dropped originals
# (luma PSNR and SSIM, kiln-bench score). Loopback only; bounded.
#
#   BENCH_DIR   work and cache directory (default /tmp/kiln-bench)
#   KILND, KILN, KILN_BENCH  binaries (default target/release/...)
#   BENCH_CASES "clip:pictures ..." (default all three clips)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}"
KILND=${KILND:-$ROOT/target/release/kilnd}
KILN=${KILN:-$ROOT/target/release/kiln}
BIN=${KILN_BENCH:-$ROOT/target/release/kiln-bench}
for b in "$KILND" "$KILN" "$BIN"; do [ -x "$b" ] || { echo "missing $b (make release)"; exit 1; }; done
for t in ffmpeg jq curl; do command -v $t >/dev/null || { echo "$t not found"; exit 1; }; done
mkdir -p "$DIR"
# shellcheck source=bench/clips.sh
source "$ROOT/bench/clips.sh"
CORES=$(nproc)

WORK=$(mktemp -d "$DIR/render.XXXXXX")
trap 'kill $PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/kilnd.toml" <<TOML
[log]
level = "warn"
TOML
"$KILND" serve --config "$WORK/kilnd.toml" --data "$WORK/data" --listen 127.0.0.1:0 2>"$WORK/log" &
PID=$!
for _ in $(seq 100); do [ -S "$WORK/data/control.sock" ] && [ -f "$WORK/data/http.addr" ] && break; sleep 0.1; done
API="http://$(cat "$WORK/data/http.addr")"
kiln() { "$KILN" --socket "$WORK/data/control.sock" "$@"; }
KEY=$(kiln account create bench --xeconds 0 | tail -n 1 | tr -d "[:space:]")
# Paid xeconds only: renders from free ones carry the watermark.
kiln credits grant bench 100000000 --paid >/dev/null

now() { date +%s.%N; }
raw=(-f rawvideo -pix_fmt yuv420p)

# render_api FILE FPS OUT: renders through the API; prints "seconds job_id".
render_api() {
  local file=$1 fps=$2 out=$3 t0 presign job id status
  t0=$(now)
  presign=$(curl -sf -X POST "$API/upload/presign" -H "Authorization: Bearer $KEY" \
    -H "Content-Type: application/json" -d '{"filename":"clip.mp4","content_type":"video/mp4"}')
  curl -sf -X PUT "$(jq -r .upload_url <<<"$presign")" -H "Content-Type: video/mp4" \
    --data-binary @"$file" >/dev/null
  job=$(curl -sf -X POST "$API/jobs" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
    -d "$(jq -c --argjson fps "$fps" '{r2_key: .key, project_id: .project_id, target_fps: $fps}' <<<"$presign")")
  id=$(jq -r .job_id <<<"$job")
  for _ in $(seq 12000); do
    job=$(curl -sf "$API/jobs/$id" -H "Authorization: Bearer $KEY")
    status=$(jq -r .live_status <<<"$job")
    [ "$status" = done ] || [ "$status" = failed ] && break
    sleep 0.02
  done
  local secs; secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}')
  [ "$status" = done ] || { echo "render failed: $job" >&2; cat "$WORK/log" >&2; exit 1; }
  curl -sf "$(jq -r .output_url <<<"$job")" -o "$out"
  echo "$secs $id"
}

# A first render starts the worker; the measured ones find it ready, as a
# running service's users do.
ffmpeg -v error -y -f lavfi -i testsrc2=s=160x120:r=10:d=1 -c:v libx264 "$WORK/warm.mp4"
render_api "$WORK/warm.mp4" 24 "$WORK/warm-out.mp4" >/dev/null

TABLE="$DIR/render-table.txt"
STAGES="$DIR/render-stages.txt"
: > "$TABLE"
: > "$STAGES"

# score OUT.mp4 N: "psnr|ssim" of its synthesised pictures.
score() {
  # Every picture as stored: no repeats or drops to fit a rate.
  ffmpeg -v error -y -i "$1" -an -fps_mode passthrough "${raw[@]}" "$WORK/out.yuv"
  local s; s=$("$BIN" score "$WORK/orig.yuv" "$WORK/out.yuv" "$W" "$H" "$2")
  rm -f "$WORK/out.yuv"
  sed -E 's/.* psnr=([0-9.]+) ssim=([0-9.]+).*/\1|\2/' <<<"$s"
}

run_case() {
  local name=$1 frames=$2 n=$3
  read -r W H RATE <<<"$(clip_info "$name")"
  # The API renders to 24..240 fps: a slower clip's pictures are taken as
  # 25 a second (the same pictures, the same motion between them).
  [ "$RATE" -ge 24 ] || RATE=25
  ffmpeg -v error -y -i "$CLIPS/$name" -frames:v "$frames" -an "${raw[@]}" "$WORK/orig.yuv"
  "$BIN" decimate "$WORK/orig.yuv" "$WORK/low.yuv" "$W" "$H" "$n"
  ffmpeg -v error -y "${raw[@]}" -s "${W}x${H}" -framerate "$RATE/$n" -i "$WORK/low.yuv" \
    -c:v libx264 -preset veryfast -crf 12 -pix_fmt yuv420p "$WORK/low.mp4"
  rm -f "$WORK/low.yuv"
  echo "== $name ${W}x${H}, ${n}x to $RATE fps from $frames pictures"

  local r secs id q pictures
  r=$(render_api "$WORK/low.mp4" "$RATE" "$WORK/kiln.mp4"); secs=${r% *}; id=${r#* }
  q=$(score "$WORK/kiln.mp4" "$n")
  pictures=$(kiln --json job show "$id" | jq -r .render.frames_out)
  printf "%s|%s|kiln (API: upload → done)|%s|%s|%s\n" "$name" "$n" "$secs" "$pictures" "$q" >> "$TABLE"
  kiln --json job show "$id" | jq -r --arg c "$name ${n}x" \
    '.render | "\($c)|\(.decode_ms)|\(.motion_ms)|\(.synthesis_ms)|\(.encode_ms)|\(.mux_ms)|\(.total_ms)"' >> "$STAGES"
  echo "   kiln: $secs s"

  local label vf t0
  for label in "minterpolate default" "minterpolate aobmc/bidir/vsbmc"; do
    vf="minterpolate=fps=$RATE"
    [ "$label" = "minterpolate default" ] || vf="$vf:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1"
    t0=$(now)
    ffmpeg -v error -y -i "$WORK/low.mp4" -vf "$vf" -c:v libx264 -preset veryfast -crf 19 \
      -pix_fmt yuv420p "$WORK/mi.mp4"
    secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}')
    pictures=$(ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets \
      -of csv=p=0 "$WORK/mi.mp4")
    q=$(score "$WORK/mi.mp4" "$n")
    printf "%s|%s|%s|%s|%s|%s\n" "$name" "$n" "$label" "$secs" "$pictures" "$q" >> "$TABLE"
    echo "   $label: $secs s"
  done
  rm -f "$WORK/orig.yuv" "$WORK/kiln.mp4" "$WORK/mi.mp4"
}

for case in ${BENCH_CASES:-bigbuckbunny.mp4:132 bikes.mp4:150 vtest.avi:120}; do
  for n in 2 4; do
    run_case "${case%:*}" "${case#*:}" "$n"
  done
done

echo
echo "End to end ($CORES cores): seconds a user waits, output pictures per second and per core,"
echo "and how kiln compares with the better-scoring minterpolate setting (× speed, Δ dB, Δ SSIM)."
printf "%-18s %3s %-32s %8s %8s %9s %8s %8s   %s\n" clip N method seconds "pict/s" "/s/core" PSNR SSIM "kiln vs best"
awk -F'|' -v cores="$CORES" '
  { key = $1 "|" $2; rows[NR] = $0; if ($3 ~ /^minterpolate/ && (!(key in best) || $6 > bp[key])) { best[key] = $4; bp[key] = $6; bs[key] = $7 } }
  END {
    for (i = 1; i <= NR; i++) {
      split(rows[i], f, "|"); key = f[1] "|" f[2]; rate = f[5] / f[4]
      note = ""
      if (f[3] ~ /^kiln/) note = sprintf("%.1f× faster, %+.2f dB, %+.4f SSIM", best[key] / f[4], f[6] - bp[key], f[7] - bs[key])
      printf "%-18s %3s %-32s %8.2f %8.1f %9.1f %8.2f %8.4f   %s\n", f[1], f[2] "x", f[3], f[4], rate, rate / cores, f[6], f[7], note
    }
  }' "$TABLE"
echo
echo "kiln's stage times (ms of work, from the job's stored timings; stages overlap):"
printf "%-22s %8s %8s %10s %8s %6s %8s\n" "clip" decode motion synthesis encode mux total
awk -F'|' '{ printf "%-22s %8s %8s %10s %8s %6s %8s\n", $1, $2, $3, $4, $5, $6, $7 }' "$STAGES"
