#!/usr/bin/env bash
# The render API's canonical workflow, as published for external users:
# presign, upload, estimate, start a render, poll until it finishes.
# Usage: API=http://127.0.0.1:8080 KEY=kiln_live_... FILE=clip.mp4 FPS=60 render_workflow.sh
set -euo pipefail
: "${API:?}" "${KEY:?}" "${FILE:?}"
FPS=${FPS:-60}
# 1. Create an upload URL.
PRESIGN=$(curl -sf -X POST "$API/upload/presign" \
  -H "Authorization: Bearer $KEY" \
  -H "Content-Type: application/json" \
  -d "{\"filename\":\"$(basename "$FILE")\",\"content_type\":\"video/mp4\"}")
UPLOAD_URL=$(echo "$PRESIGN" | jq -r .upload_url)
UPLOAD_KEY=$(echo "$PRESIGN" | jq -r .key)
PROJECT_ID=$(echo "$PRESIGN" | jq -r .project_id)
# 2. Upload directly to storage.
curl -sf -X PUT "$UPLOAD_URL" \
  -H "Content-Type: video/mp4" \
  --data-binary @"$FILE" >/dev/null
# 3. Estimate cost from the uploaded video.
curl -sf -X POST "$API/pricing/estimate-video" \
  -H "Authorization: Bearer $KEY" \
  -H "Content-Type: application/json" \
  -d "{\"r2_key\":\"$UPLOAD_KEY\",\"target_fps_options\":[60,120,240]}" >&2
echo >&2
# 4. Start the render.
JOB=$(curl -sf -X POST "$API/jobs" \
  -H "Authorization: Bearer $KEY" \
  -H "Content-Type: application/json" \
  -d "{\"r2_key\":\"$UPLOAD_KEY\",\"project_id\":\"$PROJECT_ID\",\"target_fps\":$FPS}")
JOB_ID=$(echo "$JOB" | jq -r .job_id)
# 5. Poll until done.
while true; do
  RESULT=$(curl -sf "$API/jobs/$JOB_ID" \
    -H "Authorization: Bearer $KEY")
  STATUS=$(echo "$RESULT" | jq -r .live_status)
  echo "status=$STATUS" >&2
  if [ "$STATUS" = "done" ] || [ "$STATUS" = "failed" ]; then
    echo "$RESULT"
    break
  fi
  sleep 0.5
done
