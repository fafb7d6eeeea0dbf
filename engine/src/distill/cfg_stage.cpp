// distillCfg(): the loop of stage 1, CFG distillation (docs/distillation.md). Each step draws its
// examples, lets the teacher prepare them (contexts, guided targets), takes one AdamW step on the
// student and updates the EMA. Every `checkpointEvery` steps and at the end it writes the checkpoint
// (parameters, moments, EMA), the loss curves, and the EMA weights as the tier of the output folder,
// so the folder is loadable and evaluable while the run goes on. A stopped run resumes bit for bit:
// the examples of step k are a pure function of (seed, k).

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

#include <ATen/ATen.h>

#include "hyperbagel/engine/distill.h"

#include "core/file_util.h"
#include "demo/stage_clock.h"
#include "distill/cfg_trainer.h"
#include "distill/tier_folder.h"
#include "models/bagel/bagel_model.h"
#include "session/error_mapping.h"
#include "training/loss_log.h"
#include "training/schedule.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kStage = "distill-cfg";
constexpr const char* kPrefix = "distill cfg: ";

Result<void> checkRequest(const DistillCfgRequest& r) {
    const auto bad = [](const std::string& what) {
        return makeError(ErrorCode::InvalidRequest, kPrefix + what);
    };
    if (r.teacherDir.empty() || r.outDir.empty()) {
        return bad("a teacher folder (--model) and an output folder (--out) are required");
    }
    std::error_code ec;
    if (fs::exists(r.outDir, ec) && fs::exists(r.teacherDir, ec) &&
        fs::equivalent(r.teacherDir, r.outDir, ec)) {
        return bad("the output folder must differ from the teacher folder (the teacher is only read)");
    }
    if (r.tier != "fast" && r.tier != "preview") {
        return bad("unknown tier \"" + r.tier + "\" (fast, preview)");
    }
    if (r.steps < 1 || r.textToImageBatch < 0 || r.editBatch < 0 || r.textToImageBatch + r.editBatch < 1) {
        return bad("steps must be at least 1 and a step needs at least one example");
    }
    if (r.checkpointEvery < 1 || r.logEvery < 1 || r.tierTimesteps < 2 || r.tierTimesteps > 1000) {
        return bad("checkpoint and log intervals must be at least 1, tier timesteps 2..1000");
    }
    if (!(r.peakLr > 0.0) || !std::isfinite(r.peakLr) || !(r.emaDecay >= 0.0 && r.emaDecay < 1.0)) {
        return bad("the learning rate must be positive and the EMA decay in [0, 1)");
    }
    if (!(r.shift >= 1.0) || !(r.textScaleMin >= 0.0 && r.textScaleMin <= r.textScaleMax) ||
        !(r.imageScaleMin >= 0.0 && r.imageScaleMin <= r.imageScaleMax)) {
        return bad("the shift must be at least 1 and each scale range must be ordered and non-negative");
    }
    return {};
}

CfgTrainerOptions trainerOptions(const DistillCfgRequest& r) {
    CfgTrainerOptions o;
    o.teacherDir = r.teacherDir;
    o.device = r.device;
    o.emaDecay = r.emaDecay;
    o.draw.textToImage = r.textToImageBatch;
    o.draw.edit = r.editBatch;
    o.draw.shift = r.shift;
    o.draw.textScaleMin = r.textScaleMin;
    o.draw.textScaleMax = r.textScaleMax;
    o.draw.imageScaleMin = r.imageScaleMin;
    o.draw.imageScaleMax = r.imageScaleMax;
    o.draw.seed = r.seed;
    return o;
}

/// Size and name of the teacher's weights: a checkpoint must resume on the teacher it started from.
std::string teacherFingerprint(const std::string& teacherDir) {
    std::error_code ec;
    const fs::path ema = fs::path(teacherDir) / "ema.safetensors";
    const auto bytes = fs::file_size(ema, ec);
    return ec ? std::string("unknown") : "ema.safetensors:" + std::to_string(bytes);
}

