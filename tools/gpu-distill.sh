#!/usr/bin/env bash
# One prepared distillation run on the lent GPU machine (see tools/gpu-check.sh for the machine and the
# dependency bundle). Builds the CLI against pip torch, then runs the Hyper-Bagel distillation stages
# (docs/distillation.md) on the bundled ShapeWorld teacher, on CUDA, each within the time left, and
# brings back each stage's tier folder (weights, hyperbagel.json, loss curves, checkpoint) as
# $OUT/<stage>.tar (without the training checkpoint, which is too large to come back). A stage
# given a carried folder under .distill/<stage>/ resumes its checkpoint.
#
#   tools/gpu-distill.sh [--deadline-seconds S] [--golden] [--batch N] STAGE:STEPS ...
#     STAGE:STEPS   e.g. cfg:4000 (stages run in the order given; each starts from the one before:
#                   reward from the last preview tier, refl from it with that reward model)
#     --batch N     text-to-image and edit examples per step (default: the CLI's)
#     --golden      also build test_model_llm and run the golden parity on CUDA (carry .golden/)
#   e.g. a smoke run of every stage on CUDA:
#     tools/gpu-distill.sh --batch 1 cfg:2 tscd:2 dmdo:2 adp:2 reward:2 refl:2
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-/tmp/hb-gpu}"
START=$(date +%s)
DEADLINE_S=560
GOLDEN_TEST=0
BATCH=()
STAGES=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --deadline-seconds) DEADLINE_S=$2; shift 2 ;;
        --golden) GOLDEN_TEST=1; shift ;;
        --batch) BATCH=(--batch-t2i "$2" --batch-edit "$2"); shift 2 ;;
        *:*) STAGES+=("$1"); shift ;;
        *) echo "unknown option $1"; exit 2 ;;
    esac
done
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-distill.log") 2>&1
# shellcheck source=tools/gpu-common.sh
. "$ROOT/tools/gpu-common.sh"
gpu_setup || exit 1
gpu_build_cli || exit 1
if [[ $GOLDEN_TEST == 1 ]]; then
    nice -n 10 cmake --build "$BUILD" --parallel 6 --target test_model_llm -- -k 0 > "$OUT/build-tests.log" 2>&1 &
    TEST_BUILD=$!
fi

TEACHER="$ROOT/resources/models/shapeworld"
RUNS="$ROOT/.distill"
mkdir -p "$RUNS"
PREVIOUS="$TEACHER"
PREVIEW=""
RESERVE=$([[ $GOLDEN_TEST == 1 ]] && echo 60 || echo 25)
for item in "${STAGES[@]}"; do
    stage=${item%%:*}; steps=${item##*:}
    phase "distill $stage ($steps steps) on CUDA"
    budget=$(( $(left) - RESERVE ))
    (( budget > 20 )) || { echo "no time left for $stage"; break; }
    case "$stage" in
        cfg) args=(distill cfg --model "$TEACHER" --out "$RUNS/cfg") ;;
        reward) args=(distill reward --model "$TEACHER" --from "$PREVIEW" --from-tier preview --out "$RUNS/reward") ;;
        refl) args=(distill refl --model "$TEACHER" --from "$PREVIEW" --reward "$RUNS/reward/reward.safetensors"
                    --out "$RUNS/refl") ;;
        *) args=(distill "$stage" --model "$TEACHER" --from "$PREVIOUS" --out "$RUNS/$stage") ;;
    esac
    # Progress lines every 10 steps would flood the log: keep one in ten.
    timeout --signal=INT "$budget" "$CLI" "${args[@]}" --steps "$steps" --device cuda --checkpoint-every 100 \
        "${BATCH[@]}" \
        | grep --line-buffered -v "step [0-9]*[1-9]0/"
    # The tier (or reward model), the manifest and the curves; the teacher's own files and the
    # training checkpoints stay behind.
    (cd "$RUNS/$stage" && tar -cf "$OUT/$stage.tar" $(ls fast.safetensors preview.safetensors reward.safetensors \
        hyperbagel.json distill-*/loss.csv distill-*/loss.png 2>/dev/null))
    [[ $stage == reward ]] || PREVIOUS="$RUNS/$stage"
    [[ $stage == adp || $stage == refl ]] && PREVIEW="$RUNS/$stage"
done

if [[ $GOLDEN_TEST == 1 ]]; then
    phase "golden parity on CUDA"
    wait "$TEST_BUILD" || { echo "test build failed:"; grep -E "error|FAILED" "$OUT/build-tests.log" | head -40; }
    HB_TEST_DEVICE=cuda timeout 40 "$BUILD/tests/engine/test_model_llm" --gtest_brief=1
fi
phase "done"
