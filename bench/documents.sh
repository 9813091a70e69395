#!/usr/bin/env bash
# Documents benchmark (`make bench`): our PDF → JPG, compress PDF and
# Word → PDF, run in-process through the job library by kiln-doc-bench,
# against the reference tools on the same inputs, in one run:
#   PDF → JPG (150 dpi, every page)  vs pdftoppm (poppler-utils) and
#                                       Ghostscript (gs -sDEVICE=jpeg)
#   compress PDF (ebook)              vs gs -dPDFSETTINGS=/ebook
#   Word → PDF                        vs soffice --headless --convert-to pdf
#
# Inputs are generated here (cached in the work directory, never committed):
#   text.pdf    LibreOffice's PDF of a 120-paragraph .docx (embedded fonts);
#   art.pdf     vector art with transparency (Ghostscript from PostScript);
#   photos.pdf  8 pages, each a 1400x1400 photo-like picture (deflated, as
#               scanners write) and a line of text;
#   report.docx the 120-paragraph document.
# Each tool runs once to warm up, then BENCH_RUNS times; its time is the
# median wall time, process start to exit. Our process carries the whole
# daemon library (FFmpeg, libheif: some 70 ms to start on a busy 2-core box),
# so a second row, "in worker", gives the step's own time as a warm worker
# spends it. "vs ours" is tool time / our
# time (above 1: we are faster). Quality is the PSNR (dB) of page renders:
# for PDF → JPG, our first page against pdftoppm's (both PNG, 150 dpi), so
# it measures agreement with poppler; for compression, the compressed
# PDF's first page against the original's, both drawn by pdftoppm.
#
#   BENCH_DIR       work and cache directory (default /tmp/kiln-bench)
#   KILN_DOC_BENCH  the kiln-doc-bench binary
#                   (default target/release/kiln-doc-bench)
#   BENCH_RUNS      timed runs per tool (default 3)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${BENCH_DIR:-/tmp/kiln-bench}/documents"
BIN="${KILN_DOC_BENCH:-$ROOT/target/release/kiln-doc-bench}"
RUNS="${BENCH_RUNS:-3}"
[ -x "$BIN" ] || { echo "missing $BIN (cargo build --release -p kilnd --bin kiln-doc-bench)"; exit 1; }
missing=""
need() { command -v "$1" >/dev/null || missing="$missing $2"; }
need pdftoppm poppler-utils
need pdfinfo poppler-utils
need gs ghostscript
need soffice libreoffice-writer-nogui
if [ -n "$missing" ]; then
  echo "missing tools; install their Debian packages: apt-get install -y$missing"
  exit 1
fi

mkdir -p "$DIR"
cd "$DIR"
if [ ! -s photos.pdf ] || [ ! -s report.docx ]; then
  echo "generating $DIR/photos.pdf and report.docx..."
  "$BIN" corpus "$DIR"
fi
if [ ! -s text.pdf ]; then
  echo "generating $DIR/text.pdf (LibreOffice)..."
  rm -rf lo && mkdir lo
  soffice --headless -env:UserInstallation=file://"$DIR"/lo/profile --convert-to pdf \
    --outdir lo report.docx > /dev/null 2>&1
  mv lo/report.pdf text.pdf
fi
if [ ! -s art.pdf ]; then
  echo "generating $DIR/art.pdf (Ghostscript)..."
  cat > art.ps <<'PS'
%!PS
<< /PageSize [612 792] >> setpagedevice
/Helvetica-Bold findfont 36 scalefont setfont
0 1 35 { /i exch def
  gsave 306 396 translate i 10 mul rotate
  i 36 div 0.8 1 sethsbcolor 0 0 moveto 250 0 rlineto 0 40 rlineto closepath fill grestore } for
/.setfillconstantalpha where { pop 0.5 .setfillconstantalpha } if
0 0 1 setrgbcolor 150 250 300 300 rectfill
1 0 0 setrgbcolor 250 350 300 300 rectfill
/.setfillconstantalpha where { pop 1 .setfillconstantalpha } if
0 setgray 72 720 moveto (Vector art, 50% alpha) show
4 setlinewidth 72 100 moveto 540 160 lineto 300 60 lineto closepath stroke
showpage
PS
  gs -q -dNOPAUSE -dBATCH -dSAFER -dALLOWPSTRANSPARENCY -sDEVICE=pdfwrite -sOutputFile=art.pdf art.ps
fi

q() { printf %q "$1"; }
# The median of the step's own time (`took` on stderr) over RUNS runs.
inworker() {
  local cmd=$1 times=()
  for i in $(seq 1 "$RUNS"); do
    rm -rf out && mkdir out
    times+=("$(eval "$cmd" 2>&1 >/dev/null | awk '/^took/ {print $2}')")
  done
  printf '%s\n' "${times[@]}" | median
}
QB=$(q "$BIN")
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Times COMMAND (run in $DIR) RUNS times after a warm-up; prints the median.
timed() {
  local cmd=$1 times=() t0 t1
  for i in $(seq 0 "$RUNS"); do
    rm -rf out && mkdir out
    t0=$EPOCHREALTIME
    eval "$cmd" > /dev/null 2>&1
    t1=$EPOCHREALTIME
    [ "$i" = 0 ] || times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')")
  done
  printf '%s\n' "${times[@]}" | median
}
size_of() { identify -format '%wx%h' "$1" 2>/dev/null || echo "?"; }

