#!/usr/bin/env bash
# Set-up, build, run and test HyperBagel Studio on Debian 12 (the two commands in README.md).
#
#   tools/hyperbagel.sh run    install missing packages, configure, build, launch the GUI
#   tools/hyperbagel.sh test   install missing packages, configure, build, run the whole test suite
#                              (then the asan-safe tests again under ASan+UBSan)
#   tools/hyperbagel.sh build  install missing packages, configure and build only
#
# Idempotent: packages already present are not reinstalled, and the build is incremental (ccache).
# Environment: HB_JOBS (parallel jobs, default: all cores), HB_SKIP_APT=1 (never call apt-get),
# HB_SKIP_ASAN=1 (skip the sanitizer stage of `test`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRESET=dev
BUILD="$ROOT/build-$PRESET"
JOBS="${HB_JOBS:-$(nproc)}"

# Everything the build, the tests and the GUI need, from Debian 12's archive.
PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins qt6-image-formats-plugins
  libtorch-dev libopenblas0-openmp
  libopencv-dev libspdlog-dev libfmt-dev libstb-dev nlohmann-json3-dev libgtest-dev libicu-dev
  xvfb xauth x11-utils fonts-dejavu-core fonts-wqy-microhei
)

say() { printf '\033[1m[hyperbagel]\033[0m %s\n' "$*"; }

install_packages() {
  if [[ "${HB_SKIP_APT:-0}" == 1 ]]; then
    return
  fi
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    say "all ${#PACKAGES[@]} Debian packages present"
    return
  fi
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  say "installing ${#missing[@]} packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  say "configuring (preset $PRESET)"
  cmake --preset "$PRESET" -S "$ROOT" >/dev/null
  say "building with $JOBS jobs"
  cmake --build "$BUILD" --parallel "$JOBS"
}

run_gui() {
  local app="$BUILD/app/hyperbagel"
  if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    say "no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window cannot open here."
    say "  run it on a virtual display:  xvfb-run -a $app"
    say "  or take a screenshot:         xvfb-run -a $app --screenshot /tmp/hyperbagel.png"
    say "  or use the command line:      $BUILD/app/hyperbagel-cli --help"
    say "                                $BUILD/app/hyperbagel-cli inspect <checkpoint folder>"
    exit 2
  fi
  say "launching $app $*"
  exec "$app" "$@"
}

run_tests() {
  export QT_QPA_PLATFORM=offscreen
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}"
  mkdir -p -m 700 "$XDG_RUNTIME_DIR"
  export HB_LOG_DIR="$BUILD/test-logs"
  say "running the test suite"
  ctest --test-dir "$BUILD" --output-on-failure --parallel "$JOBS"
  if [[ "${HB_SKIP_ASAN:-0}" != 1 ]]; then
    say "running the file-format and checkpoint tests under ASan+UBSan"
    cmake --preset asan -S "$ROOT" >/dev/null
    cmake --build "$ROOT/build-asan" --parallel "$JOBS" --target test_safetensors_base test_checkpoint_base test_tokenizer_base test_image_base
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir "$ROOT/build-asan" --output-on-failure --parallel "$JOBS" -L asan-safe
  fi
  say "all tests passed"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  run)   install_packages; build; run_gui "$@" ;;
  test)  install_packages; build; run_tests ;;
  build) install_packages; build ;;
  *)     sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
