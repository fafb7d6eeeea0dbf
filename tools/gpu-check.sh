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
cmake --build "$BUILD" --parallel "$(nproc)" --target test_kernels test_safetensors_base test_model_llm \
  test_model_parts hyperbagel-cli bench_safetensors_read bench_llm bench_vae || { echo "build failed"; exit 1; }

echo "== kernel parity (CUDA vs CPU reference)"
"$BUILD/tests/kernels/test_kernels"
echo "== safetensors tests"
"$BUILD/tests/engine/test_safetensors_base" --gtest_brief=1
echo "== model parity on CUDA: fp32, then bf16 (golden cases)"
HB_TEST_DEVICE=cuda "$BUILD/tests/engine/test_model_llm" --gtest_brief=1
HB_TEST_DEVICE=cuda HB_TEST_PRECISION=bf16 "$BUILD/tests/engine/test_model_llm" --gtest_filter='Golden*' --gtest_brief=1
"$BUILD/tests/engine/test_model_parts" --gtest_brief=1

echo "== language model: 7B-MoT shape, random weights, bf16 on the GPU (prefill, decode, generation forward)"
timeout 300 "$BUILD/tests/bench/bench_llm" --presets small,7b-mot --device cuda --precision bf16 | tee "$OUT/bench_llm.txt"

echo "== safetensors read throughput (base preset, bf16)"
"$BUILD/app/hyperbagel-cli" make-random-checkpoint --preset base --out /tmp/hb-base --quiet
"$BUILD/tests/bench/bench_safetensors_read" /tmp/hb-base/ema.safetensors | tee "$OUT/bench_read.txt"
