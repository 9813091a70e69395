#!/usr/bin/env bash
# Media-operations benchmark (`make bench`): our still-image operations run
# by `kilnd-stills run` (the program of the still-picture worker, which
# links no FFmpeg), and the MOV->MP4 transcode run in-process through the
# job library by kiln-media-bench, against the reference CLI tools (libvips'
# `vips` and `vipsthumbnail`, ImageMagick's `convert`, the `ffmpeg` CLI) on
# the same inputs, as time ratios and peak memory measured in one run.
#
# Inputs are generated here (cached in the work directory, never committed):
#   photo.jpg  4000x3000 JPEG, quality 90, 4:2:0, a noisy plasma picture
#              (ImageMagick), about the size of a phone photo;
#   big.png    6000x4000 (24 MP) 8-bit RGB PNG of the same kind;
#   clip.mov   H.264 (High, 8 Mb/s, 30 fps, 1280x720, slight grain) + AAC
#              stereo in QuickTime, like a phone recording (ffmpeg
#              testsrc2 and a sine tone).
# Each tool runs once to warm up, then BENCH_RUNS times; its time is the
# median wall time of those runs, process start to exit (ours included:
# probing, decoding, encoding, writing). "vs ours" is tool time / our time,
# so above 1 means we are faster. "peak MiB" is the largest resident set of
# the run (/usr/bin/time's maximum RSS: shared libraries count); "idle MiB"
# is the same command's on a 16x16 picture, what loading the program costs;
# "work MiB" is their difference, the memory the task itself takes.
# JPEGs are written at quality 90 (our default; ffmpeg: -q:v 2, its usual high
# setting); WebPs at libwebp's usual quality 75 (vips' default and ours);
# PNGs at each tool's default compression. The image resizes are Lanczos 3;
# vipsthumbnail and ours shrink on load (JPEG: reduced DCT decoding; PNG: a
# box shrink as rows are read). "PSNR vs vips" compares our output with
# libvips' for the same task, on the libvips row ("inf": identical).
# The ffmpeg transcode is the exact command our operation prints (same
# encoder, preset, CRF, audio bitrate). The output column shows what each
# tool wrote (ffprobe), so unequal work is visible.
#
#   BENCH_DIR          work and cache directory (default /tmp/kiln-bench)
#   KILN_MEDIA_BENCH   the kiln-media-bench binary
#                      (default target/release/kiln-media-bench)
#   KILN_STILLS        the kilnd-stills binary
#                      (default target/release/kilnd-stills)
#   BENCH_RUNS         timed runs per tool (default 3)
#   BENCH_WIDTH        resize target width (default 800)
#   BENCH_MOV_SECS     length of the generated clip (default 10)
#   CONVERT            ImageMagick command (default `magick` when present,
#                      else `convert`)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}/media"
BIN="${KILN_MEDIA_BENCH:-$ROOT/target/release/kiln-media-bench}"
STILLS="${KILN_STILLS:-$ROOT/target/release/kilnd-stills}"
RUNS="${BENCH_RUNS:-3}"
WIDTH="${BENCH_WIDTH:-800}"
MOV_SECS="${BENCH_MOV_SECS:-10}"
[ -x "$BIN" ] || { echo "missing $BIN (cargo build --release -p kilnd --bin kiln-media-bench)"; exit 1; }
[ -x "$STILLS" ] || { echo "missing $STILLS (cargo build --release -p kilnd --bin kilnd-stills)"; exit 1; }
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
BIG=big.png
if [ ! -s "$BIG" ]; then
  echo "generating $DIR/$BIG (6000x4000 PNG)..."
  "$CONVERT" -seed 11 -size 6000x4000 plasma:fractal -blur 0x2 -attenuate 0.2 +noise Gaussian \
    -depth 8 "$BIG.tmp.png"
  mv "$BIG.tmp.png" "$BIG"
