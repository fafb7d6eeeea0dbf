#!/usr/bin/env bash
# Renders the application icon (resources/icons/hyperbagel.svg, the single source) into
#   resources/linux/icons/hicolor/NxN/apps/<app id>.png   the freedesktop sizes, 16 to 512
#   packaging/windows/hyperbagel.ico                       the Windows icon (installer, shortcuts)
# The outputs are committed, so builds need no SVG renderer; rerun this after editing the SVG.
# Needs rsvg-convert (Debian package librsvg2-bin) and python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP_ID=io.github.hyperbagel.Studio
SVG="$ROOT/resources/icons/hyperbagel.svg"
HICOLOR="$ROOT/resources/linux/icons/hicolor"
ICO="$ROOT/packaging/windows/hyperbagel.ico"
LINUX_SIZES=(16 22 24 32 48 64 128 256 512)
WINDOWS_SIZES=(16 24 32 48 64 128 256)

command -v rsvg-convert >/dev/null || { echo "render-icons: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }

for size in "${LINUX_SIZES[@]}"; do
  mkdir -p "$HICOLOR/${size}x${size}/apps"
  rsvg-convert --width "$size" --height "$size" --format png "$SVG" \
    --output "$HICOLOR/${size}x${size}/apps/$APP_ID.png"
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for size in "${WINDOWS_SIZES[@]}"; do
  rsvg-convert --width "$size" --height "$size" --format png "$SVG" --output "$tmp/$size.png"
done
# An .ico is a directory of images; PNG-compressed entries are valid at every size since Windows Vista.
python3 - "$ICO" "${WINDOWS_SIZES[@]/#/$tmp/}" <<'PY'
import struct, sys
out, pngs = sys.argv[1], [p + ".png" for p in sys.argv[2:]]
images = [open(p, "rb").read() for p in pngs]
header = struct.pack("<HHH", 0, 1, len(images))
offset = len(header) + 16 * len(images)
entries, blobs = b"", b""
for data in images:
    width, height = struct.unpack(">II", data[16:24])  # from the PNG's IHDR chunk
    entries += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
    blobs += data
open(out, "wb").write(header + entries + blobs)
PY
echo "render-icons: wrote ${#LINUX_SIZES[@]} PNGs under $HICOLOR and $ICO"
