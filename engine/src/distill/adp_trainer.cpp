#include "distill/adp_trainer.h"

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"
#include "distill/adversarial_loss.h"
#include "generation/flow_sampler.h"
#include "generation/noise.h"
#include "models/bagel/bagel_model.h"
#include "shapeworld/rng.h"

namespace hb {
namespace {

constexpr std::uint64_t kAdpTag = 0xADB0D15711ULL;
/// The 6-step model's sampler points (hyper-bagel.md §3.1: 7 points, shift 3).
constexpr int kSixStepPoints = 7;

struct Prepared {
    CfgExampleInputs inputs;
    at::Tensor noise;
    at::Tensor endpoint; ///< the 6-step model's x_0
    at::Tensor xt;       ///< lerp(x_0, x_T, t)
    double t = 1.0;
};

} // namespace

double adpTime(double u1, double u2, double shift) {
    return u1 < 0.5 ? 1.0 : shiftedTime(1.0 - u2, shift);
}

Result<std::unique_ptr<AdpTrainer>> AdpTrainer::create(const DistillRequest& request) {
    std::unique_ptr<AdpTrainer> trainer(new AdpTrainer());
    trainer->m_r = request;
    auto teacher = loadFrozenTeacher(request.teacherDir, request.device);
    if (!teacher) {
        return teacher.error();
    }
    trainer->m_teacher = std::move(teacher.value());
    BagelModel& bagel = trainer->teacher();
    trainer->m_sixStepTimes = shiftedTimesteps(kSixStepPoints, request.shift);
    const std::string start = startTierPath(request);
    auto sixStep = studentFromTier(bagel, start);
    if (!sixStep) {
        return sixStep.error();
    }
    trainer->m_sixStep = std::move(sixStep.value());
    for (auto& p : trainer->m_sixStep->parameters()) {
        p.set_requires_grad(false);
    }
    auto generator = studentFromTier(bagel, start);
    if (!generator) {
        return generator.error();
    }
    trainer->m_generatorNet = std::move(generator.value());
    // The discriminators' heads are the only random values: seeded by the run.
    at::manual_seed(static_cast<std::uint64_t>(request.seed) + 41);
    auto latent = LatentDiscriminatorImpl::create(bagel, start);
    if (!latent) {
        return latent.error();
    }
    trainer->m_latentNet = std::move(latent.value());
    trainer->m_pixelNet = PixelDiscriminator(32);
    trainer->m_pixelNet->to(bagel.target().device);
    trainer->m_generator = makeTrainedState(trainer->m_generatorNet->trainable(), request.emaDecay);
    trainer->m_latent = makeTrainedState(trainer->m_latentNet->trainable(), request.emaDecay);
    trainer->m_pixel = makeTrainedState(trainer->m_pixelNet->trainable(), request.emaDecay);
    return trainer;
}

AdpStats AdpTrainer::step(std::int64_t step, double lr, double criticLr) {
    BagelModel& bagel = teacher();
    const std::vector<CfgExample> examples = drawCfgExamples(cfgDrawOptions(m_r), step, *m_teacher.tokenizer);
    const double n = static_cast<double>(examples.size());
    const std::uint64_t stepKey = splitmix64(splitmix64(m_r.seed ^ kAdpTag) + static_cast<std::uint64_t>(step));

    std::vector<Prepared> prepared;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const CfgExample& e = examples[i];
        Prepared p;
        p.inputs = encodeCfgExample(bagel, e);
        p.noise = seededNormal(e.noiseSeed, "adp-noise", p.inputs.x0.sizes()).to(p.inputs.x0.device());
        p.endpoint = studentRollout(*m_sixStep, bagel, p.inputs.contexts.gen, p.noise, p.inputs.h, p.inputs.w,
                                    m_sixStepTimes, e.textScale, e.imageScale)
                         .knots.back();
        shapeworld::Rng rng(splitmix64(stepKey + i));
        const double u1 = rng.uniform01();
        p.t = adpTime(u1, rng.uniform01(), m_r.shift);
        p.xt = (1.0 - p.t) * p.endpoint + p.t * p.noise;
        prepared.push_back(std::move(p));
    }
    const auto predict = [&](const CfgExample& e, const Prepared& p) {
        const at::Tensor v = m_generatorNet->velocity(bagel, p.inputs.contexts.gen, p.xt, p.inputs.h, p.inputs.w,
                                                      p.t, e.textScale, e.imageScale);
        return x0Prediction(p.xt, v.to(at::kFloat), p.t);
    };
    // Choice: both discriminators judge clean latents / images (t = 0): the real sample is the
    // 6-step model's endpoint, and Preview is judged on what it shows.
    const auto latentLogits = [&](const CfgExample& e, const Prepared& p, const at::Tensor& x) {
        return m_latentNet->forward(bagel, p.inputs.contexts.gen, x, p.inputs.h, p.inputs.w, 0.0, e.textScale,
                                    e.imageScale);
    };
    const auto pixelLogits = [&](const Prepared& p, const at::Tensor& x) {
        return m_pixelNet->forward(decodeLatentTokens(bagel, x, p.inputs.h, p.inputs.w).to(at::kFloat));
    };

