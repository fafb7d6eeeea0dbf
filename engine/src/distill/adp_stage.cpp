// runAdpStage(): stage 4, ADP (adp_trainer.h, docs/distillation.md §10), on the shared loop. The
// 1-step generator's EMA is written as the tier (default "preview", timesteps [1, 0]) at every
// checkpoint.

#include <string>

#include "distill/adp_trainer.h"
#include "distill/stage_loop.h"
#include "distill/stages.h"

namespace hb {
namespace {

class AdpStage : public DistillStage {
public:
    AdpStage(const DistillRequest& request, AdpTrainer& trainer) : m_r(request), m_trainer(trainer) {}

    std::string label() const override { return "distill-adp"; }
    std::vector<std::string> columns() const override {
        return {"loss_g", "loss_d_latent", "loss_d_pixel", "regression", "grad_norm"};
    }
    std::vector<std::string> plotted() const override {
        return {"loss_g", "loss_d_latent", "loss_d_pixel", "regression"};
    }
    std::int64_t samplesPerStep() const override { return m_r.textToImageBatch + m_r.editBatch; }
    std::vector<double> step(std::int64_t step, double lr) override {
        const AdpStats s = m_trainer.step(step, lr, lr * m_r.criticLr / m_r.peakLr);
        return {s.lossGenerator, s.lossLatentD, s.lossPixelD, s.regression, s.gradNorm};
    }
    std::vector<TrainedPart> parts() override {
        return {{"checkpoint.safetensors", m_trainer.generator().optimizer.get(), m_trainer.generator().ema.get()},
                {"latent_discriminator.safetensors", m_trainer.latentCritic().optimizer.get(),
                 m_trainer.latentCritic().ema.get()},
                {"pixel_discriminator.safetensors", m_trainer.pixelCritic().optimizer.get(),
                 m_trainer.pixelCritic().ema.get()}};
    }
    Result<std::string> exportResult(std::int64_t step) override {
        return exportStageTier(m_r, m_trainer.generator().ema->shadow(), step,
                               {{"note", "stage 4 (ADP): 1 step, adversarial against the 6-step model"},
                                {"regression_weight", std::to_string(m_r.regressionWeight)}});
    }
    std::string startMessage() const override {
        return "ADP: a 1-step generator from " + startTierPath(m_r) +
               " against its 6-step samples (latent and pixel discriminators)";
    }

private:
    const DistillRequest& m_r;
    AdpTrainer& m_trainer;
};

} // namespace

Result<DistillReport> runAdpStage(const DistillRequest& request) {
    auto trainer = AdpTrainer::create(request);
    if (!trainer) {
        return trainer.error();
    }
    AdpStage stage(request, **trainer);
    return runFromTierStage(stage, request, "ADP");
}

} // namespace hb
