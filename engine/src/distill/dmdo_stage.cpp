// runDmdoStage(): stage 3, DMDO (dmdo_trainer.h, docs/distillation.md §9), on the shared loop. The
// generator's EMA is written as the tier (default "fast", 6 steps) at every checkpoint.

#include <string>

#include "distill/dmdo_trainer.h"
#include "distill/stage_loop.h"
#include "distill/stages.h"

namespace hb {
namespace {

class DmdoStage : public DistillStage {
public:
    DmdoStage(const DistillRequest& request, DmdoTrainer& trainer) : m_r(request), m_trainer(trainer) {}

    std::string label() const override { return "distill-dmdo"; }
    std::vector<std::string> columns() const override {
        return {"loss_g", "loss_fake", "real_gap", "fake_gap", "grad_norm"};
    }
    std::vector<std::string> plotted() const override { return {"loss_g", "loss_fake", "real_gap", "fake_gap"}; }
    std::int64_t samplesPerStep() const override { return m_r.textToImageBatch + m_r.editBatch; }
    std::vector<double> step(std::int64_t step, double lr) override {
        // The critic follows the generator's schedule, scaled to its own peak rate.
        const DmdoStats s = m_trainer.step(step, lr, lr * m_r.criticLr / m_r.peakLr);
        return {s.lossGenerator, s.lossFake, s.realGap, s.fakeGap, s.gradNorm};
    }
    std::vector<TrainedPart> parts() override {
        return {{"checkpoint.safetensors", m_trainer.generator().optimizer.get(), m_trainer.generator().ema.get()},
                {"fake_score.safetensors", m_trainer.fake().optimizer.get(), m_trainer.fake().ema.get()}};
    }
    Result<std::string> exportResult(std::int64_t step) override {
        return exportStageTier(m_r, m_trainer.generator().ema->shadow(), step,
                               {{"note", "stage 3 (DMDO): distribution matching along the 6-step ODE"},
                                {"real_score", "teacher with its official CFG"}});
    }
    std::string startMessage() const override {
        std::int64_t count = 0;
        for (const auto& [name, p] : m_trainer.generator().params) {
            count += p.numel();
        }
        return "DMDO on " + std::to_string(count) + " generation-branch parameters from " + startTierPath(m_r) +
               " (fake score: a copy of it; real score: the teacher with CFG)";
    }

private:
    const DistillRequest& m_r;
    DmdoTrainer& m_trainer;
};

} // namespace

Result<DistillReport> runDmdoStage(const DistillRequest& request) {
    auto trainer = DmdoTrainer::create(request);
    if (!trainer) {
        return trainer.error();
    }
    DmdoStage stage(request, **trainer);
    return runFromTierStage(stage, request, "DMDO");
}

} // namespace hb
