#pragma once
// evaluateDemo() (hyperbagel/engine/demo.h): which items of the standard evaluation sets a run uses.
// The loops over the model and the report files live in demo_eval.cpp, eval_scoring.cpp,
// eval_report.cpp and eval_grid.cpp. Engine-internal. Thread safety: pure functions.

#include <vector>

#include "hyperbagel/engine/error.h"

#include "shapeworld/evaluation_sets.h"

namespace hb {

/// The items of one run: the first `perCategory` GenEval prompts of each category, the first `edits`
/// edits and the first `questions` questions of the standard sets of `split` (0 = all of a set).
/// Prefixes keep every kind represented, since the standard sets cycle through their kinds. Fails
/// with InvalidRequest for a negative count or one beyond the standard set.
Result<shapeworld::EvaluationSets> selectEvaluationItems(shapeworld::Split split, int perCategory, int edits,
                                                         int questions);

} // namespace hb