TABLE="$DIR/table.txt"
row() { printf '%-12s %-11s %-18s %8s %8s %12s %9s\n' "$@" | tee -a "$TABLE"; }
: > "$TABLE"
row task input tool seconds "vs ours" output quality

# PDF → JPG, every page at 150 dpi.
for pdf in text.pdf art.pdf photos.pdf; do
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  ours=$(timed "$QB run '{\"op\":\"pdf_to_images\",\"format\":\"jpeg\",\"dpi\":150}' out $pdf")
  "$BIN" run '{"op":"pdf_to_images","format":"jpeg","dpi":150}' out "$pdf" > /dev/null 2>&1
  first=$(ls out/*_page1.jpg)
  size=$(size_of "$first")
  "$BIN" run '{"op":"pdf_to_images","format":"png","dpi":150,"pages":"1"}' ref_ours "$pdf" > /dev/null 2>&1
  pdftoppm -r 150 -png -f 1 -l 1 -singlefile "$pdf" ref_poppler
  psnr=$("$BIN" psnr ref_poppler.png ref_ours/*_page1.png 2>/dev/null || echo "size differs")
  rm -rf ref_ours ref_poppler.png
  row "PDF->JPG" "$pdf" "kiln (hayro)" "$ours" 1.00 "$pages×$size" "$psnr dB"
  w=$(inworker "$QB run '{\"op\":\"pdf_to_images\",\"format\":\"jpeg\",\"dpi\":150}' out $pdf")
  row "PDF->JPG" "$pdf" "kiln, in worker" "$w" "-" "" ""
  t=$(timed "pdftoppm -r 150 -jpeg $pdf out/p")
  pdftoppm -r 150 -jpeg -f 1 -l 1 "$pdf" out/p
  row "PDF->JPG" "$pdf" "pdftoppm" "$t" "$(awk -v a="$t" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')" "$pages×$(size_of "$(ls out/p*.jpg | head -1)")" "ref"
  t=$(timed "gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=jpeg -r150 -dJPEGQ=90 -sOutputFile=out/g%03d.jpg $pdf")
  gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=jpeg -r150 -dFirstPage=1 -dLastPage=1 -sOutputFile=out/g.jpg "$pdf"
  row "PDF->JPG" "$pdf" "gs jpeg" "$t" "$(awk -v a="$t" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')" "$pages×$(size_of out/g.jpg)" "-"
done

# Compress PDF: size, and the PSNR of the first page drawn by pdftoppm at
# 100 dpi against the original's.
for pdf in photos.pdf text.pdf; do
  pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$pdf" orig
  for tool in ours gs; do
    if [ $tool = ours ]; then
      cmd="$QB run '{\"op\":\"compress_pdf\",\"level\":\"ebook\"}' out $pdf"
    else
      cmd="gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -dPDFSETTINGS=/ebook -sOutputFile=out/gs.pdf $pdf"
    fi
    t=$(timed "$cmd")
    eval "$cmd" > /dev/null 2>&1
    made=$(ls out/*.pdf | head -1)
    kib=$(( $(stat -c %s "$made") / 1024 ))
    pdftoppm -r 100 -png -f 1 -l 1 -singlefile "$made" after
    psnr=$("$BIN" psnr orig.png after.png)
    if [ $tool = ours ]; then ours=$t; name="kiln (lopdf)"; else name="gs /ebook"; fi
    row "compress" "$pdf" "$name" "$t" "$(awk -v a="$t" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')" "${kib} KiB" "$psnr dB"
  done
  row "compress" "$pdf" "(input)" "-" "-" "$(( $(stat -c %s "$pdf") / 1024 )) KiB" "-"
done
rm -f orig.png after.png

# Word → PDF.
ours=$(timed "$QB run '{\"op\":\"office_to_pdf\"}' out report.docx")
"$BIN" run '{"op":"office_to_pdf"}' out report.docx > /dev/null 2>&1
row "Word->PDF" "report.docx" "kiln (soffice)" "$ours" 1.00 "$(pdfinfo out/report.pdf | awk '/^Pages:/ {print $2}') pages" "-"
t=$(timed "soffice --headless -env:UserInstallation=file://$DIR/lo/bench --convert-to pdf --outdir out report.docx")
row "Word->PDF" "report.docx" "soffice CLI" "$t" "$(awk -v a="$t" -v b="$ours" 'BEGIN{printf "%.2f", a/b}')" "$(pdfinfo out/report.pdf | awk '/^Pages:/ {print $2}') pages" "-"
rm -rf out

echo "table: $TABLE"
