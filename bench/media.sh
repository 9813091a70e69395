#!/usr/bin/env bash
# Media-operations benchmark (`make bench`): our grayscale, resize and
# MOV→MP4 transcode, run in-process through the job library by
# kiln-media-bench, against the reference CLI tools (libvips' `vips` and
# `vipsthumbnail`, ImageMagick's `convert`, the `ffmpeg` CLI) on the same
# inputs, as time ratios measured in one run.
#
# Inputs are generated here (cached in the work directory, never committed):
#   photo.jpg  4000x3000 JPEG, quality 90, 4:2:0, a noisy plasma picture
#              (ImageMagick), about the size of a phone photo;
#   clip.mov   H.264 (High, 8 Mb/s, 30 fps, 1280x720, slight grain) + AAC
#              stereo in QuickTime, like a phone recording (ffmpeg
#              testsrc2 and a sine tone).
# Each tool runs once to warm up, then BENCH_RUNS times; its time is the
# median wall time of those runs, process start to exit (ours included:
# probing, decoding, encoding, writing). "vs ours" is tool time / our time,
# so above 1 means we are faster. JPEGs are written at quality 90 (our
# default; ffmpeg: -q:v 2, its usual high setting) and colour ones without
# chroma subsampling, as ours and libvips write them at that quality
# (ImageMagick and ffmpeg would keep the input's 4:2:0); the image resizes are
# Lanczos 3 except vipsthumbnail's shrink-on-load (reduced JPEG decoding
# first, the way it is used); the ffmpeg transcode is the exact command our
# operation prints (same encoder, preset, CRF, audio bitrate). The output
# column shows what each tool wrote (ffprobe), so unequal work is visible.
#
#   BENCH_DIR          work and cache directory (default /tmp/kiln-bench)
#   KILN_MEDIA_BENCH   the kiln-media-bench binary
#                      (default target/release/kiln-media-bench)
#   BENCH_RUNS         timed runs per tool (default 3)
#   BENCH_WIDTH        resize target width (default 800)
#   BENCH_MOV_SECS     length of the generated clip (default 10)
#   CONVERT            ImageMagick command (default `magick` when present,
#                      else `convert`)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}/media"
BIN="${KILN_MEDIA_BENCH:-$ROOT/target/release/kiln-media-bench}"
RUNS="${BENCH_RUNS:-3}"
WIDTH="${BENCH_WIDTH:-800}"
MOV_SECS="${BENCH_MOV_SECS:-10}"
[ -x "$BIN" ] || { echo "missing $BIN (cargo build --release -p kilnd --bin kiln-media-bench)"; exit 1; }
if [ -z "${CONVERT:-}" ]; then
  if command -v magick >/dev/null; then CONVERT=magick; else CONVERT=convert; fi
fi

missing=""
need() { command -v "$1" >/dev/null || missing="$missing $2"; }
need ffmpeg ffmpeg
need ffprobe ffmpeg
need vips libvips-tools
need vipsthumbnail libvips-tools
need "$CONVERT" imagemagick
if [ -n "$missing" ]; then
  missing=$(tr ' ' '\n' <<<"$missing" | sort -u | xargs)
  echo "missing tools; install their Debian packages: apt-get install -y $missing"
  exit 1
fi

mkdir -p "$DIR"
cd "$DIR"
PHOTO=photo.jpg
MOV=clip.mov
if [ ! -s "$PHOTO" ]; then
  echo "generating $DIR/$PHOTO (4000x3000 JPEG)..."
  "$CONVERT" -seed 7 -size 4000x3000 plasma:fractal -blur 0x2 -attenuate 0.4 +noise Gaussian \
    -sampling-factor 2x2 -quality 90 "$PHOTO.tmp.jpg"
  mv "$PHOTO.tmp.jpg" "$PHOTO"
fi
if [ ! -s "$MOV" ] || [ "$(cat "$MOV.secs" 2>/dev/null)" != "$MOV_SECS" ]; then
  echo "generating $DIR/$MOV (${MOV_SECS} s 1280x720 30 fps H.264 + AAC)..."
  ffmpeg -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=$MOV_SECS" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$MOV_SECS" \
    -vf noise=alls=8:allf=t -c:v libx264 -preset fast -profile:v high -pix_fmt yuv420p \
    -b:v 8M -maxrate 10M -bufsize 16M -g 30 -c:a aac -b:a 128k -ac 2 \
    -movflags +faststart -shortest "$MOV.tmp.mov"
  mv "$MOV.tmp.mov" "$MOV"
  echo "$MOV_SECS" > "$MOV.secs"
fi

# What a file holds, as ffprobe reads it.
props() {
  local f=$1 v a d
  v=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height,pix_fmt \
    -of csv=p=0 "$f" | awk -F, '{print $1" "$2"x"$3" "$4}')
  a=$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 "$f")
  if [ -n "$a" ]; then
    d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$f")
    printf '%s + %s, %.1f s' "$v" "$a" "$d"
  else
    printf '%s' "$v"
  fi
}

