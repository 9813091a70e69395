#!/usr/bin/env bash
# HTTP load on a release kilnd: wrk (Debian) against both APIs, each as a
# ratio to a bare axum "hello" server measured in the same run.
# Loopback only; bounded in time.
# Usage: KILND=target/release/kilnd HELLO=target/release/examples/hello bench/load.sh [seconds]
set -euo pipefail
KILND=${KILND:-target/release/kilnd}
KILN=${KILN:-target/release/kiln}
HELLO=${HELLO:-target/release/examples/hello}
SECS=${1:-10}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
DIR=$(mktemp -d)
trap 'kill $PID $HPID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DIR"' EXIT
"$HELLO" > "$DIR/hello.addr" &
HPID=$!
cat > "$DIR/kilnd.toml" <<TOML
[log]
level = "warn"
[plans.free]
max_file_mb = 50
max_files_per_job = 5
max_pipeline_steps = 5
monthly_jobs = 0
rate_per_sec = 1000000
burst = 1000000
TOML
"$KILND" serve --config "$DIR/kilnd.toml" --data "$DIR/data" --listen 127.0.0.1:0 2>"$DIR/log" &
PID=$!
for _ in $(seq 100); do [ -S "$DIR/data/control.sock" ] && [ -f "$DIR/data/http.addr" ] && break; sleep 0.1; done
API="http://$(cat "$DIR/data/http.addr")"
KEY=$("$KILN" --socket "$DIR/data/control.sock" account create loadtest)
for _ in $(seq 50); do [ -s "$DIR/hello.addr" ] && break; sleep 0.1; done
HELLO_URL="http://$(head -1 "$DIR/hello.addr")/"
# A job to fetch, and a chat prompt to create jobs with (no worker needed).
JOB_ID=$(curl -sf -X POST "$API/api/v1/jobs" -H "Authorization: Bearer $KEY" \
  -H "Content-Type: application/json" -d '{"prompt":"what can you do?"}' | jq -r .id)
# A render source: a one-second clip, uploaded through a presigned URL, and
# paid xeconds enough for every render the run can start (one worker slot
# renders them in the background while the requests are measured).
command -v ffmpeg >/dev/null || { echo "ffmpeg is not installed (apt-get install ffmpeg)"; exit 1; }
ffmpeg -v error -f lavfi -i testsrc2=size=160x120:rate=24:duration=1 -pix_fmt yuv420p -c:v libx264 "$DIR/clip.mp4"
"$KILN" --socket "$DIR/data/control.sock" workers set 1 >/dev/null
"$KILN" --socket "$DIR/data/control.sock" credits grant loadtest 1000000000 --paid >/dev/null
PRESIGN=$(curl -sf -X POST "$API/upload/presign" -H "Authorization: Bearer $KEY" \
  -H "Content-Type: application/json" -d '{"filename":"clip.mp4","content_type":"video/mp4"}')
curl -sf -X PUT "$(echo "$PRESIGN" | jq -r .upload_url)" -H "Content-Type: video/mp4" \
  --data-binary @"$DIR/clip.mp4" >/dev/null
R2_KEY=$(echo "$PRESIGN" | jq -r .key)
RENDER_ID=$(curl -sf -X POST "$API/jobs" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" \
  -d "{\"r2_key\":\"$R2_KEY\",\"target_fps\":48}" | jq -r .job_id)
cat > "$DIR/render.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"r2_key": "$R2_KEY", "target_fps": 48}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
LUA
cat > "$DIR/job.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"prompt": "what can you do?"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $KEY"
LUA
cat > "$DIR/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"duration_sec": 12.5, "source_fps": 30, "target_fps_options": [60, 120, 240]}'
wrk.headers["Content-Type"] = "application/json"
LUA
BASE=""
printf '%-34s %12s %8s %10s %10s %8s\n' "endpoint" "requests/s" "vs hello" "p50" "p99" "non-2xx"
run() {
  local name=$1; shift
  local out
  out=$(wrk -t2 -c32 -d"${SECS}s" --latency "$@" 2>&1)
  local rps p50 p99 errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  [ -z "$BASE" ] && BASE=$rps
  printf '%-34s %12s %8s %10s %10s %8s\n' "$name" "$rps" "$(awk -v a="$rps" -v b="$BASE" 'BEGIN{printf "%.2f", a/b}')" "$p50" "$p99" "${errs:-0}"
}
run "bare axum hello" "$HELLO_URL"
run "GET /healthz" "$API/healthz"
run "GET /me (key check)" -H "Authorization: Bearer $KEY" "$API/me"
run "POST /pricing/estimate (JSON)" -s "$DIR/post.lua" "$API/pricing/estimate"
run "GET /api/v1/usage (key+limiter)" -H "Authorization: Bearer $KEY" "$API/api/v1/usage"
run "GET /api/v1/jobs/:id" -H "Authorization: Bearer $KEY" "$API/api/v1/jobs/$JOB_ID"
run "POST /api/v1/jobs (chat, durable)" -s "$DIR/job.lua" "$API/api/v1/jobs"
run "GET /jobs/:id (render)" -H "Authorization: Bearer $KEY" "$API/jobs/$RENDER_ID"
run "POST /jobs (render: debit+queue)" -s "$DIR/render.lua" "$API/jobs"
