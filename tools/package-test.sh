#!/usr/bin/env bash
# Package test: builds the .deb from a build directory, checks its metadata, installs it, runs the
# installed programs from the installed files only, removes and purges it, and checks that nothing
# of it stays behind.
#
#   tools/package-test.sh [BUILD_DIR]      default: build-dev (configured and built already)
#
# CTest runs it as the test `package_deb` (label `package`: `ctest -L package`). As root it uses
# dpkg -i, apt-get -f install and dpkg --purge on this machine: a hyperbagel-studio package that
# was installed before is replaced and then purged. Without root it unpacks the package into a
# throw-away root with dpkg -x instead, says so, and skips the install and removal checks
# (HB_PACKAGE_TEST_UNPACK_ONLY=1 does the same as root).
# Missing Debian tools (xvfb, xauth, appstream, dpkg-dev, file, desktop-file-utils) are installed
# when root or passwordless sudo allows; HB_SKIP_APT=1 never calls apt-get. HB_CPACK names the cpack
# to use (CTest passes its own); HB_PACKAGE_TEST_SCREENSHOT=FILE keeps the GUI's screenshot.
# Exit status: 0 passed, 1 failed, 77 skipped (not a Debian system).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build-dev}" && pwd)"
PKG=hyperbagel-studio
APP_ID=io.github.hyperbagel.Studio
TOOLS=(xvfb xauth appstream dpkg-dev file desktop-file-utils)
ICON_SIZES=(16 22 24 32 48 64 128 256 512)

say() { printf '\033[1m[package-test]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[package-test] FAIL:\033[0m %s\n' "$*" >&2; exit 1; }

if ! command -v dpkg-deb >/dev/null; then
  say "SKIP: not a Debian system (no dpkg-deb)"
  exit 77
fi
[[ -f "$BUILD/CPackConfig.cmake" ]] || fail "$BUILD is not a configured build directory (no CPackConfig.cmake)"

WORK="$(mktemp -d /tmp/hb-package-test.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

IS_ROOT=0
SUDO=()
if [[ "${HB_PACKAGE_TEST_UNPACK_ONLY:-0}" == 1 ]]; then
  : # as without root: dpkg -x, nothing installed on this machine
elif [[ $(id -u) == 0 ]]; then
  IS_ROOT=1
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  IS_ROOT=1
  SUDO=(sudo -n)
fi

# --- tools ---------------------------------------------------------------------------------------
install_tools() {
  local missing=()
  for pkg in "${TOOLS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return
  if [[ "${HB_SKIP_APT:-0}" == 1 || $IS_ROOT == 0 ]]; then
    fail "missing Debian packages: ${missing[*]} (install them, or run as root)"
  fi
  say "installing ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; }
}
install_tools

# --- build the package ---------------------------------------------------------------------------
say "cpack -G DEB in $BUILD"
rm -f "$BUILD"/"${PKG}"_*.deb
(cd "$BUILD" && nice -n 19 "${HB_CPACK:-cpack}" -G DEB) >"$WORK/cpack.log" 2>&1 || { cat "$WORK/cpack.log"; fail "cpack -G DEB"; }
DEB="$(ls "$BUILD"/"${PKG}"_*.deb)"
VERSION="$(dpkg-deb -f "$DEB" Version)"
say "$(basename "$DEB"): $(du -h "$DEB" | cut -f1), version $VERSION"
say "Depends: $(dpkg-deb -f "$DEB" Depends)"
[[ -z "$(dpkg-deb --ctrl-tarfile "$DEB" | tar -t | grep -E 'preinst|postinst|prerm|postrm' || true)" ]] ||
  fail "the package has maintainer scripts"

