#pragma once
// VQA on ShapeWorld: question sets with exact answers, answering canonical question text, and exact
// match scoring (shapeworld.md: "exact string match with the answer").
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shapeworld/questions.h"
#include "shapeworld/scene.h"
#include "shapeworld/scene_sampler.h"

namespace hb::shapeworld {

struct VqaCase {
    Scene scene;
    Question question;
    std::string text;   ///< canonical question
    std::string answer; ///< exact answer
};

/// The exact answer to canonical question `text` about `scene`; nullopt when `text` does not parse.
std::optional<std::string> answerText(const Scene& scene, std::string_view text);

/// `count` cases from `seed` (same seed, same set): scenes from `split` (Any by default), questions
/// cycling through the seven kinds in order, each valid for its scene (see sampleQuestion()).
std::vector<VqaCase> makeVqaSet(std::uint64_t seed, int count, Split split = Split::Any);

/// Exact match; only leading and trailing whitespace of `predicted` is ignored.
bool vqaExactMatch(std::string_view predicted, std::string_view expected);

} // namespace hb::shapeworld