    // The generator does not move during the critic updates: its predictions are made once.
    std::vector<at::Tensor> fakes;
    {
        const at::NoGradGuard noGrad;
        for (std::size_t i = 0; i < examples.size(); ++i) {
            fakes.push_back(predict(examples[i], prepared[i]));
        }
    }
    AdpStats stats;
    for (int update = 0; update < m_r.criticUpdates; ++update) {
        m_latent.optimizer->zeroGrad();
        m_pixel.optimizer->zeroGrad();
        double lossLatent = 0.0;
        double lossPixel = 0.0;
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const Prepared& p = prepared[i];
            const at::Tensor& fake = fakes[i];
            const at::Tensor latent = hingeDiscriminatorLoss(latentLogits(examples[i], p, p.endpoint),
                                                             latentLogits(examples[i], p, fake));
            const at::Tensor pixel = hingeDiscriminatorLoss(pixelLogits(p, p.endpoint), pixelLogits(p, fake));
            ((latent + pixel) / n).backward();
            lossLatent += latent.item<double>() / n;
            lossPixel += pixel.item<double>() / n;
        }
        m_latent.optimizer->clipGradNorm(1.0);
        m_pixel.optimizer->clipGradNorm(1.0);
        m_latent.optimizer->step(criticLr);
        m_pixel.optimizer->step(criticLr);
        m_latent.ema->update(m_latent.params);
        m_pixel.ema->update(m_pixel.params);
        stats.lossLatentD = lossLatent;
        stats.lossPixelD = lossPixel;
    }

    m_generator.optimizer->zeroGrad();
    double lossG = 0.0;
    double regression = 0.0;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const Prepared& p = prepared[i];
        const at::Tensor x0Hat = predict(examples[i], p);
        const at::Tensor mse = (x0Hat - p.endpoint).pow(2).mean();
        at::Tensor loss = hingeGeneratorLoss(latentLogits(examples[i], p, x0Hat)) +
                          hingeGeneratorLoss(pixelLogits(p, x0Hat));
        if (m_r.regressionWeight > 0.0) {
            loss = loss + m_r.regressionWeight * mse;
        }
        (loss / n).backward();
        lossG += loss.item<double>() / n;
        regression += mse.item<double>() / n;
    }
    stats.gradNorm = m_generator.optimizer->clipGradNorm(1.0);
    m_generator.optimizer->step(lr);
    m_generator.ema->update(m_generator.params);
    // The generator's backward also reached the discriminators; those gradients are not theirs to use.
    m_latent.optimizer->zeroGrad();
    m_pixel.optimizer->zeroGrad();
    stats.lossGenerator = lossG;
    stats.regression = regression;
    return stats;
}

} // namespace hb
