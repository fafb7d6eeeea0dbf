#include "distill/tscd_trainer.h"

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"
#include "distill/adversarial_loss.h"
#include "generation/cfg_combine.h"
#include "generation/flow_sampler.h"
#include "models/bagel/bagel_model.h"
#include "shapeworld/rng.h"

namespace hb {
namespace {

// Mixed into an example's noise seed for its segment and knot, and into the run seed for D's heads.
constexpr std::uint64_t kSegmentTag = 0x75CD5E6ULL;
constexpr std::uint64_t kHeadSeedTag = 0x75CDD15CULL;
constexpr double kClipNorm = 1.0;

} // namespace

std::vector<float> TscdPlan::teacherTimes(int from, int to) const {
    std::vector<float> times;
    for (int i = from * substeps; i <= to * substeps; ++i) {
        // The tier's own float32 knots at the segment points, the finer grid between them.
        times.push_back(i % substeps == 0 ? knots[static_cast<std::size_t>(i / substeps)]
                                          : fine[static_cast<std::size_t>(i)]);
    }
    return times;
}

Result<TscdPlan> makeTscdPlan(int tierTimesteps, double shift, int segments, int substeps) {
    const int steps = tierTimesteps - 1;
    if (segments < 1 || substeps < 1 || steps < segments || steps % segments != 0) {
        return makeError(ErrorCode::InvalidRequest,
                         "TSCD splits the tier's " + std::to_string(steps) + " steps into " +
                             std::to_string(segments) + " equal segments; use tier timesteps 1 + a multiple of " +
                             std::to_string(segments));
    }
    TscdPlan plan;
    plan.knots = shiftedTimesteps(tierTimesteps, shift);
    plan.fine = shiftedTimesteps(static_cast<std::int64_t>(steps) * substeps + 1, shift);
    plan.segments = segments;
    plan.stepsPerSegment = steps / segments;
    plan.substeps = substeps;
    return plan;
}

at::Tensor teacherOdeEndpoint(BagelModel& teacher, const GuidanceContexts& contexts, const at::Tensor& x,
                              std::int64_t h, std::int64_t w, const std::vector<float>& times,
                              const CfgGuidance& guidance, int* forwards) {
    const at::NoGradGuard noGrad;
    at::Tensor out = x.to(at::kFloat);
    for (std::size_t i = 0; i + 1 < times.size(); ++i) {
        const GuidedVelocity v = teacherGuidedVelocity(teacher, contexts, out, h, w, times[i], guidance);
        const float dt = times[i] - times[i + 1];
        out = out - v.guided * static_cast<double>(dt);
        if (forwards != nullptr) {
            *forwards += v.forwards;
        }
    }
    return out;
}

Result<std::unique_ptr<TscdTrainer>> TscdTrainer::create(const DistillRequest& request) {
    std::unique_ptr<TscdTrainer> trainer(new TscdTrainer());
    trainer->m_request = request;
    trainer->m_draw = cfgDrawOptions(request);
    auto plan = makeTscdPlan(request.tierTimesteps, request.shift);
    if (!plan) {
        return plan.error();
    }
    trainer->m_plan = std::move(plan.value());
    auto teacher = loadFrozenTeacher(request.teacherDir, request.device);
    if (!teacher) {
        return teacher.error();
    }
    trainer->m_teacher = std::move(teacher.value());
    BagelModel& bagel = trainer->teacher();
    const std::string start = startTierPath(request);
    auto generator = studentFromTier(bagel, start);
    if (!generator) {
        return generator.error();
    }
    trainer->m_generator = std::move(generator.value());
    // D's heads are the only random values of the stage.
    at::manual_seed(splitmix64(request.seed ^ kHeadSeedTag));
    auto discriminator = LatentDiscriminatorImpl::create(bagel, start);
    if (!discriminator) {
        return discriminator.error();
    }
    trainer->m_discriminator = std::move(discriminator.value());
    trainer->m_g = makeTrainedState(trainer->m_generator->trainable(), request.emaDecay);
    trainer->m_d = makeTrainedState(trainer->m_discriminator->trainable(), request.emaDecay);
    return trainer;
}

std::vector<TscdExample> TscdTrainer::prepare(std::int64_t step) {
    std::vector<TscdExample> batch;
    for (CfgExample example : drawCfgExamples(m_draw, step, tokenizer())) {
        // Segment and start knot from the example's own stream; the drawn continuous t is replaced.
        shapeworld::Rng rng(splitmix64(example.noiseSeed ^ kSegmentTag));
        TscdExample e;
        e.segment = static_cast<int>(rng.index(static_cast<std::size_t>(m_plan.segments)));
        e.knot = e.segment * m_plan.stepsPerSegment +
                 static_cast<int>(rng.index(static_cast<std::size_t>(m_plan.stepsPerSegment)));
        const int endKnot = m_plan.segmentEnd(e.segment);
        e.t = m_plan.knots[static_cast<std::size_t>(e.knot)];
        e.end = m_plan.knots[static_cast<std::size_t>(endKnot)];
        example.t = e.t;
        CfgExampleInputs inputs = encodeCfgExample(teacher(), example);
        e.task = example.sample.task;
        e.h = inputs.h;
        e.w = inputs.w;
        e.textScale = example.textScale;
        e.imageScale = example.imageScale;
        e.xt = noisyLatent(example, inputs.x0);
        e.real = teacherOdeEndpoint(teacher(), inputs.contexts, e.xt, e.h, e.w,
                                    m_plan.teacherTimes(e.knot, endKnot),
                                    officialGuidance(e.task, e.textScale, e.imageScale), &e.teacherForwards);
        e.context = std::move(inputs.contexts.gen);
        batch.push_back(std::move(e));
    }
    return batch;
}

at::Tensor TscdTrainer::fakeEndpoint(const TscdExample& e) {
    const at::Tensor v =
        m_generator->velocity(teacher(), e.context, e.xt, e.h, e.w, e.t, e.textScale, e.imageScale).to(at::kFloat);
    return e.xt - v * static_cast<double>(e.t - e.end);
}

at::Tensor TscdTrainer::judge(const TscdExample& e, const at::Tensor& endpoint) {
    return m_discriminator->forward(teacher(), e.context, endpoint, e.h, e.w, e.end, e.textScale, e.imageScale);
}

void TscdTrainer::setDiscriminatorTrainable(bool on) {
    for (auto& [name, p] : m_d.params) {
        p.set_requires_grad(on);
    }
}

TscdStepStats TscdTrainer::trainStep(const std::vector<TscdExample>& batch, double lr, double criticLr) {
    TscdStepStats stats;
    if (batch.empty()) {
        return stats;
    }
    const double n = static_cast<double>(batch.size());
    // G's endpoints for D's updates: G does not change between them.
    std::vector<at::Tensor> fakes;
    {
        const at::NoGradGuard noGrad;
        for (const TscdExample& e : batch) {
            fakes.push_back(fakeEndpoint(e));
        }
    }
    const int updates = std::max(1, m_request.criticUpdates);
    double lossD = 0.0;
    for (int c = 0; c < updates; ++c) {
        m_d.optimizer->zeroGrad();
        double loss = 0.0;
        double real = 0.0;
        double fake = 0.0;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            // One graph at a time: memory stays at one example's activations.
            const at::Tensor realLogits = judge(batch[i], batch[i].real);
            const at::Tensor fakeLogits = judge(batch[i], fakes[i]);
            const at::Tensor l = hingeDiscriminatorLoss(realLogits, fakeLogits);
            (l / n).backward();
            loss += l.item<double>();
            real += realLogits.mean().item<double>();
            fake += fakeLogits.mean().item<double>();
        }
        stats.gradNormD = m_d.optimizer->clipGradNorm(kClipNorm);
        m_d.optimizer->step(criticLr);
        m_d.ema->update(m_d.params);
        lossD += loss / n;
        stats.realLogit = real / n;
        stats.fakeLogit = fake / n;
    }
    stats.lossD = lossD / updates;

    // G's update through the (now fixed) discriminator: D's tensors take no gradient here.
    setDiscriminatorTrainable(false);
    m_g.optimizer->zeroGrad();
    double lossG = 0.0;
    double mse = 0.0;
    try {
        for (const TscdExample& e : batch) {
            const at::Tensor endpoint = fakeEndpoint(e);
            const at::Tensor l = hingeGeneratorLoss(judge(e, endpoint));
            (l / n).backward();
            lossG += l.item<double>();
            mse += (endpoint.detach() - e.real).pow(2).mean().item<double>();
        }
    } catch (...) {
        setDiscriminatorTrainable(true);
        throw;
    }
    setDiscriminatorTrainable(true);
    stats.gradNormG = m_g.optimizer->clipGradNorm(kClipNorm);
    m_g.optimizer->step(lr);
    m_g.ema->update(m_g.params);
    stats.lossG = lossG / n;
    stats.endpointMse = mse / n;
    return stats;
}

} // namespace hb
