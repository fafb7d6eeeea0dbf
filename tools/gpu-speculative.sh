#!/usr/bin/env bash
# One prepared speculative-decoding measurement on the lent GPU machine (see tools/gpu-check.sh for the
# machine and the dependency bundle). Builds the CLI against pip torch, then runs `draft bench` on the
# bundled ShapeWorld model on CUDA for each plan given, and records the best plan's measured advice for
# the "cuda" device type into a copy of the model's hyperbagel.json, brought back as
# $OUT/hyperbagel.json (copy its "draft" entry's use_by_default/measured keys into the repository's).
# Figures go to $OUT/draft-bench-<plan>.json and the log.
#
#   tools/gpu-speculative.sh [--deadline-seconds S] [--questions N] PLAN ...
#     PLAN   chain:K or tree:TOPK,BUDGET,DEPTH (default: chain:1 chain:2 chain:3 chain:4 tree:4,16,5)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-/tmp/hb-gpu}"
START=$(date +%s)
DEADLINE_S=540
QUESTIONS=70
PLANS=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --deadline-seconds) DEADLINE_S=$2; shift 2 ;;
        --questions) QUESTIONS=$2; shift 2 ;;
        chain*|tree*) PLANS+=("$1"); shift ;;
        *) echo "unknown option $1"; exit 2 ;;
    esac
done
(( ${#PLANS[@]} > 0 )) || PLANS=(chain:1 chain:2 chain:3 chain:4 tree:4,16,5)
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-speculative.log") 2>&1
# shellcheck source=tools/gpu-common.sh
. "$ROOT/tools/gpu-common.sh"
gpu_setup || exit 1
gpu_build_cli || exit 1

MODEL=/tmp/hb-speculative-model
rm -rf "$MODEL" && cp -r "$ROOT/resources/models/shapeworld" "$MODEL"
BEST=""
BEST_SPEEDUP=0
for plan in "${PLANS[@]}"; do
    phase "draft bench $plan on CUDA ($QUESTIONS questions)"
    (( $(left) > 40 )) || { echo "no time left for $plan"; break; }
    name=${plan//[:,]/-}
    timeout $(( $(left) - 20 )) "$CLI" draft bench --model "$MODEL" --device cuda --draft "$plan" \
        --questions "$QUESTIONS" --json "$OUT/draft-bench-$name.json" | grep -v "questions$"
    speedup=$(python3 -c "import json;print(json.load(open('$OUT/draft-bench-$name.json'))['speedup'])" 2>/dev/null || echo 0)
    if python3 -c "import sys; sys.exit(0 if $speedup > $BEST_SPEEDUP else 1)"; then
        BEST=$plan
        BEST_SPEEDUP=$speedup
    fi
done
if [[ -n "$BEST" ]] && (( $(left) > 40 )); then
    phase "recording the advice for cuda with $BEST (speed-up $BEST_SPEEDUP in the sweep)"
    timeout $(( $(left) - 10 )) "$CLI" draft bench --model "$MODEL" --device cuda --draft "$BEST" \
        --questions "$QUESTIONS" --record | grep -v "questions$"
    cp "$MODEL/hyperbagel.json" "$OUT/hyperbagel.json"
fi
phase "done"
