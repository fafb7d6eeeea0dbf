#!/usr/bin/env bash
# One prepared run on the lent GPU machine (no Qt, no internet, torch 2.x + CUDA in its Python):
# builds the engine, kernels, CLI and benchmarks against pip torch with CUDA kernels, runs the kernel
# parity tests and the benchmarks, and writes every figure to $OUT (or /tmp/hb-gpu) for
# docs/benchmarks.md. Usage: tools/gpu-check.sh   (from the repository root)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-/tmp/hb-gpu}"
BUILD="$ROOT/build-gpu"
mkdir -p "$OUT"
exec > >(tee "$OUT/gpu-check.log") 2>&1

echo "== machine"; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
nproc; python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.version.cuda)'
TORCH_PREFIX="$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')"

echo "== configure"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHB_WITH_CUDA=ON -DHB_BUILD_GUI=OFF \
  -DCMAKE_CUDA_ARCHITECTURES=90 -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" || { echo "configure failed"; exit 1; }
echo "== build"
cmake --build "$BUILD" --parallel "$(nproc)" --target test_kernels test_safetensors_base hyperbagel-cli \
  bench_safetensors_read || { echo "build failed"; exit 1; }

echo "== kernel parity (CUDA vs CPU reference)"
"$BUILD/tests/kernels/test_kernels"
echo "== safetensors tests"
"$BUILD/tests/engine/test_safetensors_base" --gtest_brief=1

echo "== safetensors read throughput (base preset, bf16)"
"$BUILD/app/hyperbagel-cli" make-random-checkpoint --preset base --out /tmp/hb-base --quiet
"$BUILD/tests/bench/bench_safetensors_read" /tmp/hb-base/ema.safetensors | tee "$OUT/bench_read.txt"
