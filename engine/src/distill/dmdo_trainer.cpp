#include "distill/dmdo_trainer.h"

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"
#include "distill/cfg_target.h"
#include "generation/flow_sampler.h"
#include "generation/noise.h"
#include "models/bagel/bagel_model.h"
#include "shapeworld/rng.h"

namespace hb {
namespace {

constexpr std::uint64_t kDmdoTag = 0xD3D0D15711ULL;

/// Mean absolute value below which the DMD step is not normalised (a degenerate x0).
constexpr double kNormalizerFloor = 1e-6;

} // namespace

std::size_t knotAbove(const std::vector<float>& times, double t) {
    std::size_t k = 0;
    for (std::size_t i = 0; i + 1 < times.size(); ++i) {
        if (static_cast<double>(times[i]) >= t) {
            k = i;
        }
    }
    return k;
}

Result<std::unique_ptr<DmdoTrainer>> DmdoTrainer::create(const DistillRequest& request) {
    std::unique_ptr<DmdoTrainer> trainer(new DmdoTrainer());
    trainer->m_r = request;
    auto teacher = loadFrozenTeacher(request.teacherDir, request.device);
    if (!teacher) {
        return teacher.error();
    }
    trainer->m_teacher = std::move(teacher.value());
    trainer->m_times = shiftedTimesteps(request.tierTimesteps, request.shift);
    const std::string start = startTierPath(request);
    auto generator = studentFromTier(trainer->teacher(), start);
    if (!generator) {
        return generator.error();
    }
    // Choice: the fake score starts as a copy of the generator's start (the stage-1 student), so it
    // already takes the guidance scales the generator is conditioned on.
    auto fake = studentFromTier(trainer->teacher(), start);
    if (!fake) {
        return fake.error();
    }
    trainer->m_generatorNet = std::move(generator.value());
    trainer->m_fakeNet = std::move(fake.value());
    trainer->m_generator = makeTrainedState(trainer->m_generatorNet->trainable(), request.emaDecay);
    trainer->m_fake = makeTrainedState(trainer->m_fakeNet->trainable(), request.emaDecay);
    return trainer;
}

DmdoStats DmdoTrainer::step(std::int64_t step, double lr, double criticLr) {
    BagelModel& bagel = teacher();
    const CfgDrawOptions draw = cfgDrawOptions(m_r);
    const std::vector<CfgExample> examples = drawCfgExamples(draw, step, *m_teacher.tokenizer);
    const double n = static_cast<double>(examples.size());
    const std::uint64_t stepKey = splitmix64(splitmix64(m_r.seed ^ kDmdoTag) + static_cast<std::uint64_t>(step));

    struct Stored {
        CfgExampleInputs inputs;
        at::Tensor noise;
        Rollout rollout;
    };
    std::vector<Stored> stored;
    for (const CfgExample& e : examples) {
        Stored s;
        s.inputs = encodeCfgExample(bagel, e);
        s.noise = seededNormal(e.noiseSeed, "dmdo-noise", s.inputs.x0.sizes()).to(s.inputs.x0.device());
        s.rollout = studentRollout(*m_generatorNet, bagel, s.inputs.contexts.gen, s.noise, s.inputs.h, s.inputs.w,
                                   m_times, e.textScale, e.imageScale);
        stored.push_back(std::move(s));
    }

    DmdoStats stats;
    // Fake score: flow matching on the generator's own samples, on the straight line x_0 -> x_T.
    double fakeLoss = 0.0;
    for (int update = 0; update < m_r.criticUpdates; ++update) {
        m_fake.optimizer->zeroGrad();
        fakeLoss = 0.0;
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const CfgExample& e = examples[i];
            const Stored& s = stored[i];
            shapeworld::Rng rng(splitmix64(stepKey + 0x100ULL * static_cast<std::uint64_t>(update) + i));
            const double t = shiftedTime(1.0 - rng.uniform01(), m_r.shift);
            const at::Tensor x0 = s.rollout.knots.back();
            const at::Tensor xt = (1.0 - t) * x0 + t * s.noise;
            const at::Tensor v = m_fakeNet->velocity(bagel, s.inputs.contexts.gen, xt, s.inputs.h, s.inputs.w, t,
                                                     e.textScale, e.imageScale);
            const at::Tensor loss = (v.to(at::kFloat) - (s.noise - x0)).pow(2).mean();
            (loss / n).backward();
            fakeLoss += loss.item<double>() / n;
        }
        m_fake.optimizer->clipGradNorm(1.0);
        m_fake.optimizer->step(criticLr);
        m_fake.ema->update(m_fake.params);
    }
    stats.lossFake = fakeLoss;

    // Generator: the DMD step at a re-noised x0 prediction from the stored trajectory.
    m_generator.optimizer->zeroGrad();
    double lossG = 0.0;
    double realGap = 0.0;
    double fakeGap = 0.0;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const CfgExample& e = examples[i];
        const Stored& s = stored[i];
        shapeworld::Rng rng(splitmix64(stepKey ^ (0xA5A5ULL + i)));
        const double t = shiftedTime(1.0 - rng.uniform01(), m_r.shift);
        const std::size_t k = knotAbove(m_times, t);
        const double tk = m_times[k];
        const at::Tensor xk = s.rollout.knots[k];
        const at::Tensor v = m_generatorNet->velocity(bagel, s.inputs.contexts.gen, xk, s.inputs.h, s.inputs.w, tk,
                                                      e.textScale, e.imageScale);
        const at::Tensor x0Hat = x0Prediction(xk, v.to(at::kFloat), tk);
        // t' in float32, as the sampler's times and the CFG interval compare.
        const float tPrime = static_cast<float>(shiftedTime(1.0 - rng.uniform01(), m_r.shift));
        at::Tensor direction;
        {
            const at::NoGradGuard noGrad;
            const at::Tensor xt = (1.0 - tPrime) * x0Hat.detach() + static_cast<double>(tPrime) * s.noise;
            const GuidedVelocity real =
                teacherGuidedVelocity(bagel, s.inputs.contexts, xt, s.inputs.h, s.inputs.w, tPrime,
                                      officialGuidance(e.sample.task, e.textScale, e.imageScale));
            const at::Tensor vFake = m_fakeNet->velocity(bagel, s.inputs.contexts.gen, xt, s.inputs.h, s.inputs.w,
                                                         tPrime, e.textScale, e.imageScale);
            const at::Tensor x0Real = x0Prediction(xt, real.guided, tPrime);
            const at::Tensor x0Fake = x0Prediction(xt, vFake.to(at::kFloat), tPrime);
            // DMD's normalisation: the step is measured against how far x0_hat is from the real
            // score's denoised estimate, so its size does not depend on the noise level.
            const double scale =
                std::max((x0Hat.detach() - x0Real).abs().mean().item<double>(), kNormalizerFloor);
            direction = (x0Fake - x0Real) / scale;
            realGap += (x0Hat.detach() - x0Real).pow(2).mean().item<double>() / n;
            fakeGap += (x0Fake - x0Real).pow(2).mean().item<double>() / n;
        }
        const at::Tensor loss = 0.5 * (x0Hat - (x0Hat - direction).detach()).pow(2).mean();
        (loss / n).backward();
        lossG += loss.item<double>() / n;
    }
    stats.gradNorm = m_generator.optimizer->clipGradNorm(1.0);
    m_generator.optimizer->step(lr);
    m_generator.ema->update(m_generator.params);
    stats.lossGenerator = lossG;
    stats.realGap = realGap;
    stats.fakeGap = fakeGap;
    return stats;
}

} // namespace hb
