#!/usr/bin/env bash
# Turns a finished `hyperbagel-cli demo train --out OUT` run into the bundled model and measures it:
# installs OUT/model as resources/models/shapeworld, trains its speculative-decoding draft, runs the
# draft benchmark and the ShapeWorld evaluation (held-out and any split, Full tier), and edits the
# bundled sample image with no --model argument. Every figure lands under OUT/finish/ for
# docs/benchmarks.md. Runs for about an hour on the 2-core machine; each step can be rerun alone.
#
#   tools/shapeworld-finish.sh OUT [BUILD_DIR]     (BUILD_DIR defaults to build-dev)
set -euo pipefail

out=${1:?usage: tools/shapeworld-finish.sh OUT [BUILD_DIR]}
build=${2:-build-dev}
cli="$build/app/hyperbagel-cli"
dest=resources/models/shapeworld
finish="$out/finish"
export OMP_WAIT_POLICY=PASSIVE

[[ -f "$out/model/ema.safetensors" ]] || { echo "no finished teacher in $out/model" >&2; exit 1; }
[[ -x "$cli" ]] || { echo "no $cli; build first" >&2; exit 1; }
mkdir -p "$finish"

echo "== installing $out/model as $dest"
rm -rf "$dest"
mkdir -p "$dest"
cp "$out"/model/* "$dest"/
du -sh "$dest"

echo "== training the draft"
"$cli" draft train --model "$dest" --work "$out/draft" | tee "$finish/draft-train.log"

echo "== draft benchmark (70 questions, every kind)"
# --record: whether chats on this CPU draft by default follows the measured speed-up.
"$cli" draft bench --model "$dest" --record --json "$finish/draft-bench.json" | tee "$finish/draft-bench.txt"
"$cli" draft bench --model "$dest" --draft tree:4,16,5 --json "$finish/draft-bench-tree.json" \
    | tee "$finish/draft-bench-tree.txt"

for split in held_out any; do
    echo "== evaluation, Full tier, split $split"
    "$cli" demo eval --model "$dest" --split "$split" --out "$finish/eval-$split" | tee "$finish/eval-$split.txt"
done

echo "== the README's edit with no --model"
"$cli" edit --image resources/samples/sample.png --out "$finish/sample-edit.png" "make the red circle blue" \
    | tee "$finish/sample-edit.txt"
"$cli" ask --image "$finish/sample-edit.png" --compare-plain "Describe the image." | tee "$finish/sample-ask.txt"
echo "figures in $finish"
