#include "distill/stage_loop.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "core/file_util.h"
#include "demo/stage_clock.h"
#include "training/loss_log.h"
#include "training/schedule.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

class Loop {
public:
    Loop(DistillStage& stage, const StageLoopOptions& options) : m_stage(stage), m_o(options) {}
    Result<StageLoopReport> run();

private:
    Result<void> resume();
    Result<void> checkpoint();
    Result<void> logStep(const std::vector<double>& values, double lr);
    void say(const std::string& message) const;
    std::string path(const std::string& file) const { return (fs::path(m_o.workDir) / file).string(); }

    DistillStage& m_stage;
    const StageLoopOptions& m_o;
    TrainProgressMark m_mark;
    std::optional<LossLog> m_log;
    StageClock m_clock{0.0};
    StageLoopReport m_report;
};

void Loop::say(const std::string& message) const {
    if (m_o.onProgress) {
        TrainingProgress p;
        p.stage = m_stage.label();
        p.message = message;
        m_o.onProgress(p);
    }
}

Result<void> Loop::resume() {
    const std::vector<TrainedPart> parts = m_stage.parts();
    auto first = resumeTrainCheckpoint(path(parts.front().file), *parts.front().optimizer, *parts.front().ema);
    if (!first) {
        return first.error();
    }
    const bool resumed = first->has_value();
    if (resumed) {
        m_mark = **first;
        // The other parts were written at the same step; on a fresh run they start fresh too.
        for (std::size_t i = 1; i < parts.size(); ++i) {
            auto loaded = loadTrainCheckpoint(path(parts[i].file), *parts[i].optimizer, *parts[i].ema);
            if (!loaded) {
                return loaded.error();
            }
        }
    }
    if (resumed) {
        for (const auto& [key, value] : m_o.fingerprint) {
            const auto it = m_mark.extra.find(key);
            if (it != m_mark.extra.end() && it->second != value) {
                return makeError(ErrorCode::InvalidRequest,
                                 path(parts.front().file) + " was started with another " + key + " (" +
                                     it->second + ", now " + value + "); use a new --work folder");
            }
        }
        say("resuming at step " + std::to_string(m_mark.step));
    } else {
        say(m_stage.startMessage());
    }
    for (const auto& [key, value] : m_o.fingerprint) {
        m_mark.extra[key] = value;
    }
    std::vector<std::string> columns = {"step", "samples", "lr"};
    for (const std::string& c : m_stage.columns()) {
        columns.push_back(c);
    }
    auto log = LossLog::open(path("loss.csv"), columns, m_mark.step);
    if (!log) {
        return log.error();
    }
    m_log = std::move(log.value());
    return {};
}

Result<void> Loop::checkpoint() {
    for (const TrainedPart& part : m_stage.parts()) {
        if (auto ok = saveTrainCheckpoint(path(part.file), *part.optimizer, *part.ema, m_mark); !ok) {
            return ok;
        }
    }
    if (!m_log->rows().empty()) {
        if (auto ok = m_log->plot(path("loss.png"), m_o.title, "samples", m_stage.plotted(), 5); !ok) {
            return ok;
        }
    }
    auto result = m_stage.exportResult(m_mark.step);
    if (!result) {
        return result.error();
    }
    m_report.resultPath = *result;
    return {};
}

Result<void> Loop::logStep(const std::vector<double>& values, double lr) {
    std::vector<double> row = {static_cast<double>(m_mark.step),
                               static_cast<double>(m_mark.step * m_stage.samplesPerStep()), lr};
    row.insert(row.end(), values.begin(), values.end());
    if (auto ok = m_log->append(row); !ok) {
        return ok;
    }
    if (m_o.onProgress) {
        std::vector<std::pair<std::string, double>> metrics;
        const std::vector<std::string> columns = m_stage.columns();
        for (std::size_t i = 0; i < columns.size() && i < values.size(); ++i) {
            metrics.emplace_back(columns[i], values[i]);
        }
        metrics.emplace_back("lr", lr);
        m_o.onProgress(m_clock.progressAt(m_stage.label(), m_mark.step, m_o.steps, std::move(metrics)));
    }
    return {};
}

Result<StageLoopReport> Loop::run() {
    if (auto ok = ensureDirectory(m_o.workDir); !ok) {
        return ok.error();
    }
    if (auto ok = resume(); !ok) {
        return ok.error();
    }
    const WarmupCosine schedule{m_o.peakLr, m_o.peakLr * 0.1, std::min<std::int64_t>(100, m_o.steps / 10),
                                m_o.steps};
    while (m_mark.step < m_o.steps) {
        if (m_o.cancel != nullptr && m_o.cancel->load()) {
            if (auto ok = checkpoint(); !ok) {
                return ok.error();
            }
            m_report.steps = m_mark.step;
            m_report.stoppedEarly = true;
            return m_report;
        }
        const double lr = schedule.at(m_mark.step);
        const std::vector<double> values = m_stage.step(m_mark.step, lr);
        if (values.empty() || !std::isfinite(values.front())) {
            return makeError(ErrorCode::Internal,
                             "the loss became " + (values.empty() ? std::string("undefined")
                                                                  : std::to_string(values.front())) +
                                 " at step " + std::to_string(m_mark.step) +
                                 "; resume from the last checkpoint with a lower rate");
        }
        ++m_mark.step;
        m_clock.tick(m_mark.step, m_stage.samplesPerStep());
        m_mark.trainedSeconds += m_clock.secondsPerStep();
        m_report.last = values;
        m_report.samplesPerSecond = m_clock.samplesPerSecond();
        if (m_mark.step % m_o.logEvery == 0 || m_mark.step == m_o.steps) {
            if (auto ok = logStep(values, lr); !ok) {
                return ok.error();
            }
        }
        if (m_mark.step % m_o.checkpointEvery == 0 && m_mark.step < m_o.steps) {
            if (auto ok = checkpoint(); !ok) {
                return ok.error();
            }
        }
    }
    if (auto ok = checkpoint(); !ok) {
        return ok.error();
    }
    m_report.steps = m_mark.step;
    say("finished at step " + std::to_string(m_mark.step) + "; result written to " + m_report.resultPath);
    return m_report;
}

} // namespace

Result<StageLoopReport> runStageLoop(DistillStage& stage, const StageLoopOptions& options) {
    return Loop(stage, options).run();
}

} // namespace hb
