#include "distill/cfg_trainer.h"

#include <ATen/ATen.h>

#include "distill/stage_common.h"
#include "session/model_impl.h"

namespace hb {

Result<std::unique_ptr<CfgTrainer>> CfgTrainer::create(const CfgTrainerOptions& options) {
    auto frozen = loadFrozenTeacher(options.teacherDir, options.device);
    if (!frozen) {
        return frozen.error();
    }
    std::unique_ptr<CfgTrainer> trainer(new CfgTrainer());
    trainer->m_options = options;
    trainer->m_model = std::move(frozen->model);
    trainer->m_tokenizer = std::move(frozen->tokenizer);
    // The guidance embedders' first layers are the only random values: seeded by the run.
    at::manual_seed(static_cast<std::uint64_t>(options.draw.seed) + 31);
    auto student = CfgStudentImpl::fromTeacher(trainer->teacher());
    if (!student) {
        return makeError(student.error().code, "teacher " + options.teacherDir + ": " + student.error().message);
    }
    trainer->m_student = std::move(student.value());
    TrainedState state = makeTrainedState(trainer->m_student->trainable(), options.emaDecay);
    trainer->m_params = std::move(state.params);
    trainer->m_optimizer = std::move(state.optimizer);
    trainer->m_ema = std::move(state.ema);
    return trainer;
}

BagelModel& CfgTrainer::teacher() { return *m_model->impl().bagel; }

std::vector<PreparedCfgExample> CfgTrainer::prepare(std::int64_t step) {
    std::vector<PreparedCfgExample> batch;
    for (const CfgExample& example : drawCfgExamples(m_options.draw, step, *m_tokenizer)) {
        batch.push_back(prepareCfgExample(teacher(), example));
    }
    return batch;
}

CfgStepStats CfgTrainer::run(const std::vector<PreparedCfgExample>& batch, bool backward) {
    CfgStepStats stats;
    double total = 0.0;
    double gap = 0.0;
    double byTask[2] = {0.0, 0.0};
    int counts[2] = {0, 0};
    const double n = static_cast<double>(batch.size());
    for (const PreparedCfgExample& e : batch) {
        const at::Tensor v =
            m_student->velocity(teacher(), e.context, e.xt, e.h, e.w, e.t, e.textScale, e.imageScale);
        const at::Tensor loss = (v.to(at::kFloat) - e.target).pow(2).mean();
        if (backward) {
            (loss / n).backward(); // one graph at a time: memory stays at one example's activations
        }
        const double value = loss.item<double>();
        const int task = e.task == TeacherTask::Edit ? 1 : 0;
        total += value;
        byTask[task] += value;
        ++counts[task];
        gap += (e.conditional - e.target).pow(2).mean().item<double>();
    }
    if (batch.empty()) {
        return stats;
    }
    stats.loss = total / n;
    stats.gap = gap / n;
    if (counts[0] > 0) {
        stats.lossTextToImage = byTask[0] / counts[0];
    }
    if (counts[1] > 0) {
        stats.lossEdit = byTask[1] / counts[1];
    }
    return stats;
}

CfgStepStats CfgTrainer::trainStep(const std::vector<PreparedCfgExample>& batch, double lr) {
    m_optimizer->zeroGrad();
    CfgStepStats stats = run(batch, /*backward=*/true);
    stats.gradNorm = m_optimizer->clipGradNorm(1.0);
    m_optimizer->step(lr);
    m_ema->update(m_params);
    return stats;
}

CfgStepStats CfgTrainer::evaluate(const std::vector<PreparedCfgExample>& batch) {
    const at::NoGradGuard noGrad;
    return run(batch, /*backward=*/false);
}

} // namespace hb
