#include "distill/cfg_trainer.h"

#include <filesystem>

#include <ATen/ATen.h>

#include "session/model_impl.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

Error teacherError(const std::string& folder, const Error& e) {
    return makeError(e.code, "teacher " + folder + ": " + e.message);
}

// The teacher only ever runs without gradients; freezing it also keeps the student's forward (which
// embeds the block markers with the teacher's table) from accumulating gradients in it.
void freeze(torch::nn::Module& module) {
    for (auto& p : module.parameters()) {
        p.set_requires_grad(false);
    }
}

} // namespace

Result<std::unique_ptr<CfgTrainer>> CfgTrainer::create(const CfgTrainerOptions& options) {
    std::error_code ec;
    if (options.teacherDir.empty() || !fs::is_directory(options.teacherDir, ec)) {
        return makeError(ErrorCode::FileNotFound,
                         "the teacher folder \"" + options.teacherDir + "\" does not exist");
    }
    std::unique_ptr<CfgTrainer> trainer(new CfgTrainer());
    trainer->m_options = options;
    auto model = Model::load(ModelLoadOptions{options.teacherDir, options.device, Precision::Fp32});
    if (!model) {
        return teacherError(options.teacherDir, model.error());
    }
    trainer->m_model = std::move(model.value());
    auto tokenizer = Tokenizer::loadTokenizerJson((fs::path(options.teacherDir) / "tokenizer.json").string());
    if (!tokenizer) {
        return makeError(ErrorCode::Unsupported, "teacher " + options.teacherDir +
                                                     ": no usable tokenizer.json, so its prompts cannot be "
                                                     "encoded (" +
                                                     tokenizer.error().message + ")");
    }
    trainer->m_tokenizer = std::move(tokenizer.value());
    BagelModel& teacher = trainer->teacher();
    freeze(teacher.llm());
    freeze(teacher.vit());
    freeze(teacher.vae());
    // The guidance embedders' first layers are the only random values: seeded by the run.
    at::manual_seed(static_cast<std::uint64_t>(options.draw.seed) + 31);
    auto student = CfgStudentImpl::fromTeacher(teacher);
    if (!student) {
        return teacherError(options.teacherDir, student.error());
    }
    trainer->m_student = std::move(student.value());
    trainer->m_params = trainer->m_student->trainable();
    std::vector<std::string> noDecay;
    for (const auto& [name, p] : trainer->m_params) {
        if (isNoDecayName(name)) {
            noDecay.push_back(name);
        }
    }
    trainer->m_optimizer = std::make_unique<AdamW>(
        trainer->m_params, AdamWOptions{0.9, 0.95, 1e-8, options.weightDecay}, noDecay);
    trainer->m_ema = std::make_unique<Ema>(trainer->m_params, options.emaDecay);
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
