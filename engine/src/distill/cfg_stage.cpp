// runCfgStage(): stage 1, CFG distillation (docs/distillation.md), on the shared loop (stage_loop.h).
// Each step draws its examples, lets the teacher prepare them (contexts, guided targets), takes one
// AdamW step on the student and updates the EMA; every checkpoint also writes the EMA weights as the
// tier of the output folder, so the folder is loadable and evaluable while the run goes on. A stopped
// run resumes bit for bit: the examples of step k are a pure function of (seed, k).

#include <string>

#include "distill/cfg_trainer.h"
#include "distill/stage_common.h"
#include "distill/stage_loop.h"
#include "distill/stages.h"

namespace hb {
namespace {

CfgTrainerOptions trainerOptions(const DistillRequest& r) {
    CfgTrainerOptions o;
    o.teacherDir = r.teacherDir;
    o.device = r.device;
    o.emaDecay = r.emaDecay;
    o.draw = cfgDrawOptions(r);
    return o;
}

class CfgStage : public DistillStage {
public:
    CfgStage(const DistillRequest& request, CfgTrainer& trainer) : m_r(request), m_trainer(trainer) {}

    std::string label() const override { return "distill-cfg"; }
    std::vector<std::string> columns() const override {
        return {"loss", "loss_t2i", "loss_edit", "gap", "grad_norm"};
    }
    std::vector<std::string> plotted() const override { return {"loss_t2i", "loss_edit", "gap"}; }
    std::int64_t samplesPerStep() const override { return m_r.textToImageBatch + m_r.editBatch; }
    std::vector<double> step(std::int64_t step, double lr) override {
        const CfgStepStats s = m_trainer.trainStep(m_trainer.prepare(step), lr);
        return {s.loss, s.lossTextToImage, s.lossEdit, s.gap, s.gradNorm};
    }
    std::vector<TrainedPart> parts() override {
        return {{"checkpoint.safetensors", &m_trainer.optimizer(), &m_trainer.ema()}};
    }
    Result<std::string> exportResult(std::int64_t step) override {
        return exportStageTier(m_r, m_trainer.ema().shadow(), step,
                               {{"note", "stage 1 (CFG distillation) only; TSCD and DMDO reduce the steps"}});
    }
    std::string startMessage() const override {
        std::int64_t count = 0;
        for (const auto& [name, p] : m_trainer.parameters()) {
            count += p.numel();
        }
        return "distilling " + std::to_string(count) + " generation-branch parameters of " + m_r.teacherDir +
               " (understanding branch frozen)";
    }

private:
    const DistillRequest& m_r;
    CfgTrainer& m_trainer;
};

} // namespace

Result<DistillReport> runCfgStage(const DistillRequest& request) {
    auto trainer = CfgTrainer::create(trainerOptions(request));
    if (!trainer) {
        return trainer.error();
    }
    CfgStage stage(request, **trainer);
    auto loop = runStageLoop(stage, stageLoopOptions(request, "CFG distillation",
                                                     {{"teacher_weights", weightFingerprint(teacherWeightsPath(
                                                                              request.teacherDir))}}));
    if (!loop) {
        return loop.error();
    }
    DistillReport report = distillReport(request, *loop);
    if (loop->last.size() > 3) {
        report.lastGap = loop->last[3];
    }
    return report;
}

} // namespace hb