# The tools, each as TASK|TOOL|OUTPUT|COMMAND: a shell command run in $DIR
# on the input $IN (empty: the tool does not do that task).
Q_BIN=$(printf %q "$BIN")
Q_DIR=$(printf %q "$DIR")
PHOTO_W=$(ffprobe -v error -select_streams v:0 -show_entries stream=width -of csv=p=0 "$PHOTO")
SCALE=$(awk -v w="$WIDTH" -v iw="$PHOTO_W" 'BEGIN{print w/iw}')
# The ffmpeg command our transcode prints (already shell-quoted), run as
# printed, only made quiet and overwriting.
FF_TRANSCODE=$("$BIN" command transcode "$MOV" clip_ffmpeg.mp4)
FF_TRANSCODE="ffmpeg -nostdin -loglevel error -y ${FF_TRANSCODE#ffmpeg }"
TASKS=(
  "grayscale|kiln (ours)|gray_kiln.jpg|$Q_BIN gray \$IN gray_kiln.jpg"
  "grayscale|vips|gray_vips.jpg|vips colourspace \$IN 'gray_vips.jpg[Q=90]' b-w"
  "grayscale|convert|gray_convert.jpg|$CONVERT \$IN -colorspace Gray -quality 90 gray_convert.jpg"
  "grayscale|ffmpeg|gray_ffmpeg.jpg|ffmpeg -nostdin -loglevel error -y -i \$IN -vf format=gray -q:v 2 gray_ffmpeg.jpg"
  "resize ${WIDTH} px|kiln (ours)|resize_kiln.jpg|$Q_BIN resize \$IN resize_kiln.jpg $WIDTH"
  "resize ${WIDTH} px|vips resize|resize_vips.jpg|vips resize \$IN 'resize_vips.jpg[Q=90]' $SCALE"
  "resize ${WIDTH} px|vipsthumbnail|resize_vipsthumb.jpg|vipsthumbnail \$IN -s ${WIDTH}x -o $Q_DIR/'resize_vipsthumb.jpg[Q=90]'"
  "resize ${WIDTH} px|convert|resize_convert.jpg|$CONVERT \$IN -resize ${WIDTH}x -quality 90 -sampling-factor 1x1 resize_convert.jpg"
  "resize ${WIDTH} px|ffmpeg|resize_ffmpeg.jpg|ffmpeg -nostdin -loglevel error -y -i \$IN -vf scale=${WIDTH}:-2:flags=lanczos,format=yuvj444p -q:v 2 resize_ffmpeg.jpg"
  "MOV->MP4|kiln (ours)|clip_kiln.mp4|$Q_BIN transcode \$IN clip_kiln.mp4"
  "MOV->MP4|ffmpeg|clip_ffmpeg.mp4|$FF_TRANSCODE"
  "MOV->MP4|vips|-|"
  "MOV->MP4|convert|-|"
)

TABLE="$DIR/table.txt"
row() { printf '%-14s %-14s %9s %8s %9s  %s\n' "$@"; }
row task tool seconds "vs ours" "out KiB" output > "$TABLE"
OURS=""
for t in "${TASKS[@]}"; do
  IFS='|' read -r task tool out cmd <<<"$t"
  if [ -z "$cmd" ]; then
    row "$task" "$tool" n/a n/a - "not applicable" >> "$TABLE"
    continue
  fi
  case $task in MOV*) IN=$MOV ;; *) IN=$PHOTO ;; esac
  echo "$task / $tool: ${cmd//\$IN/$IN}"
  times=()
  for i in $(seq 0 "$RUNS"); do
    rm -f "$out"
    t0=$EPOCHREALTIME
    eval "$cmd" > /dev/null
    t1=$EPOCHREALTIME
    [ -s "$out" ] || { echo "$tool wrote no $out"; exit 1; }
    # Run 0 is the warm-up.
    if [ "$i" -gt 0 ]; then
      times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')")
    fi
  done
  med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}')
  echo "   runs: ${times[*]} s, median $med s"
  if [ "$tool" = "kiln (ours)" ]; then OURS=$med; fi
  ratio=$(awk -v a="$med" -v b="$OURS" 'BEGIN{printf "%.2f", a/b}')
  row "$task" "$tool" "$med" "$ratio" "$(( $(stat -c %s "$out") / 1024 ))" "$(props "$out")" >> "$TABLE"
done

echo
echo "inputs: $PHOTO $(props "$PHOTO"), $(( $(stat -c %s "$PHOTO") / 1024 )) KiB;" \
  "$MOV $(props "$MOV"), $(( $(stat -c %s "$MOV") / 1024 )) KiB"
echo "median of $RUNS runs after a warm-up, wall time; vs ours = tool time / our time (>1: we are faster)"
echo "our operations as the commands they print:"
echo "  $("$BIN" command gray "$PHOTO" gray.jpg)"
echo "  $("$BIN" command resize "$PHOTO" resize.jpg "$WIDTH")"
echo "  $("$BIN" command transcode "$MOV" clip.mp4)"
cat "$TABLE"
