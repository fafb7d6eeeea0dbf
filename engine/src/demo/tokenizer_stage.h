#pragma once
// Stage 1 of the demo: a byte-level BPE tokenizer trained by the project's trainer on the
// ShapeWorld grammar's texts (captions, instructions, questions and answers, paraphrases included).
// Writes `tokenizer.json` into its folder. Engine-internal.

#include "hyperbagel/engine/error.h"

#include "demo/stage_env.h"

namespace hb {

/// Vocabulary entries before the 5 framing tokens (the shapeworld preset's ids assume 500).
inline constexpr std::size_t kDemoTokenizerVocab = 500;

Result<StageOutcome> runTokenizerStage(const StageEnv& env);

} // namespace hb