/// Writes the EMA weights as the tier of the output folder.
Result<std::string> exportTier(const DistillCfgRequest& r, const Ema& ema, std::int64_t step) {
    TierEntry entry;
    entry.name = r.tier;
    entry.timesteps = shiftedTimesteps(r.tierTimesteps, r.shift);
    entry.textScale = r.tierTextScale;
    entry.imageScale = r.tierImageScale;
    entry.provenance = {{"stage", "cfg"},
                        {"step", std::to_string(step)},
                        {"steps", std::to_string(r.steps)},
                        {"teacher", r.teacherDir},
                        {"note", "stage 1 (CFG distillation) only; TSCD and DMDO reduce the steps"}};
    return writeTierFolder(r.teacherDir, r.outDir, entry, ema.shadow());
}

class CfgStage {
public:
    CfgStage(const DistillCfgRequest& request, CfgTrainer& trainer)
        : m_r(request), m_trainer(trainer),
          m_dir(request.workDir.empty() ? (fs::path(request.outDir) / "distill-cfg").string()
                                        : request.workDir) {}

    Result<DistillCfgReport> run();

private:
    Result<void> resume();
    Result<void> checkpoint();
    Result<void> logStep(const CfgStepStats& stats, double lr);
    void say(const std::string& message) const;

    const DistillCfgRequest& m_r;
    CfgTrainer& m_trainer;
    fs::path m_dir;
    TrainProgressMark m_mark;
    std::optional<LossLog> m_log;
    StageClock m_clock{0.0};
    DistillCfgReport m_report;
};

void CfgStage::say(const std::string& message) const {
    if (m_r.onProgress) {
        TrainingProgress p;
        p.stage = kStage;
        p.message = message;
        m_r.onProgress(p);
    }
}

Result<void> CfgStage::resume() {
    const std::string path = (m_dir / "checkpoint.safetensors").string();
    const std::string fingerprint = teacherFingerprint(m_r.teacherDir);
    auto resumed = resumeTrainCheckpoint(path, m_trainer.optimizer(), m_trainer.ema());
    if (!resumed) {
        return resumed.error();
    }
    if (*resumed) {
        m_mark = **resumed;
        const auto it = m_mark.extra.find("teacher_weights");
        if (it != m_mark.extra.end() && it->second != fingerprint) {
            return makeError(ErrorCode::InvalidRequest,
                             "distill cfg: " + path + " was started from another teacher (" + it->second +
                                 ", now " + fingerprint + "); use a new --work folder");
        }
        say("resuming at step " + std::to_string(m_mark.step));
    } else {
        std::int64_t count = 0;
        for (const auto& [name, p] : m_trainer.parameters()) {
            count += p.numel();
        }
        say("distilling " + std::to_string(count) + " generation-branch parameters of " + m_r.teacherDir +
            " (understanding branch frozen)");
    }
    m_mark.extra["stage"] = "cfg";
    m_mark.extra["teacher"] = m_r.teacherDir;
    m_mark.extra["teacher_weights"] = fingerprint;
    auto log = LossLog::open((m_dir / "loss.csv").string(),
                             {"step", "samples", "lr", "loss", "loss_t2i", "loss_edit", "gap", "grad_norm"},
                             m_mark.step);
    if (!log) {
        return log.error();
    }
    m_log = std::move(log.value());
    return {};
}

Result<void> CfgStage::checkpoint() {
    if (auto ok = saveTrainCheckpoint((m_dir / "checkpoint.safetensors").string(), m_trainer.optimizer(),
                                      m_trainer.ema(), m_mark);
        !ok) {
        return ok;
    }
    if (!m_log->rows().empty()) {
        if (auto ok = m_log->plot((m_dir / "loss.png").string(), "CFG distillation", "samples",
                                  {"loss_t2i", "loss_edit", "gap"}, 5);
            !ok) {
            return ok;
        }
    }
    auto tier = exportTier(m_r, m_trainer.ema(), m_mark.step);
    if (!tier) {
        return tier.error();
    }
    m_report.tierPath = *tier;
    return {};
}

