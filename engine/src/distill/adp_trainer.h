#pragma once
// Stage 4, ADP (adversarial diffusion pre-training, from DMDX; hyper-bagel.md §3, docs/distillation.md
// §10): the 1-step generator learns from the 6-step model only. Per example the frozen 6-step model
// (the start tier) samples its ODE from x_T to x_0; a point x_t = lerp(x_0, x_T, t) goes into the
// 1-step generator, whose prediction x0_hat = x_t - t v is judged against x_0 by two discriminators:
// a latent one (the multi-head discriminator on a trainable copy of the backbone, latent_discriminator.h)
// and a pixel one (a small CNN on the VAE-decoded images, pixel_discriminator.h). Hinge losses; an
// optional x0 regression to the 6-step endpoint (regressionWeight, 0 = purely adversarial).
// Engine-internal. Thread safety: one thread.

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "hyperbagel/engine/distill.h"

#include "distill/cfg_student.h"
#include "distill/latent_discriminator.h"
#include "distill/pixel_discriminator.h"
#include "distill/stage_common.h"

namespace hb {

struct AdpStats {
    double lossGenerator = std::nan(""); ///< adversarial (both discriminators) + weighted regression
    double lossLatentD = std::nan("");   ///< the latent discriminator's hinge loss
    double lossPixelD = std::nan("");    ///< the pixel discriminator's hinge loss
    double regression = std::nan("");    ///< mean squared x0_hat - x_0 (trained only with a weight)
    double gradNorm = 0.0;
};

class AdpTrainer {
public:
    /// Loads the teacher; the frozen 6-step model, the generator and the latent discriminator's
    /// backbone all start from the request's start tier ("fast").
    static Result<std::unique_ptr<AdpTrainer>> create(const DistillRequest& request);

    /// One optimizer step: `criticUpdates` updates of both discriminators at `criticLr`, then one
    /// generator update at `lr`, over the examples of step `step`.
    AdpStats step(std::int64_t step, double lr, double criticLr);

    TrainedState& generator() { return m_generator; }
    TrainedState& latentCritic() { return m_latent; }
    TrainedState& pixelCritic() { return m_pixel; }
    CfgStudentImpl& generatorNet() { return *m_generatorNet; }
    BagelModel& teacher() const { return m_teacher.bagel(); }

private:
    AdpTrainer() = default;

    DistillRequest m_r;
    FrozenTeacher m_teacher;
    std::vector<float> m_sixStepTimes;
    std::shared_ptr<CfgStudentImpl> m_sixStep;
    std::shared_ptr<CfgStudentImpl> m_generatorNet;
    std::shared_ptr<LatentDiscriminatorImpl> m_latentNet;
    PixelDiscriminator m_pixelNet{nullptr};
    TrainedState m_generator;
    TrainedState m_latent;
    TrainedState m_pixel;
};

/// The generator's input time of an ADP example: 1 (the only time Preview is run at) with
/// probability 1/2, otherwise the shifted training distribution; u1 decides, u2 draws.
double adpTime(double u1, double u2, double shift);

} // namespace hb
