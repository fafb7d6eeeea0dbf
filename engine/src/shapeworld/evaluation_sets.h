#pragma once
// The project's fixed evaluation sets: the same prompts, edits and questions on every machine and in
// every run, so scores are comparable. Generated from fixed seeds; training data must draw its scenes
// from other seeds (the Train split never contains held-out pairs, which the HeldOut sets require).
// Thread safety: pure functions.

#include <cstdint>
#include <vector>

#include "shapeworld/gedit.h"
#include "shapeworld/geneval.h"
#include "shapeworld/scene_sampler.h"
#include "shapeworld/vqa.h"

namespace hb::shapeworld {

inline constexpr std::uint64_t kEvaluationSeed = 0x5348415045ull; // "SHAPE"
inline constexpr int kGenEvalPromptsPerCategory = 50;             // 300 prompts
inline constexpr int kGEditCases = 300;                           // 50 per edit kind
inline constexpr int kVqaCases = 350;                             // 50 per question kind

struct EvaluationSets {
    std::vector<GenEvalPrompt> genEval;
    std::vector<GEditCase> gEdit;
    std::vector<VqaCase> vqa;
};

/// The standard sets for `split`: Any (the main scores; held-out pairs appear at their natural rate)
/// or HeldOut (every scene contains a held-out pair: compositional generalisation). Each split has
/// its own seed.
EvaluationSets standardEvaluationSets(Split split = Split::Any);

} // namespace hb::shapeworld
