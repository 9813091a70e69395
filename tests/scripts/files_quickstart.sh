#!/usr/bin/env bash
# The file-automation API's published quick start: get an upload URL,
# upload the file to it, submit the job and wait for it.
# Usage: API=http://127.0.0.1:8080 KEY=kiln_live_... FILE=photo.png PROMPT="make this black and white" files_quickstart.sh
set -euo pipefail
: "${API:?}" "${KEY:?}" "${FILE:?}"
PROMPT=${PROMPT:-make this black and white}
# 1. Get an upload URL
UPLOAD_URL=$(curl -sf -X POST "$API/api/v1/uploads" \
  -H "Authorization: Bearer $KEY" | jq -r .uploadUrl)
# 2. Upload your file to that URL
STORAGE_ID=$(curl -sf -X POST "$UPLOAD_URL" \
  -H "Content-Type: image/png" \
  --data-binary @"$FILE" | jq -r .storageId)
# 3. Submit the job (waits up to 25s for short jobs)
curl -sf -X POST "$API/api/v1/jobs?wait=true" \
  -H "Authorization: Bearer $KEY" \
  -H "Content-Type: application/json" \
  -d "$(jq -n --arg p "$PROMPT" --arg s "$STORAGE_ID" --arg f "$(basename "$FILE")" \
        '{prompt: $p, files: [{storageId: $s, filename: $f}]}')"
