// runTscdStage(): stage 2 of the generation distillation, TSCD (tscd_trainer.h, docs/distillation.md),
// in the shared loop (stage_loop.h). Two trained parts: the generator ("checkpoint.safetensors", whose
// EMA becomes the tier) and the discriminator ("discriminator.safetensors"). The discriminator's rate
// follows the generator's schedule scaled by criticLr / peakLr.

#include <string>
#include <vector>

#include "distill/stage_loop.h"
#include "distill/stages.h"
#include "distill/tscd_trainer.h"

namespace hb {
namespace {

class TscdStage final : public DistillStage {
public:
    TscdStage(const DistillRequest& request, TscdTrainer& trainer) : m_r(request), m_trainer(trainer) {}

    std::string label() const override { return "distill-tscd"; }
    std::vector<std::string> columns() const override {
        return {"loss_g", "loss_d", "real_logit", "fake_logit", "endpoint_mse", "grad_norm_g", "grad_norm_d"};
    }
    std::vector<std::string> plotted() const override { return {"loss_g", "loss_d", "endpoint_mse"}; }
    std::int64_t samplesPerStep() const override { return m_r.textToImageBatch + m_r.editBatch; }

    std::vector<double> step(std::int64_t step, double lr) override {
        const double criticLr = lr * m_r.criticLr / m_r.peakLr;
        const TscdStepStats s = m_trainer.trainStep(m_trainer.prepare(step), lr, criticLr);
        return {s.lossG, s.lossD, s.realLogit, s.fakeLogit, s.endpointMse, s.gradNormG, s.gradNormD};
    }

    std::vector<TrainedPart> parts() override {
        TrainedState& g = m_trainer.generatorState();
        TrainedState& d = m_trainer.discriminatorState();
        return {{"checkpoint.safetensors", g.optimizer.get(), g.ema.get()},
                {"discriminator.safetensors", d.optimizer.get(), d.ema.get()}};
    }

    Result<std::string> exportResult(std::int64_t step) override {
        const TscdPlan& plan = m_trainer.plan();
        return exportStageTier(m_r, m_trainer.generatorState().ema->shadow(), step,
                               {{"segments", std::to_string(plan.segments)},
                                {"note", "stage 2 (TSCD): adversarial consistency over " +
                                             std::to_string(plan.segments) + " segments"}});
    }

    std::string startMessage() const override {
        const auto count = [](const NamedTensors& tensors) {
            std::int64_t n = 0;
            for (const auto& [name, t] : tensors) {
                n += t.numel();
            }
            return n;
        };
        std::string depths;
        for (int d : m_trainer.discriminator().depths()) {
            depths += (depths.empty() ? "" : ",") + std::to_string(d);
        }
        return "TSCD: training " + std::to_string(count(m_trainer.generatorState().params)) +
               " generator parameters from " + startTierPath(m_r) + " against a discriminator of " +
               std::to_string(count(m_trainer.discriminatorState().params)) + " parameters (heads at layers " +
               depths + "), understanding branch frozen";
    }

private:
    const DistillRequest& m_r;
    TscdTrainer& m_trainer;
};

} // namespace

Result<DistillReport> runTscdStage(const DistillRequest& request) {
    auto trainer = TscdTrainer::create(request);
    if (!trainer) {
        return trainer.error();
    }
    TscdStage stage(request, **trainer);
    return runFromTierStage(stage, request, "TSCD (stage 2)");
}

} // namespace hb
