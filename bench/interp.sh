#!/usr/bin/env bash
# Frame-interpolation benchmark (`make bench`).
#
# Real footage (clips.sh: animation, a moving camera, people walking),
# fetched into a cache directory (never committed). Protocol: keep every
# N-th picture (N = 2 and 4), bring the rate back up, score only the
# synthesised pictures against the dropped originals (luma PSNR and SSIM by
# kiln-bench; FFmpeg's psnr/ssim filters as a cross-check). Every method
# reads the same raw yuv420p file and writes raw yuv420p; frames/s is output
# pictures per second of wall time. Frames only: no decoding of the source,
# no encoding, no upload (bench/render.sh measures those too).
#
#   BENCH_DIR   work and cache directory (default /tmp/kiln-bench)
#   KILN_BENCH  the kiln-bench binary (default target/release/kiln-bench)
#   BENCH_CASES "clip:pictures ..." (default bigbuckbunny.mp4:80 bikes.mp4:120 vtest.avi:120)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}"
BIN="${KILN_BENCH:-$ROOT/target/release/kiln-bench}"
mkdir -p "$DIR"
[ -x "$BIN" ] || { echo "missing $BIN (cargo build --release --bins)"; exit 1; }
command -v ffmpeg >/dev/null || { echo "ffmpeg CLI not found"; exit 1; }

# shellcheck source=bench/clips.sh
source "$ROOT/bench/clips.sh"

now() { date +%s.%N; }
raw=(-f rawvideo -pix_fmt yuv420p)

TABLE="$DIR/table.txt"
: > "$TABLE"

run_clip() {
  local file=$1 frames=$2 f=$3
  local name=${file%.*} src="$CLIPS/$file" work="$DIR/${file%.*}"
  mkdir -p "$work"
  local w h rate
  read -r w h rate <<<"$(clip_info "$file")"
  ffmpeg -v error -y -i "$src" -frames:v "$frames" -an "${raw[@]}" "$work/orig.yuv"
  local n=$(( $(stat -c %s "$work/orig.yuv") / (w * h * 3 / 2) ))
  "$BIN" decimate "$work/orig.yuv" "$work/half.yuv" "$w" "$h" "$f"
  local m=$(( (n + f - 1) / f ))
  local out_frames=$(( f * (m - 1) + 1 ))
  echo "== $name ${f}x: ${w}x${h}, $n pictures, $m kept, $(( out_frames - m )) synthesised"

  local methods=("dup" "ffmpeg framerate (blend)" "minterpolate default" "minterpolate aobmc/bidir/vsbmc" "kiln blend" "kiln mci")
  local -A fps psnr ssim fpsnr fssim
  local i=0 best=0
  for method in "${methods[@]}"; do
    local out="$work/out$i.yuv" t0 t1
    rm -f "$out"
    t0=$(now)
    case $method in
      "dup") "$BIN" interp dup "$work/half.yuv" "$out" "$w" "$h" "$f" ;;
      "kiln blend") "$BIN" interp blend "$work/half.yuv" "$out" "$w" "$h" "$f" ;;
      "kiln mci") "$BIN" interp mci "$work/half.yuv" "$out" "$w" "$h" "$f" ;;
      *)
        local vf
        case $method in
          "ffmpeg framerate (blend)") vf="framerate=fps=$rate" ;;
          "minterpolate default") vf="minterpolate=fps=$rate" ;;
          *) vf="minterpolate=fps=$rate:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1" ;;
        esac
        ffmpeg -v error -y "${raw[@]}" -s "${w}x${h}" -framerate "$rate/$f" -i "$work/half.yuv" \
          -vf "$vf" -frames:v "$out_frames" "${raw[@]}" "$out" ;;
    esac
    t1=$(now)
    local got=$(( $(stat -c %s "$out") / (w * h * 3 / 2) ))
    fps[$i]=$(awk -v n="$got" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", n/(b-a)}')
    local s
    s=$("$BIN" score "$work/orig.yuv" "$out" "$w" "$h" "$f")
    psnr[$i]=$(sed -E 's/.* psnr=([0-9.]+).*/\1/' <<<"$s")
    ssim[$i]=$(sed -E 's/.*ssim=([0-9.]+).*/\1/' <<<"$s")
    local kept; kept=$(sed -E 's/.*kept_psnr=([0-9.]+).*/\1/' <<<"$s")
    # FFmpeg cross-check on the same synthesised pictures.
    local sel="select='not(eq(mod(n\,$f)\,0))*lt(n\,$(( f * (m - 1) )))',setpts=N/TB"
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
    echo "$name ${f}x (${w}x${h}, $(( out_frames - m )) synthesised pictures; speed ratio vs ${methods[$best]})"
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

for case in ${BENCH_CASES:-bigbuckbunny.mp4:80 bikes.mp4:120 vtest.avi:120}; do
  for f in 2 4; do
    run_clip "${case%:*}" "${case#*:}" "$f"
  done
done
echo
echo "PSNR/SSIM: luma, synthesised pictures only (ours: mean over pictures; ff: FFmpeg psnr/ssim filters)"
cat "$TABLE"
