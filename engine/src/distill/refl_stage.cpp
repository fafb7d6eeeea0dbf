// runReflStage(): stage 5, ReFL (refl_trainer.h, docs/distillation.md), on the shared loop
// (stage_loop.h). The generator starts from fromDir's `fromTier` tier (Preview by default) and is
// trained for the request's tier timesteps (1 NFE: [1, 0]); every checkpoint writes its EMA weights as
// the request's tier. The reward model (--reward) is frozen. A stopped run resumes bit for bit: the
// examples and noise of step k are a pure function of (seed, k).

#include <string>

#include "distill/refl_trainer.h"
#include "distill/stage_common.h"
#include "distill/stage_loop.h"
#include "distill/stages.h"
#include "generation/flow_sampler.h"

namespace hb {
namespace {

ReflTrainerOptions trainerOptions(const DistillRequest& r) {
    ReflTrainerOptions o;
    o.teacherDir = r.teacherDir;
    o.device = r.device;
    o.startTierPath = startTierPath(r);
    o.rewardPath = r.rewardPath;
    o.times = shiftedTimesteps(r.tierTimesteps, r.shift);
    o.draw = cfgDrawOptions(r);
    o.draw.edit = 0;
    o.threshold = r.rewardThreshold;
    o.anchorWeight = r.regressionWeight;
    o.emaDecay = r.emaDecay;
    return o;
}

class ReflStage : public DistillStage {
public:
    ReflStage(const DistillRequest& request, ReflTrainer& trainer) : m_r(request), m_trainer(trainer) {}

    std::string label() const override { return "distill-refl"; }
    std::vector<std::string> columns() const override {
        return {"loss", "hinge", "reward", "anchor", "oracle", "grad_norm"};
    }
    std::vector<std::string> plotted() const override { return {"hinge", "reward", "oracle"}; }
    std::int64_t samplesPerStep() const override { return m_r.textToImageBatch; }
    std::vector<double> step(std::int64_t step, double lr) override {
        // The oracle reads the step's images only on the steps the loop logs.
        const bool logged = (step + 1) % m_r.logEvery == 0 || step + 1 == m_r.steps;
        const ReflStepStats s = m_trainer.trainStep(m_trainer.prepare(step), lr, logged);
        return {s.loss, s.hinge, s.reward, s.anchor, s.oracle, s.gradNorm};
    }
    std::vector<TrainedPart> parts() override {
        return {{"checkpoint.safetensors", &m_trainer.optimizer(), &m_trainer.ema()}};
    }
    Result<std::string> exportResult(std::int64_t step) override {
        return exportStageTier(m_r, m_trainer.ema().shadow(), step,
                               {{"reward", m_r.rewardPath},
                                {"threshold", std::to_string(m_r.rewardThreshold)},
                                {"anchor_weight", std::to_string(m_r.regressionWeight)},
                                {"note", "stage 5 (ReFL) on the ShapeWorld reward model"}});
    }
    std::string startMessage() const override {
        std::int64_t count = 0;
        for (const auto& [name, p] : m_trainer.parameters()) {
            count += p.numel();
        }
        return "ReFL on " + std::to_string(count) + " generation-branch parameters from " + startTierPath(m_r) +
               " with the reward model " + m_r.rewardPath + " (hinge at " + std::to_string(m_r.rewardThreshold) +
               ", understanding branch frozen)";
    }

private:
    const DistillRequest& m_r;
    ReflTrainer& m_trainer;
};

} // namespace

Result<DistillReport> runReflStage(const DistillRequest& request) {
    if (request.textToImageBatch < 1) {
        return makeError(ErrorCode::InvalidRequest,
                         "distill refl: ReFL trains on text-to-image examples only; --batch-t2i must be at least 1");
    }
    auto trainer = ReflTrainer::create(trainerOptions(request));
    if (!trainer) {
        return trainer.error();
    }
    ReflStage stage(request, **trainer);
    return runFromTierStage(stage, request, "ReFL", {{"reward", weightFingerprint(request.rewardPath)}});
}

} // namespace hb