fi
# What starting each program costs, measured on pictures of 16x16.
[ -s tiny.jpg ] || "$CONVERT" -size 16x16 plasma: -quality 90 tiny.jpg
[ -s tiny.png ] || "$CONVERT" -size 16x16 plasma: -depth 8 tiny.png
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

# The tools, each as TASK|INPUT|TOOL|OUTPUT|COMMAND: a shell command run in
# $DIR on the input $IN (empty: the tool does not do that task).
Q_BIN=$(printf %q "$BIN")
Q_DIR=$(printf %q "$DIR")
PHOTO_W=$(ffprobe -v error -select_streams v:0 -show_entries stream=width -of csv=p=0 "$PHOTO")
SCALE=$(awk -v w="$WIDTH" -v iw="$PHOTO_W" 'BEGIN{print w/iw}')
BIG_W=$(ffprobe -v error -select_streams v:0 -show_entries stream=width -of csv=p=0 "$BIG")
BIG_SCALE=$(awk -v w="$WIDTH" -v iw="$BIG_W" 'BEGIN{print w/iw}')
# The ffmpeg command our transcode prints (already shell-quoted), run as
# printed, only made quiet and overwriting.
FF_TRANSCODE=$("$BIN" command transcode "$MOV" clip_ffmpeg.mp4)
FF_TRANSCODE="ffmpeg -nostdin -loglevel error -y ${FF_TRANSCODE#ffmpeg }"
# Our picture rows run in the still-picture worker's program, as a job on
# pictures does in kilnd: the step as the job's plan holds it (JSON).
# still TASK OUT [ARGS]: the command for TASK (as kiln-media-bench names it).
still() {
  local step
  step=$("$BIN" step "$1" "${@:3}") || exit 1
  printf '%q run %q $IN %q' "$STILLS" "$step" "$2"
}
J="JPEG 12 MP"
P="PNG 24 MP"
TASKS=(
  "$J grayscale|$PHOTO|kiln (ours)|gray_kiln.jpg|$(still gray gray_kiln.jpg)"
  "$J grayscale|$PHOTO|vips|gray_vips.jpg|vips colourspace \$IN 'gray_vips.jpg[Q=90]' b-w"
  "$J grayscale|$PHOTO|convert|gray_convert.jpg|$CONVERT \$IN -colorspace Gray -quality 90 gray_convert.jpg"
  "$J grayscale|$PHOTO|ffmpeg|gray_ffmpeg.jpg|ffmpeg -nostdin -loglevel error -y -i \$IN -vf format=gray -q:v 2 gray_ffmpeg.jpg"
  "$J resize ${WIDTH} px|$PHOTO|kiln (ours)|resize_kiln.jpg|$(still resize resize_kiln.jpg $WIDTH)"
  "$J resize ${WIDTH} px|$PHOTO|vips resize|resize_vips.jpg|vips resize \$IN 'resize_vips.jpg[Q=90]' $SCALE"
  "$J resize ${WIDTH} px|$PHOTO|vipsthumbnail|resize_vipsthumb.jpg|vipsthumbnail \$IN -s ${WIDTH}x -o $Q_DIR/'resize_vipsthumb.jpg[Q=90]'"
  "$J resize ${WIDTH} px|$PHOTO|convert|resize_convert.jpg|$CONVERT \$IN -resize ${WIDTH}x -quality 90 -sampling-factor 1x1 resize_convert.jpg"
  "$J resize ${WIDTH} px|$PHOTO|ffmpeg|resize_ffmpeg.jpg|ffmpeg -nostdin -loglevel error -y -i \$IN -vf scale=${WIDTH}:-2:flags=lanczos,format=yuvj444p -q:v 2 resize_ffmpeg.jpg"
  "$J thumbnail 200|$PHOTO|kiln (ours)|thumb_kiln.jpg|$(still thumb thumb_kiln.jpg 200)"
  "$J thumbnail 200|$PHOTO|vipsthumbnail|thumb_vips.jpg|vipsthumbnail \$IN -s 200 -o $Q_DIR/'thumb_vips.jpg[Q=90]'"
  "$J rotate 90|$PHOTO|kiln (ours)|rot_kiln.jpg|$(still rotate rot_kiln.jpg 90)"
  "$J rotate 90|$PHOTO|vips|rot_vips.jpg|vips rot \$IN 'rot_vips.jpg[Q=90]' d90"
  "$J crop|$PHOTO|kiln (ours)|crop_kiln.jpg|$(still crop crop_kiln.jpg 1000 750 2000 1500)"
  "$J crop|$PHOTO|vips|crop_vips.jpg|vips crop \$IN 'crop_vips.jpg[Q=90]' 1000 750 2000 1500"
  "$J -> PNG|$PHOTO|kiln (ours)|topng_kiln.png|$(still convert topng_kiln.png png)"
  "$J -> PNG|$PHOTO|vips|topng_vips.png|vips copy \$IN topng_vips.png"
  "$P grayscale|$BIG|kiln (ours)|pgray_kiln.png|$(still gray pgray_kiln.png)"
  "$P grayscale|$BIG|vips|pgray_vips.png|vips colourspace \$IN pgray_vips.png b-w"
  "$P resize ${WIDTH} px|$BIG|kiln (ours)|presize_kiln.png|$(still resize presize_kiln.png $WIDTH)"
  "$P resize ${WIDTH} px|$BIG|vips resize|presize_vips.png|vips resize \$IN presize_vips.png $BIG_SCALE"
  "$P resize ${WIDTH} px|$BIG|vipsthumbnail|presize_vipsthumb.png|vipsthumbnail \$IN -s ${WIDTH}x -o $Q_DIR/presize_vipsthumb.png"
  "$P thumbnail 200|$BIG|kiln (ours)|pthumb_kiln.png|$(still thumb pthumb_kiln.png 200)"
  "$P thumbnail 200|$BIG|vipsthumbnail|pthumb_vips.png|vipsthumbnail \$IN -s 200 -o $Q_DIR/pthumb_vips.png"
  "$P rotate 90|$BIG|kiln (ours)|prot_kiln.png|$(still rotate prot_kiln.png 90)"
  "$P rotate 90|$BIG|vips|prot_vips.png|vips rot \$IN prot_vips.png d90"
  "$P crop|$BIG|kiln (ours)|pcrop_kiln.png|$(still crop pcrop_kiln.png 1000 750 4000 3000)"
  "$P crop|$BIG|vips|pcrop_vips.png|vips crop \$IN pcrop_vips.png 1000 750 4000 3000"
  "$P -> WebP|$BIG|kiln (ours)|pwebp_kiln.webp|$(still convert pwebp_kiln.webp webp 75)"
  "$P -> WebP|$BIG|vips|pwebp_vips.webp|vips copy \$IN pwebp_vips.webp"
  "MOV->MP4|$MOV|kiln (ours)|clip_kiln.mp4|$Q_BIN transcode \$IN clip_kiln.mp4"
  "MOV->MP4|$MOV|ffmpeg|clip_ffmpeg.mp4|$FF_TRANSCODE"
)

