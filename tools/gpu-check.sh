#!/usr/bin/env bash
# One prepared run on the lent GPU machine (torch 2.x + CUDA in its Python, nvcc, cmake, ninja; no Qt,
# no internet, none of our C++ dependencies). It unpacks the dependency bundle that tools/gpu-deps.sh
# made here (carry .gpu-deps/bundle.tar.xz with the run), builds the engine, CUDA kernels, CLI, tests and benchmarks
# against pip torch, runs the CUDA parity tests and the benchmarks, then spends the time left on
# training the ShapeWorld teacher on the GPU. Everything it measures lands in $OUT (or /tmp/hb-gpu)
# for docs/benchmarks.md; the teacher's EMA weights and curves come back as teacher-gpu.tar.
#
#   cp -r ../shared/golden .golden        # here, once (git-ignored); then a device run with
#                                          # carry [".gpu-deps/bundle.tar.xz", ".golden"] and the command
#   tools/gpu-check.sh [--deadline-seconds S] [--train-only] [--batch N]
#     --deadline-seconds S  finish everything within S seconds of the start (default 560)
#     --train-only          skip the build, tests and benchmarks (a warm machine that ran them)
#     --batch N             teacher samples per task and step (default 64; the CPU default is 16)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-/tmp/hb-gpu}"
RUN=/tmp/hb-teacher
START=$(date +%s)
DEADLINE_S=560
TRAIN_ONLY=0
BATCH=64
while [[ $# -gt 0 ]]; do
    case "$1" in
        --deadline-seconds) DEADLINE_S=$2; shift 2 ;;
        --train-only) TRAIN_ONLY=1; shift ;;
        --batch) BATCH=$2; shift 2 ;;
        *) echo "unknown option $1"; exit 2 ;;
    esac
done
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
# shellcheck source=tools/gpu-common.sh
. "$ROOT/tools/gpu-common.sh"
gpu_setup || exit 1

if [[ $TRAIN_ONLY == 0 ]]; then
    gpu_build_cli || exit 1
    # The tests and benchmarks build while the teacher trains (the GPU does not need these cores).
    nice -n 10 cmake --build "$BUILD" --parallel 6 --target test_kernels test_safetensors_base test_model_llm \
        test_model_parts test_training bench_llm -- -k 0 > "$OUT/build-tests.log" 2>&1 &
    TEST_BUILD=$!
fi

phase "ShapeWorld teacher on the GPU"
[[ -x "$CLI" ]] || { echo "no $CLI"; exit 1; }
# Continues the bundled model's teacher: its tokenizer and autoencoder as finished stages, its EMA
# weights as the warm start, and the curves so far from docs/.
HANDOFF="$ROOT/resources/models/shapeworld"
# Seconds kept after training: checkpoint + export, and on a full run the tests and benchmarks.
RESERVE=$([[ $TRAIN_ONLY == 0 ]] && echo 150 || echo 45)
if [[ ! -d "$RUN/teacher" ]]; then
    mkdir -p "$RUN/tokenizer" "$RUN/autoencoder" "$RUN/teacher"
    cp "$HANDOFF/tokenizer.json" "$RUN/tokenizer/"
    cp "$HANDOFF/ae.safetensors" "$HANDOFF/ae_config.json" "$RUN/autoencoder/"
    cp "$ROOT/docs/shapeworld-teacher-loss.csv" "$RUN/teacher/loss.csv"
    cp "$ROOT/docs/shapeworld-teacher-snapshots.csv" "$RUN/teacher/snapshots.csv"
