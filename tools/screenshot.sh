#!/usr/bin/env bash
# Takes the README's "edit" screenshot with the real app on a virtual X display (Xvfb): opens a sample
# image, turns Live on, types an instruction, waits for Live's final refine and saves the window.
#
#   tools/screenshot.sh [--build DIR] [--model DIR] [--image FILE] [--instruction TEXT]
#                       [--output FILE] [--lang CODE] [--timeout SECONDS]
#
#   --build DIR        build folder holding app/hyperbagel (default: build-dev)
#   --model DIR        model folder to load (default: the app's own default, the bundled ShapeWorld
#                      model); ../shared/golden/model (random weights) is enough for a smoke run
#   --image FILE       default: resources/samples/sample.png
#   --instruction TEXT default: "make the background black"
#   --output FILE      default: docs/screenshots/edit.png
#   --lang CODE        GUI language (default: en)
#   --timeout SECONDS  give up when the refined result has not come (default: 600)
#
# Relative paths are taken from the repository root. Needs xvfb-run (Debian: xvfb, xauth); installs
# them with apt when missing and allowed (root, HB_SKIP_APT unset); otherwise exits 77, which CTest
# reports as skipped. Set OMP_WAIT_POLICY=PASSIVE HB_THREADS=1 on a shared machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=build-dev
MODEL=
IMAGE=resources/samples/sample.png
INSTRUCTION="make the background black"
OUTPUT=docs/screenshots/edit.png
LANG_CODE=en
TIMEOUT=600
EXIT_SKIP=77

say() { printf '[screenshot] %s\n' "$*" >&2; }
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
# Paths given relative to the repository root, whatever the caller's directory.
from_root() { [[ "$1" == /* ]] && printf '%s' "$1" || printf '%s/%s' "$ROOT" "$1"; }

while (($# > 0)); do
  case "$1" in
    --build) BUILD="$2"; shift 2 ;;
    --model) MODEL="$2"; shift 2 ;;
    --image) IMAGE="$2"; shift 2 ;;
    --instruction) INSTRUCTION="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    --lang) LANG_CODE="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) say "unknown option: $1"; usage >&2; exit 2 ;;
  esac
done

APP="$(from_root "$BUILD")/app/hyperbagel"
IMAGE="$(from_root "$IMAGE")"
OUTPUT="$(from_root "$OUTPUT")"
[[ -x "$APP" ]] || { say "no app at $APP (build it, or pass --build DIR)"; exit 2; }
[[ -f "$IMAGE" ]] || { say "no image at $IMAGE"; exit 2; }
[[ "$TIMEOUT" =~ ^[0-9]+$ && "$TIMEOUT" -gt 0 ]] || { say "--timeout needs seconds, got '$TIMEOUT'"; exit 2; }

if ! command -v xvfb-run >/dev/null; then
  if [[ $(id -u) == 0 && -z "${HB_SKIP_APT:-}" ]] && command -v apt-get >/dev/null; then
    say "installing xvfb and xauth"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends xvfb xauth >&2 ||
      { say "could not install xvfb"; exit "$EXIT_SKIP"; }
  else
    say "xvfb-run is not installed (Debian: apt-get install xvfb xauth); skipping"
    exit "$EXIT_SKIP"
  fi
fi

args=(--lang "$LANG_CODE" --no-session --image "$IMAGE" --instruction "$INSTRUCTION" --wait-refined
      --wait-timeout "$((TIMEOUT * 1000))" --screenshot "$OUTPUT" --quit-after-screenshot)
if [[ -n "$MODEL" ]]; then
  MODEL="$(from_root "$MODEL")"
  [[ -d "$MODEL" ]] || { say "no model folder at $MODEL"; exit 2; }
  args+=(--load-model "$MODEL")
fi
mkdir -p "$(dirname "$OUTPUT")"
rm -f "$OUTPUT"

# The real window system (xcb) on the virtual display, not the offscreen platform a test run may set.
say "running $APP ${args[*]}"
env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY \
  xvfb-run -a -s "-screen 0 1400x900x24" timeout "$((TIMEOUT + 60))" "$APP" "${args[@]}"

[[ -s "$OUTPUT" ]] || { say "the app exited without writing $OUTPUT"; exit 1; }
say "wrote $OUTPUT"
