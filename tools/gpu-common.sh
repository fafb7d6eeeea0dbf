# Shared by tools/gpu-check.sh, tools/gpu-distill.sh and tools/gpu-speculative.sh (sourced, not run): the machine report, the
# dependency bundle (tools/gpu-deps.sh made it here; carry .gpu-deps/bundle.tar.xz with the run) and
# the configure + CLI build against pip torch with the CUDA kernels. Expects ROOT, OUT, START and
# DEADLINE_S; defines BUILD, CLI, GOLDEN, left() and phase().
BUILD="$ROOT/build-gpu"
CLI="$BUILD/app/hyperbagel-cli"
# ../shared/golden does not travel with the tree: copy it to .golden/ (git-ignored) and carry that.
GOLDEN="$ROOT/.golden"
left() { echo $((START + DEADLINE_S - $(date +%s))); }
phase() { echo; echo "== $* ($(($(date +%s) - START)) s in, $(left) s left)"; }

gpu_setup() {
    phase "machine"
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
    nproc
    python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda)'
    TORCH_PREFIX="$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')"
    phase "dependency bundle"
    if [[ ! -f "$ROOT/.gpu-deps/hb-deps/env.sh" ]]; then
        bash "$ROOT/tools/gpu-deps.sh" unpack "$ROOT/.gpu-deps" \
            || { echo "cannot unpack .gpu-deps/bundle.tar.xz (make it here with tools/gpu-deps.sh, carry it)"; return 1; }
    fi
    # LD_LIBRARY_PATH, HB_DEPS, ICU_ROOT for the build (stub libraries) and every program run below.
    # shellcheck disable=SC1091
    . "$ROOT/.gpu-deps/hb-deps/env.sh"
    [[ -f "$GOLDEN/model/ema.safetensors" ]] || echo "no .golden/ carried: the golden parity tests will skip"
}

gpu_build_cli() {
    phase "configure"
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -C "$HB_DEPS/hints.cmake" -DCMAKE_BUILD_TYPE=Release -DHB_WITH_CUDA=ON \
        -DHB_BUILD_GUI=OFF -DCMAKE_CUDA_ARCHITECTURES=90 -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$HB_DEPS" \
        -DHB_GOLDEN_DIR="$GOLDEN" \
        || { echo "configure failed"; return 1; }
    phase "build the CLI (most of the engine)"
    # -k 0: one compile error must not hide the others (they all need fixing before the next lease).
    cmake --build "$BUILD" --parallel "$(nproc)" --target hyperbagel-cli -- -k 0 || { echo "build failed"; return 1; }
}
