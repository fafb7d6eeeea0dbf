#pragma once
// The training loop every distillation stage shares (docs/distillation.md): resume from the work
// folder's checkpoints, then per optimizer step call the stage's step(), log its loss terms, and every
// `checkpointEvery` steps (and at the end, and on cancel) write one checkpoint file per trained part
// (parameters, AdamW moments, EMA), the loss curves (loss.csv, loss.png) and the stage's result as a
// tier of the output folder. A stage whose steps are pure functions of (seed, step) therefore resumes
// bit for bit. Engine-internal. Thread safety: not thread-safe; the calling thread runs everything.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/error.h"

namespace hb {

class AdamW;
class Ema;

/// One model a stage trains: the generator, a discriminator, a fake-score model, a reward model.
struct TrainedPart {
    std::string file; ///< checkpoint file name in the work folder ("checkpoint.safetensors", ...)
    AdamW* optimizer = nullptr;
    Ema* ema = nullptr;
};

/// What a stage supplies to runStageLoop().
class DistillStage {
public:
    virtual ~DistillStage() = default;
    /// The progress label ("distill-cfg", "distill-dmdo", ...).
    virtual std::string label() const = 0;
    /// Loss-log columns after "step", "samples", "lr"; the first is the stage's main loss.
    virtual std::vector<std::string> columns() const = 0;
    /// Columns drawn in loss.png.
    virtual std::vector<std::string> plotted() const = 0;
    virtual std::int64_t samplesPerStep() const = 0;
    /// Optimizer step `step` at rate `lr` (the stage scales it per part as it needs); returns one value
    /// per column. A non-finite first value stops the run with an Internal error.
    virtual std::vector<double> step(std::int64_t step, double lr) = 0;
    /// The parts to checkpoint; the first one's file decides whether the run resumes.
    virtual std::vector<TrainedPart> parts() = 0;
    /// Writes the stage's result (a tier of the output folder) after `step` steps; returns its path.
    virtual Result<std::string> exportResult(std::int64_t step) = 0;
    /// A line shown when a fresh run starts (what is trained, how many parameters).
    virtual std::string startMessage() const = 0;
};

struct StageLoopOptions {
    std::string workDir; ///< checkpoints, loss.csv, loss.png; created
    std::string title;   ///< loss.png's title
    std::int64_t steps = 1;
    std::int64_t checkpointEvery = 100;
    std::int64_t logEvery = 10;
    double peakLr = 1e-4; ///< warm-up over min(100, steps/10), cosine to 10%
    /// Remembered in the checkpoint; a resume with a different value for any key is refused (the
    /// teacher's weights, the starting tier's weights).
    std::map<std::string, std::string> fingerprint;
    std::function<void(const TrainingProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr;
};

struct StageLoopReport {
    std::int64_t steps = 0;
    bool stoppedEarly = false;
    std::string resultPath;     ///< what exportResult() returned last
    std::vector<double> last;   ///< the last step's column values
    double samplesPerSecond = 0.0;
};

/// Runs (or resumes) `stage` to options.steps. Fails with the checkpoint's load errors, InvalidRequest
/// when the checkpoint belongs to another fingerprint, IoError, Internal on a non-finite loss.
Result<StageLoopReport> runStageLoop(DistillStage& stage, const StageLoopOptions& options);

} // namespace hb
