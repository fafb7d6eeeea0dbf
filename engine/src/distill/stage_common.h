#pragma once
// What the distillation stages share besides the loop (stage_loop.h): the request's defaults and
// checks, the fingerprints that tie a checkpoint to its teacher and starting tier, writing the result
// as a tier, starting a student from an earlier stage's tier, and the student's few-step Euler
// rollout on a tier's timesteps (hyper-bagel.md §3.1: x_{k+1} = x_k + (t_{k+1} - t_k) v; the x0
// prediction at a point is x_t - t v).
// Engine-internal. Thread safety: stateless helpers; the student and teacher belong to one thread.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/distill.h"
#include "hyperbagel/engine/error.h"

#include "hyperbagel/engine/model.h"
#include "hyperbagel/engine/tokenizer.h"

#include "distill/cfg_examples.h"
#include "distill/stage_loop.h"
#include "training/adamw.h"
#include "training/ema.h"
#include "training/tensor_file.h"

namespace hb {

class BagelContext;
class BagelModel;
class CfgStudentImpl;

/// The frozen teacher every stage runs: loaded in float32 on `device`, every parameter frozen, with
/// its tokenizer. Fails with Model::load()'s errors prefixed by the folder, Unsupported without a
/// usable tokenizer.json.
struct FrozenTeacher {
    std::shared_ptr<Model> model;
    std::unique_ptr<Tokenizer> tokenizer;
    BagelModel& bagel() const;
};
Result<FrozenTeacher> loadFrozenTeacher(const std::string& teacherDir, const std::string& device);

/// A model a stage trains with its optimizer (AdamW beta 0.9/0.95, no weight decay: every trained
/// model starts from a trained one) and EMA.
struct TrainedState {
    NamedTensors params;
    std::unique_ptr<AdamW> optimizer;
    std::unique_ptr<Ema> ema;
};
TrainedState makeTrainedState(NamedTensors params, double emaDecay);

/// A student of `teacher` (cfg_student.h) whose trainable tensors all come from the tier file at
/// `tierPath` (nothing random survives).
Result<std::shared_ptr<CfgStudentImpl>> studentFromTier(BagelModel& teacher, const std::string& tierPath);

/// The request with every default filled in: tier, fromTier, tierTimesteps, workDir
/// (outDir/distill-<stage>), criticLr.
DistillRequest resolveDistillRequest(const DistillRequest& request);

/// Checks a resolved request: the stage is known, the folders are given and distinct, the counts and
/// rates are in range. Fails with InvalidRequest naming the option.
Result<void> checkDistillRequest(const DistillRequest& request);

/// The draw options of a request (batches, shift, scale ranges, seed).
CfgDrawOptions cfgDrawOptions(const DistillRequest& request);

/// The loop options of a request: its work folder, steps, intervals, rate, callbacks, and the
/// fingerprint every resume must match ("stage" is added).
StageLoopOptions stageLoopOptions(const DistillRequest& request, const std::string& title,
                                  std::map<std::string, std::string> fingerprint);

/// The public report of a finished or stopped loop (lastLoss = the first column).
DistillReport distillReport(const DistillRequest& request, const StageLoopReport& loop);

/// Runs a stage that starts from an earlier stage's tier: the loop with the fingerprint of the
/// teacher's weights, the start tier and `extra` (e.g. the reward model), then its report.
Result<DistillReport> runFromTierStage(DistillStage& stage, const DistillRequest& request, const std::string& title,
                                       std::map<std::string, std::string> extra = {});

/// "<file name>:<size in bytes>" of a weight file ("unknown" when missing): what a checkpoint
/// remembers of its teacher and of its starting tier.
std::string weightFingerprint(const std::string& path);
/// The teacher folder's weight file (ema.safetensors).
std::string teacherWeightsPath(const std::string& teacherDir);
/// fromDir/<fromTier>.safetensors.
std::string startTierPath(const DistillRequest& request);

/// Writes `tensors` (tier-file names) as the request's tier of outDir: the tier's timesteps
/// (tierTimesteps points, shift `shift`), default guidance and a "distilled" object with `provenance`
/// plus stage, step and teacher; the start folder's other tiers are carried along (carryTiers()).
/// Returns the weight file's path.
Result<std::string> exportStageTier(const DistillRequest& request, const NamedTensors& tensors,
                                    std::int64_t step, const std::map<std::string, std::string>& provenance);

/// Copies the tensors of a tier file (`loadDistilledTiers()` names) into the student's trainable
/// tensors. Fails with FileNotFound / BadFormat, or BadCheckpoint naming a tensor that is missing or
/// shaped differently.
Result<void> loadStudentTier(CfgStudentImpl& student, const std::string& tierPath);

/// The points of a few-step rollout: knots[k] is x at times[k] (knots[0] the noise at times[0] = 1,
/// the last the sample at 0).
struct Rollout {
    std::vector<float> times;
    std::vector<at::Tensor> knots; ///< [h*w, c] float32 each
};

/// The student's Euler rollout from `noise` over `times` (from 1 down to 0) with the given guidance
/// scales fed to its embedders, without gradients: what the tier's sampler does at inference.
Rollout studentRollout(CfgStudentImpl& student, BagelModel& teacher, const BagelContext& context,
                       const at::Tensor& noise, std::int64_t h, std::int64_t w, const std::vector<float>& times,
                       double textScale, double imageScale);

/// The teacher's VAE decode of latent tokens [h*w, c] into an image [1, 3, H, W] (about [-1, 1]),
/// differentiable w.r.t. the tokens (the VAE itself is frozen).
at::Tensor decodeLatentTokens(BagelModel& teacher, const at::Tensor& tokens, std::int64_t h, std::int64_t w);

/// x0 = x_t - t v.
at::Tensor x0Prediction(const at::Tensor& xt, const at::Tensor& velocity, double t);

/// A training time t = s*u / (1 + (s-1)*u) from u in (0, 1] (the sampler's shifted grid, continuous).
double shiftedTime(double u, double shift);

} // namespace hb
