#!/usr/bin/env bash
# Dependency bundle for a build on a bare machine (the lent GPU box: no apt, no internet, no OpenCV,
# ICU, spdlog, fmt, nlohmann-json, GTest or stb). Made here, on Debian 12, from Debian's packages:
#
#   tools/gpu-deps.sh                 # as root on Debian 12: builds .gpu-deps/hb-deps/ and packs it into
#                                     #   .gpu-deps/bundle.tar.xz (the one file to carry to the other machine)
#   tools/gpu-deps.sh unpack [DIR]    # anywhere: unpacks bundle.tar.xz into DIR (default .gpu-deps/),
#                                     #   giving DIR/hb-deps; needs only tar+xz or python3
#
# Then:  . DIR/hb-deps/env.sh          # LD_LIBRARY_PATH for the run time, HB_DEPS
#        cmake -C "$HB_DEPS/hints.cmake" -DCMAKE_PREFIX_PATH="$HB_DEPS;<torch prefix>" ...
#
# The bundle holds the headers, CMake package files and shared libraries for OpenCV core/imgproc/
# imgcodecs (with the real PNG/JPEG/WebP/TIFF codec libraries), ICU 72 (uc + data), spdlog + fmt,
# nlohmann-json, GTest/GMock (static) and stb, in Debian's multiarch layout under hb-deps/.
#
# Why stubs: Debian's libopencv_core/imgcodecs also NEED GDAL, GDCM, OpenEXR, OpenJPEG, GLX, BLAS
# and LAPACK, whose closures are hundreds of MB; we never call them. The libs are linked with
# BIND_NOW, so every symbol they import must still resolve at load time: for each such library we
# build a small stub .so that defines exactly the symbols the carried libs import from it (found
# with objdump -T; each aborts with a message if ever called; data symbols get their real size).
# A few are harmless no-ops instead, because OpenCV calls them without being asked to use the
# format: constructors and destructors (imgcodecs builds a static Imf::Chromaticities when it loads)
# and GDALAllRegister (called when the codec list is first built).
# The stubs carry their own names (hbstub-<soname>) and the carried OpenCV libs are patched
# (patchelf --replace-needed) to load them, so a stub never shadows a real library of the same
# name for anything else in the process (e.g. Debian's libtorch needs the real libblas.so.3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUTDIR="$ROOT/.gpu-deps"
ARCHIVE="$OUTDIR/bundle.tar.xz"

if [[ "${1:-}" == unpack ]]; then
  DEST="${2:-$OUTDIR}"
  mkdir -p "$DEST"
  rm -rf "$DEST/hb-deps"
  if command -v xz >/dev/null; then
    tar -xJf "$ARCHIVE" -C "$DEST"
  else  # minimal images often lack xz; Python's tarfile reads it (and keeps the symlinks)
    python3 -c 'import sys,tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$ARCHIVE" "$DEST"
  fi
  echo "unpacked: $DEST/hb-deps  (next: . $DEST/hb-deps/env.sh)"
  exit 0
fi

MA=x86_64-linux-gnu
B="$OUTDIR/hb-deps"           # the bundle tree (what the archive holds)
W="$OUTDIR/work"              # scratch: package contents, stub sources
R="$W/root"                   # every package's files, extracted as under /
LIB="$B/lib/$MA"
command -v patchelf >/dev/null || apt-get install -y --no-install-recommends patchelf
command -v objdump >/dev/null || apt-get install -y --no-install-recommends binutils
rm -rf "$B" "$W"
mkdir -p "$R" "$W/debs" "$LIB/cmake" "$LIB/fallback" "$B/include" "$B/share/cmake"

