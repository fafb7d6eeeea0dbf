#pragma once
// Hyper-Bagel's generation distillation (hyper-bagel.md §3; docs/distillation.md), stage by stage.
// Stage 1, CFG distillation: the student is the teacher with its generation branch copied and made
// trainable, plus text and image guidance embedders; it learns to reproduce, in one forward, the
// teacher's classifier-free-guided velocity for guidance scales it receives as conditioning. Only
// the generation branch trains; the understanding branch is frozen and written back unchanged.
//
//   hb::DistillCfgRequest request;
//   request.teacherDir = "out/model";            // a BAGEL folder (ShapeWorld teacher)
//   request.outDir = "out/fast";                 // receives a copy of it plus the "fast" tier
//   request.onProgress = [](const hb::TrainingProgress& p) { ... };
//   auto report = hb::distillCfg(request);       // resumable: run it again after a stop
//   // then: hyperbagel-cli demo eval --model out/fast --tier fast
//
// Stage 1 alone does not make 6 steps good: it removes the CFG branches (one forward per step) but
// keeps the teacher's many-step trajectory. The later stages start from an earlier stage's folder
// (`fromDir`) and cut the steps: "tscd" (2) and "dmdo" (3) train the 6-step Fast tier, "adp" (4)
// the 1-step Preview tier, "reward" trains the reward model that "refl" (5) optimises Preview with.
//
//   request.stage = "dmdo"; request.fromDir = "out/fast"; request.outDir = "out/fast-dmdo";
//   auto report = hb::distill(request);
//
// Thread safety: one call at a time per output folder; callbacks run on the calling thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/error.h"

namespace hb {

struct DistillRequest {
    /// "cfg" (stage 1), "tscd" (2), "dmdo" (3), "adp" (4), "reward" (the reward model of stage 5),
    /// "refl" (5).
    std::string stage = "cfg";
    std::string teacherDir;    ///< the teacher model folder (BAGEL layout with tokenizer.json); only read
    /// Every stage but cfg: the folder an earlier stage wrote; its `fromTier` tier is the start.
    std::string fromDir;
    std::string fromTier;      ///< empty: "fast" (tscd, dmdo, adp, reward), "preview" (refl)
    std::string rewardPath;    ///< refl: the reward model (a "reward" stage's reward.safetensors)
    std::string outDir;        ///< created; becomes a copy of the teacher folder with the tier added
    std::string workDir;       ///< checkpoints, loss.csv, loss.png; empty: outDir/distill-<stage>
    std::string tier;          ///< the tier entry written; empty: "fast" (cfg, tscd, dmdo), "preview" (adp, refl)
    std::int64_t steps = 2000; ///< optimizer steps
    std::int64_t textToImageBatch = 8; ///< text-to-image examples per step
    std::int64_t editBatch = 8;        ///< edit examples per step
    double peakLr = 1e-4;              ///< AdamW, 100-step warm-up then cosine to 10%
    double criticLr = 0.0;    ///< fake score, discriminators, reward model; 0: peakLr
    int criticUpdates = 1;    ///< critic updates per generator update (dmdo, tscd, adp)
    /// adp: weight of an x0 regression to the 6-step endpoint; refl: of a term keeping x0 near the
    /// start tier's (0: none, the paper's purely adversarial / pure reward forms)
    double regressionWeight = 0.0;
    double rewardThreshold = 0.9;  ///< refl: hinge ReLU(threshold - reward); rewards are in [0, 1]
    double emaDecay = 0.998;           ///< the written tier holds the EMA weights
    double shift = 3.0;                ///< timestep shift of the training times (the paper: >= 3)
    double textScaleMin = 1.0;         ///< text guidance drawn uniformly from [min, max]
    double textScaleMax = 5.0;
    double imageScaleMin = 1.0; ///< image guidance (edits only) drawn from [min, max]
    double imageScaleMax = 2.5;
    int tierTimesteps = 0;      ///< sampler points of the tier; 0: 7 (6 NFE, shift 3), 2 for preview
    double tierTextScale = 4.0; ///< default guidance written to hyperbagel.json
    double tierImageScale = 2.0;
    std::int64_t checkpointEvery = 100; ///< steps between checkpoints (each also rewrites the tier)
    std::int64_t logEvery = 10;         ///< steps between loss rows and progress reports
    std::uint64_t seed = 1;             ///< examples, times, scales and noise derive from it
    std::string device = "cpu";         ///< "cpu", "cuda" or "cuda:N"
    std::function<void(const TrainingProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr; ///< checked every step; a checkpoint is written first
};

struct DistillReport {
    std::int64_t steps = 0;        ///< optimizer steps done (across resumes)
    bool stoppedEarly = false;     ///< cancelled; run again with the same folders to continue
    std::string modelDir;          ///< outDir, loadable with the tier (after the last checkpoint)
    std::string tierPath;          ///< the tier's weight file
    double lastLoss = 0.0;         ///< the stage's main loss at the last step
    double lastGap = 0.0;          ///< cfg: the same examples' loss of the unguided teacher (the start)
    double samplesPerSecond = 0.0; ///< recent training throughput
};

using DistillCfgRequest = DistillRequest;
using DistillCfgReport = DistillReport;

/// Runs (or resumes from workDir's checkpoints) stage `request.stage`. Fails with InvalidRequest
/// (unknown stage, missing folders, outDir equal to teacherDir or fromDir, options out of range, a
/// checkpoint from another teacher or start), FileNotFound / BadConfig / BadCheckpoint naming what a
/// folder lacks, Unsupported (no tokenizer), IoError, or Internal when the loss stops being finite.
/// Cancelled is not returned: a cancelled run reports stoppedEarly.
Result<DistillReport> distill(const DistillRequest& request);

/// distill() with stage "cfg" whatever request.stage says.
Result<DistillReport> distillCfg(const DistillRequest& request);

} // namespace hb