fi
FIRST_STEP=$(python3 - "$RUN/teacher/loss.csv" <<'EOF'
import sys
rows = [l.split(',')[0] for l in open(sys.argv[1]) if l[:1].isdigit()]
print(rows[-1] if rows else 0)
EOF
)
if [[ ! -f "$RUN/teacher/checkpoint.safetensors" ]]; then
    # Calibration: a throw-away copy runs 40 steps to learn the step rate, so the schedule's cosine
    # ends when the time does.
    CAL=/tmp/hb-teacher-cal; rm -rf "$CAL"; cp -r "$RUN" "$CAL"
    # The CLI's samples/s counts the start-up in; the steady rate comes from time stamps between the
    # progress lines of steps 10 and 40.
    timeout 150 "$CLI" demo train --out "$CAL" --resume-from "$HANDOFF" --device cuda \
        --teacher-batch "$BATCH" --teacher-steps $((FIRST_STEP + 40)) --snapshot-every 0 \
        | while IFS= read -r line; do echo "$(date +%s.%N) $line"; done | tee "$OUT/calibration.txt"
    SECONDS_FOR_TRAINING=$(( $(left) - RESERVE ))
    STEPS=$(python3 - "$OUT/calibration.txt" "$SECONDS_FOR_TRAINING" <<'EOF'
import re, sys
stamps = [(float(l.split()[0]), int(m.group(1))) for l in open(sys.argv[1])
          for m in [re.search(r"\] step (\d+)/", l)] if m]
rate = (stamps[-1][1] - stamps[0][1]) / (stamps[-1][0] - stamps[0][0]) if len(stamps) > 1 else 0.5
print(f"{rate:.2f} steps/s", file=sys.stderr)
print(max(100, int(rate * float(sys.argv[2]) * 0.85)))
EOF
)
    TOTAL=$((FIRST_STEP + STEPS))
    echo "planning $STEPS steps ($FIRST_STEP -> $TOTAL) in ${SECONDS_FOR_TRAINING} s"
    echo "$TOTAL" > "$RUN/planned-steps"
    WARM=(--resume-from "$HANDOFF")
else
    TOTAL=$(cat "$RUN/planned-steps")
    WARM=()
fi
MINUTES=$(python3 -c "print(max(0.5, ($(left) - $RESERVE + 30) / 60))")
"$CLI" demo train --out "$RUN" "${WARM[@]}" --device cuda --teacher-batch "$BATCH" --teacher-steps "$TOTAL" \
    --snapshot-every 500 --budget-minutes "$MINUTES" | tee "$OUT/teacher-train.txt" | grep -v "^\[teacher\] step .*[1-9]0/" 

if [[ $TRAIN_ONLY == 0 ]]; then
    phase "tests and benchmarks"
    wait "$TEST_BUILD" || { echo "test build failed:"; grep -E "error|FAILED" "$OUT/build-tests.log" | head -40; }
    phase "kernel parity (CUDA against the CPU reference)"
    "$BUILD/tests/kernels/test_kernels" --gtest_brief=1
    phase "model parity on CUDA: fp32 golden and parts, then bf16 golden"
    HB_TEST_DEVICE=cuda "$BUILD/tests/engine/test_model_llm" --gtest_brief=1
    HB_TEST_DEVICE=cuda HB_TEST_PRECISION=bf16 "$BUILD/tests/engine/test_model_llm" --gtest_filter='Golden*' --gtest_brief=1
    "$BUILD/tests/engine/test_model_parts" --gtest_brief=1
    "$BUILD/tests/engine/test_training" --gtest_brief=1
    "$BUILD/tests/engine/test_safetensors_base" --gtest_brief=1
    phase "language model benchmark, random weights, bf16 on the GPU: small; 7B-MoT shape, 4 of its 28 layers"
    timeout 40 "$BUILD/tests/bench/bench_llm" --presets small --device cuda --precision bf16 | tee "$OUT/bench_llm.txt"
    timeout 60 "$BUILD/tests/bench/bench_llm" --presets 7b-mot --layers 4 --device cuda --precision bf16 \
        | tee -a "$OUT/bench_llm.txt"
fi

phase "teacher results"
rm -rf "$RUN/export"
if [[ -f "$RUN/model/ema.safetensors" ]]; then
    mkdir -p "$RUN/export" && cp "$RUN/model/ema.safetensors" "$RUN/export/"
else
    "$CLI" demo export --out "$RUN" --to "$RUN/export"
fi
cp "$RUN"/teacher/{loss.csv,loss.png,snapshots.csv} "$RUN/export/" 2>/dev/null
cp "$RUN/teacher/snapshot-eval/samples.png" "$RUN/export/snapshot-samples.png" 2>/dev/null
tar -cf "$OUT/teacher-gpu.tar" -C "$RUN/export" .
cat "$RUN/teacher/snapshots.csv"
phase "done"