# -- 1. package contents: from the installed package when it is installed, else apt-get download --
get_pkg() {
  local p
  for p in "$@"; do
    if [[ "$(dpkg-query -W -f '${Status}' "$p:amd64" 2>/dev/null || dpkg-query -W -f '${Status}' "$p" 2>/dev/null)" == "install ok installed" ]]; then
      dpkg -L "$p:amd64" 2>/dev/null || dpkg -L "$p"
    else
      (cd "$W/debs" && apt-get download "$p" >/dev/null && dpkg-deb -x "$(ls -t "$p"_*.deb | head -1)" "$R") >&2
    fi | (cd / && while read -r f; do   # relative names: cp --parents misreads absolute ones
      [[ -f "$f" || -L "$f" ]] && [[ "$f" != /usr/share/doc/* ]] && cp -a --parents "${f#/}" "$R" || true
    done)
  done
}
DEV_PKGS=(libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libicu-dev libspdlog-dev
  libfmt-dev nlohmann-json3-dev libgtest-dev libgmock-dev libstb-dev)
RUN_PKGS=(libopencv-core406 libopencv-imgproc406 libopencv-imgcodecs406 libicu72 libspdlog1.10 libfmt9
  libtbb12 libpng16-16 libjpeg62-turbo libwebp7 libtiff6 liblerc4 libjbig0 libdeflate0
  zlib1g liblzma5 libzstd1)
# The real libraries behind the stubs: only their symbol tables are read.
STUB_PKGS=(libgdal32 libgdcm3.0 libopenexr-3-1-30 libopenjp2-7 libglx0 libblas3 liblapack3)
echo "== collecting packages"
get_pkg "${DEV_PKGS[@]}" "${RUN_PKGS[@]}" "${STUB_PKGS[@]}"

# find a library by file name in the extracted tree (merged-/usr: /lib or /usr/lib), else here
real_lib() {
  local d
  for d in "$R/usr/lib/$MA" "$R/lib/$MA" "$R/usr/lib/$MA/openblas-pthread" "$R/usr/lib/$MA/blas" \
           "$R/usr/lib/$MA/lapack" /usr/lib/$MA /lib/$MA; do
    [[ -e "$d/$1" ]] && { readlink -f "$d/$1"; return; }
  done
  echo "gpu-deps: $1 not found" >&2; return 1
}

# -- 2. headers and CMake package files ------------------------------------------------------------
echo "== headers"
cp -a "$R/usr/include/opencv4" "$R/usr/include/unicode" "$R/usr/include/spdlog" "$R/usr/include/fmt" \
      "$R/usr/include/nlohmann" "$R/usr/include/gtest" "$R/usr/include/gmock" "$R/usr/include/stb" "$B/include/"
mkdir -p "$B/include/$MA"
cp -a "$R/usr/include/$MA/opencv4" "$B/include/$MA/"   # cvconfig.h
# OpenCV: only the three modules' headers (and the top-level ones) come in the three -dev packages,
# but opencv2/ has the other modules' directories empty or absent; nothing else to trim.
cp -a "$R/usr/lib/$MA/cmake/spdlog" "$R/usr/lib/$MA/cmake/fmt" "$R/usr/lib/$MA/cmake/GTest" "$LIB/cmake/"
cp -a "$R/usr/share/cmake/nlohmann_json" "$B/share/cmake/"
cp -a "$R/usr/lib/$MA/libgtest.a" "$R/usr/lib/$MA/libgtest_main.a" "$R/usr/lib/$MA/libgmock.a" \
      "$R/usr/lib/$MA/libgmock_main.a" "$LIB/"

# -- 3. shared libraries: file + SONAME link + dev (.so) link ----------------------------------------
add_lib() {  # add_lib SONAME [fallback]
  local src dir="$LIB"
  src="$(real_lib "$1")"
  [[ "${2:-}" == fallback ]] && dir="$LIB/fallback"
  cp "$src" "$dir/"
  [[ "$(basename "$src")" != "$1" ]] && ln -sf "$(basename "$src")" "$dir/$1"
  ln -sf "$1" "$dir/${1%%.so*}.so"
}
echo "== libraries"
for so in libopencv_core.so.406 libopencv_imgproc.so.406 libopencv_imgcodecs.so.406 libicuuc.so.72 \
          libicudata.so.72 libspdlog.so.1.10 libfmt.so.9 libtbb.so.12 libpng16.so.16 libjpeg.so.62 \
          libwebp.so.7 libtiff.so.6 libLerc.so.4 libjbig.so.0 libdeflate.so.0; do
  add_lib "$so"
done
# Present on every distribution; env.sh adds fallback/ to LD_LIBRARY_PATH only where one is missing,
# so the system's (newer) copies win.
for so in libz.so.1 liblzma.so.5 libzstd.so.1; do add_lib "$so" fallback; done

# -- 4. stubs for the heavy dependencies -------------------------------------------------------------
echo "== stubs"
STUBBED=(libgdal.so.32 libgdcmMSFF.so.3.0 libgdcmDSED.so.3.0 libOpenEXR-3_1.so.30 libopenjp2.so.7
  libGLX.so.0 libblas.so.3 liblapack.so.3)
S="$W/stubs"; mkdir -p "$S"
CARRIED=("$LIB"/*.so.* "$LIB"/fallback/*.so.*)
# "name version" of every strong undefined symbol the carried libraries import (version or Base)
for f in "${CARRIED[@]}"; do [[ -L "$f" ]] || objdump -T "$f"; done \
  | awk '/\*UND\*/ && $2 != "w" { v = $(NF-1); gsub(/[()]/, "", v); print $NF, v }' | sort -u > "$S/und.txt"
# symbols defined by what stays real: the carried libraries and the C/C++ runtime
{ for f in "${CARRIED[@]}" /lib/$MA/libc.so.6 /lib/$MA/libm.so.6 /lib/$MA/libstdc++.so.6 /lib/$MA/libgcc_s.so.1 \
    /lib64/ld-linux-x86-64.so.2; do
    [[ -L "$f" && "$f" == "$LIB"* ]] || objdump -T "$(readlink -f "$f")"
  done; } | awk '!/\*UND\*/ && NF >= 6 { print $NF }' | sort -u > "$S/kept.txt"
awk 'NR==FNR { kept[$1] = 1; next } !($1 in kept)' "$S/kept.txt" "$S/und.txt" > "$S/missing.txt"
: > "$S/assigned.txt"
for so in "${STUBBED[@]}"; do
  real="$(real_lib "$so")"; new="hbstub-$so"; base="$S/${so%%.so*}"
  # "type size name" for symbols this library defines (F = function, O = data object)
  objdump -T "$real" | awk '!/\*UND\*/ && NF >= 6 && / D[FO] / { print (/ DF /) ? "F" : "O", $(NF-2), $NF }' \
    | sort -u -k3,3 > "$base.defs"
  # this stub's share: missing symbols it defines and that no earlier stub took
  awk 'NR==FNR { need[$1] = $2; next } FILENAME == ARGV[2] { taken[$1] = 1; next }
       ($3 in need) && !($3 in taken) { print $1, $2, $3, need[$3] }' \
    "$S/missing.txt" "$S/assigned.txt" "$base.defs" > "$base.syms"
  cut -d' ' -f3 "$base.syms" >> "$S/assigned.txt"
  [[ -s "$base.syms" ]] || continue   # nothing imported from it: the NEEDED entry goes (below)
  {
    echo '#include <stdio.h>'
    echo '#include <stdlib.h>'
    echo "__attribute__((noreturn, cold)) static void hb_stub_die(const char *s) {"
    echo "  fprintf(stderr, \"hb-deps: %s called in stub $new (real $so is not in this bundle)\\n\", s);"
    echo "  abort();"
    echo "}"
    awk '{ id = "hb_s" NR
           if ($1 == "F" && ($3 ~ /^_ZN.*(C[123]E|D[012]Ev$)/ || $3 == "GDALAllRegister"))  # no-ops
             printf "void %s(void) __asm__(\"%s\");\nvoid %s(void) {}\n", id, $3, id
           else if ($1 == "F") printf "void %s(void) __asm__(\"%s\");\nvoid %s(void) { hb_stub_die(\"%s\"); }\n", id, $3, id, $3
           else { n = 0; h = tolower($2)   # the size, from hex (mawk has no strtonum)
                  for (i = 1; i <= length(h); i++) n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
                  if (n < 8) n = 8
                  printf "extern char %s[%d] __asm__(\"%s\");\n__attribute__((aligned(16))) char %s[%d] = {0};\n", id, n, $3, id, n } }' \
      "$base.syms"
  } > "$base.c"
  # version script: the version nodes the importers reference (unversioned ones: an anonymous node)
  if awk '$4 != "Base" { found = 1 } END { exit !found }' "$base.syms"; then
    awk '{ v = ($4 == "Base") ? "" : $4; s[v] = s[v] " " $3 ";" }
         END { first = 1; for (v in s) if (v != "") { printf "%s { global:%s%s %s};\n", v, s[v], \
               (first ? s[""] : ""), (first ? "local: *;" : ""); first = 0 } }' "$base.syms" > "$base.map"
  else
    awk 'BEGIN { printf "{ global:" } { printf " %s;", $3 } END { print " local: *; };" }' "$base.syms" > "$base.map"
  fi
  gcc -shared -fPIC -O1 -o "$LIB/$new" "$base.c" -Wl,-soname,"$new" -Wl,--version-script,"$base.map" -Wl,-z,now
  echo "   $new: $(wc -l < "$base.syms") symbols"
done
unresolved="$(awk 'NR==FNR { a[$1] = 1; next } !($1 in a)' "$S/assigned.txt" "$S/missing.txt")"
if [[ -n "$unresolved" ]]; then
  echo "gpu-deps: imported symbols defined nowhere in the bundle:"; echo "$unresolved"; exit 1
fi
for f in "$LIB"/libopencv_*.so.*; do
  [[ -L "$f" ]] && continue
  for so in "${STUBBED[@]}"; do   # one change per call: patchelf 0.14 drops some of several
    objdump -p "$f" | grep "NEEDED *$so\$" >/dev/null || continue   # (no -q: SIGPIPE + pipefail)
    if [[ -e "$LIB/hbstub-$so" ]]; then patchelf --replace-needed "$so" "hbstub-$so" "$f"
    else patchelf --remove-needed "$so" "$f"; fi
  done
  if objdump -p "$f" | grep -E "NEEDED *($(IFS='|'; echo "${STUBBED[*]}"))\$"; then
    echo "gpu-deps: $f still needs a stubbed library"; exit 1
  fi
done

# -- 5. CMake glue: OpenCV (three modules), hints, env ----------------------------------------------
mkdir -p "$LIB/cmake/opencv4"
cat > "$LIB/cmake/opencv4/OpenCVConfig.cmake" <<'EOF'
# Minimal OpenCV 4.6.0 package of the hb-deps bundle: core, imgproc, imgcodecs (Debian 12 builds).
get_filename_component(_hbcv_prefix "${CMAKE_CURRENT_LIST_DIR}/../../../.." ABSOLUTE)
set(_hbcv_lib "${_hbcv_prefix}/lib/x86_64-linux-gnu")
set(OpenCV_VERSION 4.6.0)
set(OpenCV_VERSION_MAJOR 4)
set(OpenCV_VERSION_MINOR 6)
set(OpenCV_VERSION_PATCH 0)
set(OpenCV_SHARED ON)
set(OpenCV_INSTALL_PATH "${_hbcv_prefix}")
set(OpenCV_INCLUDE_DIRS "${_hbcv_prefix}/include/opencv4;${_hbcv_prefix}/include/x86_64-linux-gnu/opencv4")
set(_hbcv_modules core imgproc imgcodecs)
set(_hbcv_deps_core "")
set(_hbcv_deps_imgproc opencv_core)
set(_hbcv_deps_imgcodecs "opencv_imgproc;opencv_core")
foreach(_m IN LISTS _hbcv_modules)
  if(NOT TARGET opencv_${_m})
    add_library(opencv_${_m} SHARED IMPORTED)
    set_target_properties(opencv_${_m} PROPERTIES
      IMPORTED_LOCATION "${_hbcv_lib}/libopencv_${_m}.so.4.6.0"
      IMPORTED_SONAME "libopencv_${_m}.so.406"
      INTERFACE_INCLUDE_DIRECTORIES "${OpenCV_INCLUDE_DIRS}"
      INTERFACE_LINK_LIBRARIES "${_hbcv_deps_${_m}}")
  endif()
endforeach()
set(OpenCV_LIBS opencv_core opencv_imgproc opencv_imgcodecs)
set(OpenCV_FOUND TRUE)
foreach(_c IN LISTS OpenCV_FIND_COMPONENTS)
  string(REGEX REPLACE "^opencv_" "" _c "${_c}")
  if(_c IN_LIST _hbcv_modules)
    set(OpenCV_${_c}_FOUND TRUE)
  elseif(OpenCV_FIND_REQUIRED_${_c})
    set(OpenCV_FOUND FALSE)
    set(OpenCV_NOT_FOUND_MESSAGE "the hb-deps bundle has only core, imgproc and imgcodecs (asked: ${_c})")
  endif()
endforeach()
EOF
cat > "$LIB/cmake/opencv4/OpenCVConfigVersion.cmake" <<'EOF'
set(PACKAGE_VERSION 4.6.0)
if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION OR
   (PACKAGE_FIND_VERSION_MAJOR AND NOT PACKAGE_FIND_VERSION_MAJOR EQUAL 4))
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()
EOF
cat > "$B/hints.cmake" <<'EOF'
# Initial cache for the hb-deps bundle: cmake -C <bundle>/hints.cmake ...  Every package by its own
# directory, so the search works whatever CMAKE_LIBRARY_ARCHITECTURE the compiler gives.
get_filename_component(_hb "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
set(_l "${_hb}/lib/x86_64-linux-gnu")
set(spdlog_DIR "${_l}/cmake/spdlog" CACHE PATH "hb-deps")
set(fmt_DIR "${_l}/cmake/fmt" CACHE PATH "hb-deps")
set(GTest_DIR "${_l}/cmake/GTest" CACHE PATH "hb-deps")
set(OpenCV_DIR "${_l}/cmake/opencv4" CACHE PATH "hb-deps")
set(nlohmann_json_DIR "${_hb}/share/cmake/nlohmann_json" CACHE PATH "hb-deps")
set(ICU_ROOT "${_hb}" CACHE PATH "hb-deps")
set(ICU_INCLUDE_DIR "${_hb}/include" CACHE PATH "hb-deps")
set(ICU_UC_LIBRARY_RELEASE "${_l}/libicuuc.so" CACHE FILEPATH "hb-deps")
set(ICU_DATA_LIBRARY_RELEASE "${_l}/libicudata.so" CACHE FILEPATH "hb-deps")
set(HB_STB_INCLUDE_DIR "${_hb}/include/stb" CACHE PATH "hb-deps")
set(CMAKE_PROJECT_INCLUDE "${_hb}/hb-first.cmake" CACHE FILEPATH "hb-deps")
EOF
cat > "$B/hb-first.cmake" <<'EOF'
# Included after project() (CMAKE_PROJECT_INCLUDE, from hints.cmake): the bundle's headers come
# before every other include directory. pip torch ships the headers of another fmt (11/12) in
# torch/include; spdlog here was built against fmt 9, and must see fmt 9's headers.
include_directories(BEFORE SYSTEM "${CMAKE_CURRENT_LIST_DIR}/include")
EOF
cat > "$B/env.sh" <<'EOF'
# Source me (bash): . <bundle>/env.sh   Run-time library path of the hb-deps bundle.
HB_DEPS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export HB_DEPS ICU_ROOT="$HB_DEPS"
_hb_path="$HB_DEPS/lib/x86_64-linux-gnu"
for _hb_so in libz.so.1 liblzma.so.5 libzstd.so.1; do   # system copies first; ours where missing
  if ! { command -v ldconfig >/dev/null && ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep "[[:space:]]$_hb_so " >/dev/null; then
    _hb_path="$_hb_path:$HB_DEPS/lib/x86_64-linux-gnu/fallback"; break
  fi
done
export LD_LIBRARY_PATH="$_hb_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
unset _hb_path _hb_so
EOF
cp "$0" "$B/gpu-deps.sh" 2>/dev/null || true   # provenance: how it was made

# -- 6. pack, report ----------------------------------------------------------------------------------
echo "== packing"
rm -f "$ARCHIVE"
tar -C "$OUTDIR" --owner=0 --group=0 --sort=name -cf - hb-deps | xz -9e -T1 > "$ARCHIVE"
maxver() { for f in "$LIB"/*.so.* "$LIB"/fallback/*.so.*; do [[ -L "$f" ]] || objdump -T "$f"; done \
  | grep -o "($1_[0-9.]*)" | tr -d '()' | sort -u -V | tail -1; }
rm -rf "$R" "$W/debs"   # keep only work/stubs (the generated stub sources) for inspection
echo "bundle: $ARCHIVE $(du -h "$ARCHIVE" | cut -f1) (unpacked $(du -sh "$B" | cut -f1))"
echo "needs at most: $(maxver GLIBC) $(maxver GLIBCXX) $(maxver CXXABI)"
