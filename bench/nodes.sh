#!/usr/bin/env bash
# Worker nodes and bucket storage (`make bench`), as a check of the
# machinery on one box, not a speed-up: the daemon and its nodes share the
# same cores.
#
#   1. Throughput: N small renders (4 s of 320x240 at 15 fps, brought to
#      60 fps), uploaded first and then started at once, on a daemon with
#      its one local slot, then with 1 and with 2 joined `kilnd worker
#      --join` nodes (one job each at a time, each with its own directory);
#      wall time from the first POST /jobs to the last "done", and where the
#      jobs ran.
#   2. Storage overhead: M of the same renders one after another, each
#      timed from the presign to the downloaded output, with local blobs and
#      with blobs in an S3 bucket (s3s-fs on loopback, `make s3-server`):
#      the mean per job and the difference.
#
#   BENCH_DIR   work directory (default /tmp/kiln-bench)
#   KILND, KILN binaries (default target/release/...)
#   S3S_FS      the s3s-fs binary (default target/tools/bin/s3s-fs)
#   NODES_JOBS  N (default 16); STORAGE_JOBS  M (default 8)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}"
KILND=${KILND:-$ROOT/target/release/kilnd}
KILN=${KILN:-$ROOT/target/release/kiln}
S3S_FS=${S3S_FS:-$ROOT/target/tools/bin/s3s-fs}
N=${NODES_JOBS:-16}
FPS=60
M=${STORAGE_JOBS:-8}
for b in "$KILND" "$KILN" "$S3S_FS"; do [ -x "$b" ] || { echo "missing $b (make release s3-server)"; exit 1; }; done
for t in ffmpeg jq curl; do command -v $t >/dev/null || { echo "$t not found"; exit 1; }; done
mkdir -p "$DIR"

WORK=$(mktemp -d "$DIR/nodes.XXXXXX")
PIDS=()
S3_PID=""
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}
trap 'stop_all; [ -n "$S3_PID" ] && kill "$S3_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }

ffmpeg -v error -y -f lavfi -i testsrc2=s=320x240:r=15:d=4 -c:v libx264 -pix_fmt yuv420p "$WORK/clip.mp4"

# start NAME [TOML]: a daemon with one local slot in $WORK/NAME; sets API, KEY, SOCK.
start() {
  local name=$1 extra=${2:-}
  mkdir -p "$WORK/$name"
  printf '[log]\nlevel = "warn"\n[workers]\nmax = 1\n%s\n' "$extra" > "$WORK/$name/kilnd.toml"
  "$KILND" serve --config "$WORK/$name/kilnd.toml" --data "$WORK/$name/data" --listen 127.0.0.1:0 \
    2>"$WORK/$name/log" &
  PIDS+=($!)
  SOCK="$WORK/$name/data/control.sock"
  for _ in $(seq 200); do [ -S "$SOCK" ] && [ -f "$WORK/$name/data/http.addr" ] && break; sleep 0.1; done
  [ -f "$WORK/$name/data/http.addr" ] || { echo "kilnd did not start:"; cat "$WORK/$name/log"; exit 1; }
  API="http://$(cat "$WORK/$name/data/http.addr")"
  KEY=$(kiln account create bench --xeconds 0 2>/dev/null | tail -n 1 | tr -d "[:space:]")
  kiln credits grant bench 100000000 --paid >/dev/null
}
kiln() { "$KILN" --socket "$SOCK" "$@"; }

# join NAME COUNT: COUNT nodes of one job each, each in its own directory.
join() {
  local name=$1 count=$2 i token
  for i in $(seq "$count"); do
    token=$(kiln node token create --name "n$i" 2>/dev/null | tr -d "[:space:]")
    mkdir -p "$WORK/$name/node$i"
    "$KILND" worker --join "$API" --token "$token" --max-jobs 1 --address "node$i" \
      --work-dir "$WORK/$name/node$i" >/dev/null 2>"$WORK/$name/node$i.log" &
    PIDS+=($!)
  done
  for _ in $(seq 300); do
    [ "$(kiln --json node list | jq '[.[] | select(.live)] | length')" = "$count" ] && return
    sleep 0.1
  done
  echo "the nodes did not join"; exit 1
}

# uploaded: presign and upload the clip; prints the presign answer.
uploaded() {
  local presign
  presign=$(curl -sf -X POST "$API/upload/presign" -H "Authorization: Bearer $KEY" \
    -H "Content-Type: application/json" -d '{"filename":"clip.mp4","content_type":"video/mp4"}')
  curl -sf -X PUT "$(jq -r .upload_url <<<"$presign")" -H "Content-Type: video/mp4" \
    --data-binary @"$WORK/clip.mp4" >/dev/null
  echo "$presign"
}