# PSNR of two pictures (ImageMagick), "inf" when identical.
psnr() {
  local cmp=compare
  [ "$CONVERT" = magick ] && cmp="magick compare"
  $cmp -metric PSNR "$1" "$2" null: 2>&1 | awk '{print $1}' || true
}
# The idle command: the task's command on a 16x16 picture of the same
# format (what starting the program costs); the transcode has none.
idle_rss() {
  local cmd=$1 in=$2 tiny
  case $in in *.jpg) tiny=tiny.jpg ;; *.png) tiny=tiny.png ;; *) echo -; return ;; esac
  /usr/bin/time -f %M -o idle.rss bash -c "${cmd//\$IN/$tiny}" > /dev/null 2>&1 || true
  # The last line: a command that refuses a 16x16 picture still started.
  tail -n 1 idle.rss | awk '{printf "%.0f", $1/1024}'
}

TABLE="$DIR/table.txt"
row() { printf '%-24s %-14s %8s %7s %6s %6s %6s %9s %8s  %s\n' "$@"; }
row task tool seconds "vs ours" "peak" "idle" "work" "out KiB" "PSNR" output > "$TABLE"
row "" "" "" "" "MiB" "MiB" "MiB" "" "vs ours" "" >> "$TABLE"
OURS=""
OURS_OUT=""
declare -A VIPS_OUT
for t in "${TASKS[@]}"; do
  IFS='|' read -r task _ tool out _ <<<"$t"
  case $tool in vips*) VIPS_OUT[$task]=${VIPS_OUT[$task]:-$out} ;; esac
