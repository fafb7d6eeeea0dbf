#include "shapeworld/evaluation_sets.h"

namespace hb::shapeworld {

EvaluationSets standardEvaluationSets(Split split) {
    const std::uint64_t seed = kEvaluationSeed + 1000003ull * static_cast<std::uint64_t>(split);
    EvaluationSets sets;
    sets.genEval = makeGenEvalSet(seed, kGenEvalPromptsPerCategory, split);
    sets.gEdit = makeGEditSet(seed + 1, kGEditCases, split);
    sets.vqa = makeVqaSet(seed + 2, kVqaCases, split);
    return sets;
}

} // namespace hb::shapeworld