# start PRESIGN: start a render of an uploaded clip; prints its job id.
start_render() {
  curl -sf -X POST "$API/jobs" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
    -d "$(jq -c --argjson fps "$FPS" '{r2_key: .key, project_id: .project_id, target_fps: $fps}' <<<"$1")" |
    jq -r .job_id
}

# submit: upload and start one render; prints its job id.
submit() { start_render "$(uploaded)"; }

# wait_done ID: polls until the render is done (exits on a failure).
wait_done() {
  local job status
  for _ in $(seq 30000); do
    job=$(curl -sf "$API/jobs/$1" -H "Authorization: Bearer $KEY")
    status=$(jq -r .live_status <<<"$job")
    [ "$status" = done ] && { DONE_JOB=$job; return; }
    [ "$status" = failed ] && { echo "render failed: $job"; exit 1; }
    sleep 0.02
  done
  echo "render timed out: $job"; exit 1
}

TABLE="$DIR/nodes-table.txt"
{
  echo "Throughput: $N renders (4 s, 320x240, 15 -> $FPS fps), uploaded first, then started at once;"
  echo "wall time from the first POST /jobs to the last done; $(nproc) cores shared by all"
  printf '%-28s %8s %9s  %s\n' "pool" "wall s" "jobs/min" "ran on"
} > "$TABLE"
for nodes in 0 1 2; do
  start "pool$nodes"
  [ "$nodes" -gt 0 ] && join "pool$nodes" "$nodes"
  # Warm the local slot's worker, as a running service's is.
  wait_done "$(submit)"
  uploads=()
  for _ in $(seq "$N"); do uploads+=("$(uploaded)"); done
  t0=$(now)
  ids=()
  for u in "${uploads[@]}"; do ids+=("$(start_render "$u")"); done
  for id in "${ids[@]}"; do wait_done "$id"; done
  wall=$(since "$t0")
  places=$(kiln --json jobs --limit 1000 | jq -r --argjson ids "$(printf '%s\n' "${ids[@]}" | jq -R . | jq -s .)" \
    '[.[] | select(.id as $i | $ids | index($i)) | (.node // "local")] | group_by(.) | map("\(.[0]) \(length)") | join(", ")')
  printf '%-28s %8s %9s  %s\n' "local slot + $nodes node(s)" "$wall" \
    "$(awk -v n="$N" -v w="$wall" 'BEGIN{printf "%.1f", n*60/w}')" "$places" >> "$TABLE"
  stop_all
done

# The S3 server for the bucket run.
S3_ROOT="$WORK/s3"
mkdir -p "$S3_ROOT/media"
S3_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export AWS_ACCESS_KEY_ID=kilnbenchaccess AWS_SECRET_ACCESS_KEY=kilnbenchsecret0123456789
storage_bench() {
  local name=$1 extra=${2:-} total=0 t0 id secs
  start "$name" "$extra"
  wait_done "$(submit)"
  for _ in $(seq "$M"); do
    t0=$(now)
    id=$(submit)
    wait_done "$id"
    curl -sf "$(jq -r .output_url <<<"$DONE_JOB")" -o "$WORK/out.mp4"
    secs=$(since "$t0")
    total=$(awk -v a="$total" -v b="$secs" 'BEGIN{print a+b}')
  done
  stop_all
  awk -v t="$total" -v m="$M" 'BEGIN{printf "%.3f", t/m}'
}
local_mean=$(storage_bench local)
"$S3S_FS" --host 127.0.0.1 --port "$S3_PORT" --access-key "$AWS_ACCESS_KEY_ID" \
  --secret-key "$AWS_SECRET_ACCESS_KEY" "$S3_ROOT" >/dev/null 2>"$WORK/s3s-fs.log" &
S3_PID=$!
for _ in $(seq 100); do curl -s "http://127.0.0.1:$S3_PORT" >/dev/null && break; sleep 0.1; done
s3_mean=$(storage_bench s3 "$(printf '[storage]\nbackend = "s3"\nendpoint = "http://127.0.0.1:%s"\nregion = "us-east-1"\nbucket = "media"\npath_style = true\nprefix = "kiln/"' "$S3_PORT")")
kill "$S3_PID" 2>/dev/null || true
{
  echo
  echo "Storage: $M renders one after another, presign to downloaded output (s3s-fs on loopback)"
  printf '%-12s %10s\n' "blobs" "s per job"
  printf '%-12s %10s\n' "local" "$local_mean"
  printf '%-12s %10s\n' "s3" "$s3_mean"
  printf '%-12s %10s\n' "overhead" "$(awk -v a="$s3_mean" -v b="$local_mean" 'BEGIN{printf "%+.3f", a-b}')"
} >> "$TABLE"
cat "$TABLE"