Result<void> CfgStage::logStep(const CfgStepStats& s, double lr) {
    const std::int64_t perStep = m_r.textToImageBatch + m_r.editBatch;
    if (auto ok = m_log->append({static_cast<double>(m_mark.step), static_cast<double>(m_mark.step * perStep),
                                 lr, s.loss, s.lossTextToImage, s.lossEdit, s.gap, s.gradNorm});
        !ok) {
        return ok;
    }
    if (m_r.onProgress) {
        m_r.onProgress(m_clock.progressAt(
            kStage, m_mark.step, m_r.steps,
            {{"loss", s.loss}, {"t2i", s.lossTextToImage}, {"edit", s.lossEdit}, {"gap", s.gap}, {"lr", lr}}));
    }
    return {};
}

Result<DistillCfgReport> CfgStage::run() {
    if (auto ok = ensureDirectory(m_dir.string()); !ok) {
        return ok.error();
    }
    if (auto ok = resume(); !ok) {
        return ok.error();
    }
    m_report.modelDir = m_r.outDir;
    if (m_r.shift < 3.0) {
        say("warning: shift " + std::to_string(m_r.shift) + " is below 3, which the paper needs");
    }
    const std::int64_t perStep = m_r.textToImageBatch + m_r.editBatch;
    const WarmupCosine schedule{m_r.peakLr, m_r.peakLr * 0.1, std::min<std::int64_t>(100, m_r.steps / 10),
                                m_r.steps};
    while (m_mark.step < m_r.steps) {
        if (m_r.cancel != nullptr && m_r.cancel->load()) {
            if (auto ok = checkpoint(); !ok) {
                return ok.error();
            }
            m_report.steps = m_mark.step;
            m_report.stoppedEarly = true;
            return m_report;
        }
        const double lr = schedule.at(m_mark.step);
        const CfgStepStats stats = m_trainer.trainStep(m_trainer.prepare(m_mark.step), lr);
        if (!std::isfinite(stats.loss)) {
            return makeError(ErrorCode::Internal, "distill cfg: the loss became " +
                                                      std::to_string(stats.loss) + " at step " +
                                                      std::to_string(m_mark.step) +
                                                      "; resume from the last checkpoint with a lower rate");
        }
        ++m_mark.step;
        m_clock.tick(m_mark.step, perStep);
        m_mark.trainedSeconds += m_clock.secondsPerStep();
        m_report.lastLoss = stats.loss;
        m_report.lastGap = stats.gap;
        m_report.samplesPerSecond = m_clock.samplesPerSecond();
        if (m_mark.step % m_r.logEvery == 0 || m_mark.step == m_r.steps) {
            if (auto ok = logStep(stats, lr); !ok) {
                return ok.error();
            }
        }
        if (m_mark.step % m_r.checkpointEvery == 0 && m_mark.step < m_r.steps) {
            if (auto ok = checkpoint(); !ok) {
                return ok.error();
            }
        }
    }
    if (auto ok = checkpoint(); !ok) {
        return ok.error();
    }
    m_report.steps = m_mark.step;
    say("finished at step " + std::to_string(m_mark.step) + "; tier \"" + m_r.tier + "\" written to " +
        m_report.tierPath);
    return m_report;
}

} // namespace

Result<DistillCfgReport> distillCfg(const DistillCfgRequest& request) {
    if (auto ok = checkRequest(request); !ok) {
        return ok.error();
    }
    // Every error leaves with one "distill cfg: " prefix, whichever part raised it.
    const auto prefixed = [](const Error& e) {
        return e.message.rfind(kPrefix, 0) == 0 ? e : makeError(e.code, std::string(kPrefix) + e.message);
    };
    try {
        auto trainer = CfgTrainer::create(trainerOptions(request));
        if (!trainer) {
            return prefixed(trainer.error());
        }
        auto report = CfgStage(request, **trainer).run();
        if (!report) {
            return prefixed(report.error());
        }
        return report;
    } catch (const std::exception& e) {
        return mapException(e, "distill cfg");
    }
}

} // namespace hb
