#pragma once
// The files evaluateDemo() writes: eval.json (every number, the settings, every item), eval.md (the
// paper-style tables) and samples.png (a grid of text-to-image and edit samples with their text).
// Engine-internal. Thread safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "hyperbagel/engine/image.h"

#include "demo/eval_scoring.h"

namespace hb {

/// The settings a run used, as reported.
struct EvalSettings {
    std::string modelDir;
    std::string tier;
    std::string split;
    std::string device;
    int canvas = 96;
    std::uint64_t seed = 0;
    int timesteps = 0;
    int genEvalPerCategory = 0;
    int answerMaxTokens = 0;
    double shift = 0.0;
    double cfgText = 0.0;
    double t2iIntervalLow = 0.0;
    double t2iIntervalHigh = 1.0;
    std::string t2iRenorm;
    double editCfgImage = 0.0;
    double editIntervalLow = 0.0;
    double editIntervalHigh = 1.0;
    std::string editRenorm;
};

/// One picture of the sample grid: a text-to-image result (source empty) or an edit pair.
struct EvalSample {
    Image source; ///< edits: the rendered source; empty for text-to-image
    Image image;  ///< the generated or edited image
    std::string text;
    int verdict = 0; ///< 2 passed (edits: success and preservation), 1 partly (edits), 0 failed
};

/// Everything a run measured.
struct EvalRun {
    EvalSettings settings;
    std::vector<GenEvalRecord> genEval;
    std::vector<GEditRecord> gEdit;
    std::vector<VqaRecord> vqa;
    std::vector<int> genEvalForwards; ///< per generated image (NFE)
    std::vector<int> gEditForwards;
    double totalSeconds = 0.0;
};

/// eval.json's text.
std::string evalJson(const EvalRun& run, const EvalScores& scores, const EvalTimings& timings);
/// eval.md's text: GenEval table (paper's Table 2 columns), GEdit table (Table 3), VQA, speed.
std::string evalMarkdown(const EvalRun& run, const EvalScores& scores, const EvalTimings& timings);

/// Samples per part of the grid: 8 text-to-image results in one row, 8 edit pairs in two rows.
inline constexpr int kGridSamples = 8;
/// Which `kGridSamples` items of `count` go into the grid: spread evenly over the set (so every
/// category and edit kind shows), all of them when there are fewer.
std::vector<int> gridSampleIndices(int count);
/// The grid's size; it does not depend on how many samples are given (missing ones stay blank).
int sampleGridWidth();
int sampleGridHeight();
/// Draws the grid: images scaled up (nearest) into 200-pixel cells with a green / amber / red frame
/// for passed / partly / failed, their text wrapped underneath.
Image sampleGrid(const std::vector<EvalSample>& textToImage, const std::vector<EvalSample>& edits);

} // namespace hb
