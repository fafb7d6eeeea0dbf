#pragma once
// Stage 3 of the demo: the ShapeWorld teacher, a BAGEL of the shapeworld preset's sizes trained
// jointly on text-to-image, editing and question answering (flow-matching velocity loss on noisy
// latents, next-token loss on answers), with AdamW, warm-up and cosine decay, gradient clipping and
// EMA weights. At the end the EMA weights are written with the tokenizer, the autoencoder and the
// configs as an official BAGEL folder (`model/`). Engine-internal.

#include "hyperbagel/engine/error.h"

#include "demo/stage_env.h"

namespace hb {

struct TeacherStageOptions {
    std::int64_t steps = 6000;
    std::int64_t textToImageBatch = 16;
    std::int64_t editBatch = 12;
    std::int64_t questionBatch = 16;
    double peakLr = 6e-4;
    double weightDecay = 0.05;
    double ceWeight = 0.5; ///< next-token loss weight against the velocity MSE
    double emaDecay = 0.999;
    std::int64_t checkpointEvery = 100;
    /// Every this many steps the EMA weights are written as a model folder (`snapshot/`) and measured
    /// on a small slice of the evaluation sets (`snapshots.csv`); 0 turns it off.
    std::int64_t snapshotEvery = 1000;
    /// An ema.safetensors to start from when the stage has no checkpoint (see DemoTrainRequest::resumeFrom).
    std::string warmStart;
    /// "cpu", "cuda" or "cuda:N": where the model, the optimizer state and the batches live.
    std::string device = "cpu";
};

/// `tokenizerDir` and `autoencoderDir` are the finished earlier stages; `modelDir` receives the
/// finished model. Resumes from env.dir/checkpoint.safetensors.
Result<StageOutcome> runTeacherStage(const StageEnv& env, const std::string& tokenizerDir,
                                     const std::string& autoencoderDir, const std::string& modelDir,
                                     const TeacherStageOptions& options);

/// Writes the EMA weights of the stage's checkpoint (in `stageDir`) as a model folder, like the
/// finished stage's export (ema.safetensors with `teacher_step`), so an unfinished run can be measured
/// or handed to another machine. Returns the checkpoint's step. Fails with FileNotFound (no
/// checkpoint), InvalidRequest (earlier stages unfinished), BadCheckpoint, IoError.
Result<std::int64_t> exportTeacherCheckpoint(const std::string& stageDir, const std::string& tokenizerDir,
                                             const std::string& autoencoderDir, const std::string& modelDir);

} // namespace hb
