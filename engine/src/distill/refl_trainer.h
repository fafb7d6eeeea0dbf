#pragma once
// Stage 5, ReFL (reward feedback learning, hyper-bagel.md §3; docs/distillation.md), on the 1-step
// Preview generator. The generator is a CfgStudentImpl started from an earlier tier (`preview` by
// default); for a text-to-image example it predicts x0_hat from pure noise in one step
// (x0_hat = x_T - 1 * v(x_T, t = 1) with the example's guidance scales), the teacher's frozen VAE
// decodes it (rewardImageOf: gradients flow through the decoder into the latent), the frozen reward
// model (reward_model.h) scores the image against the prompt, and the loss is Hyper-SD's hinge
//   loss = mean ReLU(threshold - reward) + anchorWeight * mean ||x0_hat - x0_start||^2
// where x0_start is the start tier's own prediction for the same noise (a frozen copy): an optional
// pull that keeps the generator near where it started, so it cannot drift into images the small
// reward model over-rates (reward hacking). A tier with more than two timesteps runs its earlier
// steps without gradients and trains the last one (the classic ReFL form).
// Text-to-image only: the reward model is trained on captions; edit prompts are not scored per pair.
// Engine-internal. Thread safety: not thread-safe; one thread owns a trainer.

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

#include "distill/cfg_examples.h"
#include "distill/cfg_student.h"
#include "distill/reward_model.h"
#include "distill/stage_common.h"
#include "shapeworld/scene.h"

namespace hb {

struct ReflTrainerOptions {
    std::string teacherDir;
    std::string device = "cpu";
    std::string startTierPath;              ///< the generator's start (fromDir/<fromTier>.safetensors)
    std::string rewardPath;                 ///< a "reward" stage's reward.safetensors
    std::vector<float> times = {1.0f, 0.0f}; ///< the tier's sampler points (1 down to 0)
    CfgDrawOptions draw;                    ///< text-to-image count and scales; edits are ignored
    double threshold = 0.9;                 ///< the hinge's alpha (rewards are in [0, 1])
    double anchorWeight = 0.0;              ///< weight of the pull to the start tier's x0 (0: none)
    double emaDecay = 0.998;
};

/// One example ready for the generator: its context, noise and what the oracle needs to score it.
struct PreparedReflExample {
    BagelContext context; ///< the full-condition context prefilled by the teacher
    at::Tensor noise;     ///< x_T [h*w, c]
    std::int64_t h = 0;
    std::int64_t w = 0;
    double textScale = 1.0;
    double imageScale = 1.0;
    std::vector<std::int64_t> prompt; ///< caption ids (no framing), what the reward model reads
    shapeworld::Scene scene;          ///< the prompt's scene (the oracle's reading of its render)
};

struct ReflStepStats {
    double loss = std::nan("");   ///< hinge + anchorWeight * anchor (before the update)
    double hinge = std::nan("");  ///< mean ReLU(threshold - reward)
    double reward = std::nan(""); ///< mean reward
    double anchor = std::nan(""); ///< mean squared distance of x0_hat to the start's x0; NaN when off
    double oracle = std::nan(""); ///< mean oracleRewardLabel() of the decoded images; NaN when not asked
    double gradNorm = 0.0;        ///< before clipping (trainStep only)
};

class ReflTrainer {
public:
    /// Loads the teacher, the generator from the start tier (and a frozen copy when anchorWeight > 0)
    /// and the reward model. Fails with loadFrozenTeacher()'s errors, FileNotFound naming a missing
    /// start tier or reward file, BadCheckpoint naming a tensor, InvalidRequest when the reward
    /// model's vocabulary is smaller than the teacher's.
    static Result<std::unique_ptr<ReflTrainer>> create(const ReflTrainerOptions& options);

    /// The text-to-image examples of optimizer step `step` (drawCfgExamples), prepared by the teacher.
    std::vector<PreparedReflExample> prepare(std::int64_t step);
    /// One AdamW step at rate `lr` (gradients clipped to norm 1), then the EMA update. `withOracle`:
    /// also score the decoded images with the oracle (a few milliseconds per image).
    ReflStepStats trainStep(const std::vector<PreparedReflExample>& batch, double lr, bool withOracle);
    /// The loss terms on `batch` without gradients or updates.
    ReflStepStats evaluate(const std::vector<PreparedReflExample>& batch, bool withOracle);
    /// The generator's one-step images [1, 3, H, W] of `example` (no gradients).
    at::Tensor sample(const PreparedReflExample& example);

    BagelModel& teacher() { return m_teacher.bagel(); }
    const Tokenizer& tokenizer() const { return *m_teacher.tokenizer; }
    CfgStudentImpl& student() { return *m_student; }
    RewardModelImpl& reward() { return *m_reward; }
    NamedTensors& parameters() { return m_state.params; }
    AdamW& optimizer() { return *m_state.optimizer; }
    Ema& ema() { return *m_state.ema; }
    const ReflTrainerOptions& options() const { return m_options; }

private:
    ReflTrainer() = default;
    ReflStepStats run(const std::vector<PreparedReflExample>& batch, bool backward, bool withOracle);
    /// x0_hat of `generator` for the example: the earlier steps without gradients, the last with.
    at::Tensor predictX0(CfgStudentImpl& generator, const PreparedReflExample& example);

    ReflTrainerOptions m_options;
    FrozenTeacher m_teacher;
    std::shared_ptr<CfgStudentImpl> m_student;
    std::shared_ptr<CfgStudentImpl> m_start; ///< frozen start tier; only with anchorWeight > 0
    RewardModel m_reward{nullptr};
    TrainedState m_state;
};

} // namespace hb
