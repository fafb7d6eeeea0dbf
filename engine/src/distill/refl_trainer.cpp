#include "distill/refl_trainer.h"

#include <filesystem>

#include <ATen/ATen.h>

#include "demo/world_data.h"
#include "generation/noise.h"
#include "models/bagel/bagel_model.h"
#include "shapeworld/oracle.h"

namespace fs = std::filesystem;

namespace hb {

Result<std::unique_ptr<ReflTrainer>> ReflTrainer::create(const ReflTrainerOptions& options) {
    std::error_code ec;
    if (!fs::is_regular_file(options.startTierPath, ec)) {
        return makeError(ErrorCode::FileNotFound,
                         "the start tier \"" + options.startTierPath + "\" does not exist");
    }
    if (options.times.size() < 2 || options.times.front() != 1.0f || options.times.back() != 0.0f) {
        return makeError(ErrorCode::InvalidRequest, "ReFL needs tier timesteps from 1 down to 0");
    }
    std::unique_ptr<ReflTrainer> trainer(new ReflTrainer());
    trainer->m_options = options;
    trainer->m_options.draw.edit = 0;
    auto reward = loadRewardModel(options.rewardPath, options.device);
    if (!reward) {
        return reward.error();
    }
    trainer->m_reward = *reward;
    auto teacher = loadFrozenTeacher(options.teacherDir, options.device);
    if (!teacher) {
        return teacher.error();
    }
    trainer->m_teacher = std::move(teacher.value());
    BagelModel& bagel = trainer->teacher();
    if (trainer->m_reward->config().vocabSize < bagel.config().llm.vocabSize) {
        return makeError(ErrorCode::InvalidRequest,
                         "the reward model " + options.rewardPath + " reads " +
                             std::to_string(trainer->m_reward->config().vocabSize) +
                             " token ids but the teacher has " + std::to_string(bagel.config().llm.vocabSize) +
                             " (train it on this teacher with distill reward)");
    }
    auto student = studentFromTier(bagel, options.startTierPath);
    if (!student) {
        return student.error();
    }
    trainer->m_student = std::move(student.value());
    if (options.anchorWeight > 0.0) {
        auto start = studentFromTier(bagel, options.startTierPath);
        if (!start) {
            return start.error();
        }
        trainer->m_start = std::move(start.value());
        for (auto& p : trainer->m_start->parameters()) {
            p.set_requires_grad(false);
        }
    }
    trainer->m_state = makeTrainedState(trainer->m_student->trainable(), options.emaDecay);
    return trainer;
}

std::vector<PreparedReflExample> ReflTrainer::prepare(std::int64_t step) {
    const at::NoGradGuard noGrad;
    std::vector<PreparedReflExample> batch;
    for (const CfgExample& e : drawCfgExamples(m_options.draw, step, tokenizer())) {
        CfgExampleInputs inputs = encodeCfgExample(teacher(), e);
        PreparedReflExample p;
        p.noise = seededNormal(e.noiseSeed, "refl-noise", inputs.x0.sizes()).to(inputs.x0.device());
        p.h = inputs.h;
        p.w = inputs.w;
        p.textScale = e.textScale;
        p.imageScale = e.imageScale;
        p.prompt = e.sample.prompt;
        // The oracle reads clean renders exactly, so this is the scene the caption describes.
        p.scene = shapeworld::readScene(e.sample.target);
        p.context = std::move(inputs.contexts.gen);
        batch.push_back(std::move(p));
    }
    return batch;
}

at::Tensor ReflTrainer::predictX0(CfgStudentImpl& generator, const PreparedReflExample& e) {
    const std::vector<float>& times = m_options.times;
    const std::size_t last = times.size() - 2; // the step that is trained
    at::Tensor x = e.noise;
    if (last > 0) {
        const std::vector<float> prefix(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(last) + 1);
        x = studentRollout(generator, teacher(), e.context, e.noise, e.h, e.w, prefix, e.textScale, e.imageScale)
                .knots.back();
    }
    const double t = times[last];
    const at::Tensor v =
        generator.velocity(teacher(), e.context, x, e.h, e.w, t, e.textScale, e.imageScale).to(at::kFloat);
    return x0Prediction(x, v, t);
}

ReflStepStats ReflTrainer::run(const std::vector<PreparedReflExample>& batch, bool backward, bool withOracle) {
    ReflStepStats stats;
    if (batch.empty()) {
        return stats;
    }
    const double n = static_cast<double>(batch.size());
    double loss = 0.0, hinge = 0.0, reward = 0.0, anchor = 0.0, oracle = 0.0;
    for (const PreparedReflExample& e : batch) {
        const at::Tensor x0 = predictX0(*m_student, e);
        const at::Tensor image = rewardImageOf(teacher(), x0, e.h, e.w);
        const at::Tensor r = m_reward->forward(image, {e.prompt});
        const at::Tensor h = at::relu(m_options.threshold - r).mean();
        at::Tensor total = h;
        if (m_start) {
            at::Tensor reference;
            {
                const at::NoGradGuard noGrad;
                reference = predictX0(*m_start, e);
            }
            const at::Tensor a = (x0 - reference).pow(2).mean();
            total = total + m_options.anchorWeight * a;
            anchor += a.item<double>();
        }
        if (backward) {
            (total / n).backward(); // one graph at a time: memory stays at one example's activations
        }
        loss += total.item<double>();
        hinge += h.item<double>();
        reward += r.mean().item<double>();
        if (withOracle) {
            oracle += oracleRewardLabel(e.scene, batchToImages(image.detach())[0]);
        }
    }
    stats.loss = loss / n;
    stats.hinge = hinge / n;
    stats.reward = reward / n;
    if (m_start) {
        stats.anchor = anchor / n;
    }
    if (withOracle) {
        stats.oracle = oracle / n;
    }
    return stats;
}

ReflStepStats ReflTrainer::trainStep(const std::vector<PreparedReflExample>& batch, double lr, bool withOracle) {
    m_state.optimizer->zeroGrad();
    ReflStepStats stats = run(batch, /*backward=*/true, withOracle);
    stats.gradNorm = m_state.optimizer->clipGradNorm(1.0);
    m_state.optimizer->step(lr);
    m_state.ema->update(m_state.params);
    return stats;
}

ReflStepStats ReflTrainer::evaluate(const std::vector<PreparedReflExample>& batch, bool withOracle) {
    const at::NoGradGuard noGrad;
    return run(batch, /*backward=*/false, withOracle);
}

at::Tensor ReflTrainer::sample(const PreparedReflExample& example) {
    const at::NoGradGuard noGrad;
    return rewardImageOf(teacher(), predictX0(*m_student, example), example.h, example.w);
}

} // namespace hb
