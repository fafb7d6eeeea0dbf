#pragma once
// What evaluateDemo() measures, one item at a time, and the summary of a run: each generated image
// is read by the oracle and scored by the ShapeWorld scorers; answers are matched exactly. Kept apart
// from the model so the scoring path is tested on oracle-perfect renders. Engine-internal.
// Thread safety: pure functions and plain values.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hyperbagel/engine/image.h"

#include "shapeworld/gedit.h"
#include "shapeworld/geneval.h"
#include "shapeworld/vqa.h"

namespace hb {

struct GenEvalRecord {
    shapeworld::GenEvalPrompt prompt;
    std::uint64_t seed = 0;
    shapeworld::Scene read; ///< the oracle's reading of the generated image
    bool passed = false;
    double ms = 0.0; ///< wall time of the generation
};

struct GEditRecord {
    shapeworld::GEditCase item;
    std::uint64_t seed = 0;
    shapeworld::Scene read; ///< the oracle's reading of the edited image
    shapeworld::GEditScore score;
    double ms = 0.0;
};

struct VqaRecord {
    shapeworld::VqaCase item;
    std::string answer; ///< what the model said
    bool correct = false;
    int tokens = 0;        ///< produced tokens, stop token included
    double ms = 0.0;       ///< wall time: image added, question prefilled, answer decoded
    double decodeMs = 0.0; ///< decoding only
};

/// Reads `image` and scores it against `prompt`.
GenEvalRecord scoreGenEvalImage(const shapeworld::GenEvalPrompt& prompt, const Image& image);
/// Reads `edited` (the model's edit of render(item.source)) and scores it against the case.
GEditRecord scoreGEditImage(const shapeworld::GEditCase& item, const Image& edited);
/// Exact match of `answer` with the case's answer.
VqaRecord scoreVqaAnswer(const shapeworld::VqaCase& item, std::string answer);

/// The scores of a run, by the ShapeWorld summaries (GenEval overall = mean of the categories).
struct EvalScores {
    shapeworld::GenEvalSummary genEval;
    shapeworld::GEditSummary gEdit;
    double vqaAccuracy = 0.0;
    double vqaByKind[static_cast<int>(shapeworld::QuestionKind::Count)] = {};
    int vqaQuestionsByKind[static_cast<int>(shapeworld::QuestionKind::Count)] = {};
    int genEvalCount = 0;
    int gEditCount = 0;
    int vqaCount = 0;
};
EvalScores summarizeRecords(const std::vector<GenEvalRecord>& genEval, const std::vector<GEditRecord>& gEdit,
                            const std::vector<VqaRecord>& vqa);

/// Mean wall times and decode speed of a run (0 where a part has no items).
struct EvalTimings {
    double t2iMsPerImage = 0.0;
    double editMsPerImage = 0.0;
    double answerMsPerAnswer = 0.0;
    double answerTokensPerSecond = 0.0;
    double answerTokensMean = 0.0;
};
EvalTimings summarizeTimings(const std::vector<GenEvalRecord>& genEval, const std::vector<GEditRecord>& gEdit,
                             const std::vector<VqaRecord>& vqa);

/// The paper's column names: "Single Obj.", "Two Obj.", "Counting", "Colors", "Position", "Color Attri.".
std::string genEvalColumnName(shapeworld::GenEvalCategory category);

} // namespace hb