# --- check the contents --------------------------------------------------------------------------
STAGE="$WORK/root"
dpkg-deb -x "$DEB" "$STAGE"
# Paths as installed (/usr/bin/hyperbagel, ...), directories with a trailing slash.
dpkg-deb --fsys-tarfile "$DEB" | tar -t | sed -e 's|^\./|/|' -e '/^\/$/d' >"$WORK/contents.txt"
for path in /usr/bin/hyperbagel-cli /usr/bin/hyperbagel \
  "/usr/share/applications/$APP_ID.desktop" "/usr/share/metainfo/$APP_ID.metainfo.xml" \
  "/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" /usr/share/hyperbagel/samples/sample.png; do
  grep -qxF "$path" "$WORK/contents.txt" || fail "the package lacks $path"
done
for size in "${ICON_SIZES[@]}"; do
  icon="$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  [[ -f "$icon" ]] || fail "the package lacks the ${size}x${size} icon"
  file -b "$icon" | grep -q "PNG image data, $size x $size" || fail "$icon is not a ${size}x${size} PNG"
done
say "appstreamcli validate --no-net $APP_ID.metainfo.xml"
appstreamcli validate --no-net "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml" || fail "metainfo does not validate"
say "desktop-file-validate $APP_ID.desktop"
desktop-file-validate "$STAGE/usr/share/applications/$APP_ID.desktop" || fail "desktop entry does not validate"
release="$(grep -o -m1 '<release [^>]*version="[^"]*"' "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml" | sed 's/.*version="//; s/"$//')"
[[ "$release" == "$VERSION" ]] || fail "metainfo's newest release is $release, the package is $VERSION"

# Empty when dpkg has neither the package nor its configuration files, else dpkg's status line.
package_status() {
  local status
  status="$(dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null || true)"
  [[ -z "$status" || "$status" == *not-installed ]] || echo "$status"
}

# --- install -------------------------------------------------------------------------------------
if [[ $IS_ROOT == 1 ]]; then
  if [[ -n "$(package_status)" ]]; then
    say "note: $PKG $(dpkg-query -W -f='${Version}' "$PKG") was installed; purging it first (this test purges at the end)"
    "${SUDO[@]}" dpkg --purge "$PKG" >/dev/null
  fi
  # The package's directories that exist already (/usr/bin, /usr/share/icons/...): those stay.
  while read -r path; do
    [[ -d "${path%/}" ]] && echo "${path%/}"
  done <"$WORK/contents.txt" >"$WORK/preexisting.txt"
  touch "$WORK/stamp"
  sleep 1
  say "dpkg -i $(basename "$DEB")"
  if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive dpkg -i "$DEB"; then
    say "apt-get -f install -y (dependencies)"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -f install -y -q
  fi
  [[ "$(package_status)" == "install ok installed" ]] || fail "$PKG is not installed: $(package_status)"
  PREFIX=/usr
  [[ "$(command -v hyperbagel-cli)" == /usr/bin/hyperbagel-cli ]] || fail "hyperbagel-cli is not on PATH"
  [[ "$(command -v hyperbagel)" == /usr/bin/hyperbagel ]] || fail "hyperbagel is not on PATH"
else
  say "not root (or HB_PACKAGE_TEST_UNPACK_ONLY=1): running from a throw-away root made with dpkg -x ($STAGE);"
  say "the install (dpkg -i) and removal checks are skipped"
  PREFIX="$STAGE/usr"
fi

# Files under /usr, /etc and /opt that are newer than the stamp, belong to no package and are not
# caches that dpkg triggers rebuild: anything listed was created outside the package's file list.
stray_files() {
  local path
  find /usr /etc /opt -xdev -newer "$WORK/stamp" \( -type f -o -type l \) 2>/dev/null |
    { grep -v -E '/mimeinfo\.cache$|/icon-theme\.cache$|^/usr/share/mime/|^/etc/ld\.so\.cache$|/__pycache__/|^/usr/share/info/dir' || true; } |
    while read -r path; do
      dpkg -S "$path" >/dev/null 2>&1 || echo "$path"
    done
}
if [[ $IS_ROOT == 1 ]]; then
  stray="$(stray_files)"
  [[ -z "$stray" ]] || fail "installing created files outside the package: $stray"
fi

# --- run the installed programs ------------------------------------------------------------------
# A private home: settings and logs of these runs go there, not to the caller's.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
export XDG_CACHE_HOME="$WORK/home/.cache" XDG_STATE_HOME="$WORK/home/.local/state"
export XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
unset HB_MODEL_DIR HB_LOG_DIR QT_QPA_PLATFORM
export OMP_WAIT_POLICY=PASSIVE HB_THREADS="${HB_THREADS:-1}"
CLI="$PREFIX/bin/hyperbagel-cli"
GUI="$PREFIX/bin/hyperbagel"
MODEL="$PREFIX/share/hyperbagel/models/shapeworld"
SAMPLE="$PREFIX/share/hyperbagel/samples/sample.png"

say "hyperbagel-cli --version"
cli_version="$("$CLI" --version)"
echo "$cli_version"
version_re="^hyperbagel-cli ${VERSION//./\\.}( \\([^)]+\\))?\$" # "0.1.0 (abc1234-dirty)", commit optional
[[ "$cli_version" =~ $version_re ]] ||
  fail "unexpected --version output: $cli_version"
say "hyperbagel --version"
gui_version="$("$GUI" --version)"
echo "$gui_version"
[[ "$gui_version" == "hyperbagel ${cli_version#hyperbagel-cli }" ]] || fail "the GUI says '$gui_version'"

if [[ -f "$MODEL/llm_config.json" ]]; then
  say "hyperbagel-cli edit with the installed model, 3 steps"
  "$CLI" edit --model "$MODEL" --image "$SAMPLE" --steps 3 --seed 1 --out "$WORK/edit.png" \
    "make the shape blue" || fail "the headless edit failed"
  file -b "$WORK/edit.png" | grep -q "PNG image data" || fail "the edit wrote no PNG"
  say "edit: $(file -b "$WORK/edit.png")"
else
  say "SKIP: no bundled model yet ($MODEL has no llm_config.json)"
fi

say "xvfb-run -a hyperbagel --screenshot ... --quit-after 20000"
xvfb-run -a -s "-screen 0 1600x1000x24" "$GUI" --screenshot "$WORK/gui.png" --quit-after 20000 \
  >"$WORK/gui.log" 2>&1 || { cat "$WORK/gui.log"; fail "the GUI exited with an error"; }
file -b "$WORK/gui.png" | grep -q "PNG image data" || { cat "$WORK/gui.log"; fail "no screenshot"; }
say "screenshot: $(file -b "$WORK/gui.png")"
if [[ -n "${HB_PACKAGE_TEST_SCREENSHOT:-}" ]]; then
  cp "$WORK/gui.png" "$HB_PACKAGE_TEST_SCREENSHOT"
fi

# --- remove --------------------------------------------------------------------------------------
if [[ $IS_ROOT == 1 ]]; then
  dpkg -L "$PKG" | sed '/^\/\.$/d' >"$WORK/installed.txt"
  say "dpkg -r $PKG, then dpkg --purge if dpkg still knows it ($(wc -l <"$WORK/installed.txt") paths)"
  "${SUDO[@]}" dpkg -r "$PKG" >/dev/null
  if [[ -n "$(package_status)" ]]; then # configuration files left (the package has none today)
    "${SUDO[@]}" dpkg --purge "$PKG" >/dev/null
  fi
  [[ -z "$(package_status)" ]] || fail "$PKG is still known to dpkg: $(package_status)"
  left=()
  while read -r path; do
    if [[ -e "$path" || -L "$path" ]] && ! grep -qxF "$path" "$WORK/preexisting.txt"; then
      left+=("$path")
    fi
  done <"$WORK/installed.txt"
  ((${#left[@]} == 0)) || fail "left behind after purge: ${left[*]}"
  stray="$(stray_files)"
  [[ -z "$stray" ]] || fail "left behind after purge (created outside the package): $stray"
  say "removed: none of the package's $(wc -l <"$WORK/installed.txt") paths remain, no stray files"
fi
say "PASS"