done
for t in "${TASKS[@]}"; do
  IFS='|' read -r task IN tool out template <<<"$t"
  cmd=${template//\$IN/$IN}
  echo "$task / $tool: $cmd"
  times=()
  peak=0
  for i in $(seq 0 "$RUNS"); do
    rm -f "$out"
    t0=$EPOCHREALTIME
    /usr/bin/time -f %M -o run.rss bash -c "$cmd" > /dev/null
    t1=$EPOCHREALTIME
    [ -s "$out" ] || { echo "$tool wrote no $out"; exit 1; }
    # Run 0 is the warm-up.
    if [ "$i" -gt 0 ]; then
      times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')")
      peak=$(awk -v p="$peak" '{print ($1 > p) ? $1 : p}' run.rss)
    fi
  done
  med=$(printf '%s\n' "${times[@]}" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}')
  peak_mib=$(awk -v k="$peak" 'BEGIN{printf "%.0f", k/1024}')
  out_kib=$(( $(stat -c %s "$out") / 1024 ))
  out_props=$(props "$out")
  if [ "$tool" = "kiln (ours)" ]; then
    OURS=$med
    OURS_OUT=""
    if [ -n "${VIPS_OUT[$task]:-}" ]; then
      OURS_OUT=ours_${out}
      cp "$out" "$OURS_OUT"
    fi
  fi
  quality=-
  if [ "$tool" = vips ] || [ "$tool" = vipsthumbnail ]; then
    if [ -n "$OURS_OUT" ] && [ "$out" = "${VIPS_OUT[$task]:-}" ]; then
      quality=$(psnr "$OURS_OUT" "$out")
    fi
  fi
  # Last: it writes a 16x16 picture over the output.
  idle_mib=$(idle_rss "$template" "$IN")
  work_mib=$(awk -v p="$peak_mib" -v i="$idle_mib" 'BEGIN{ if (i == "-") print "-"; else print p - i }')
  echo "   runs: ${times[*]} s, median $med s, peak $peak_mib MiB (idle $idle_mib MiB)"
  ratio=$(awk -v a="$med" -v b="$OURS" 'BEGIN{printf "%.2f", a/b}')
  row "$task" "$tool" "$med" "$ratio" "$peak_mib" "$idle_mib" "$work_mib" \
    "$out_kib" "$quality" "$out_props" >> "$TABLE"
done

echo
echo "inputs: $PHOTO $(props "$PHOTO"), $(( $(stat -c %s "$PHOTO") / 1024 )) KiB;" \
  "$BIG $(props "$BIG"), $(( $(stat -c %s "$BIG") / 1024 )) KiB;" \
  "$MOV $(props "$MOV"), $(( $(stat -c %s "$MOV") / 1024 )) KiB"
echo "median of $RUNS runs after a warm-up, wall time; vs ours = tool time / our time (>1: we are faster);"
echo "peak = largest RSS of those runs, idle = the same command on a 16x16 picture, work = peak - idle"
echo "our operations as the commands they print:"
echo "  $("$BIN" command gray "$PHOTO" gray.jpg)"
echo "  $("$BIN" command resize "$PHOTO" resize.jpg "$WIDTH")"
echo "  $("$BIN" command transcode "$MOV" clip.mp4)"
cat "$TABLE"
