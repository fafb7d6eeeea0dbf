// trainDemo(): the ShapeWorld stages in order, each in its own folder under the output folder.

#include <filesystem>
#include <set>

#include "hyperbagel/engine/demo.h"

#include "core/file_util.h"
#include "demo/autoencoder_stage.h"
#include "demo/stage_env.h"
#include "demo/teacher_stage.h"
#include "demo/tokenizer_stage.h"
#include "models/bagel/presets.h"
#include "session/error_mapping.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

const std::vector<std::string> kStages = {"tokenizer", "autoencoder", "teacher"};

/// Copies a finished stage's files from an earlier run's model folder when the stage has none yet.
Result<void> seedStageFrom(const std::string& from, const std::string& stage, const std::string& dir) {
    if (from.empty()) {
        return {};
    }
    std::vector<std::string> files;
    if (stage == "tokenizer") {
        files = {"tokenizer.json"};
    } else if (stage == "autoencoder") {
        files = {"ae.safetensors", "ae_config.json"};
    }
    bool all = !files.empty();
    for (const std::string& f : files) {
        all = all && fs::exists(fs::path(from) / f) && !fs::exists(fs::path(dir) / f);
    }
    if (!all) {
        return {};
    }
    for (const std::string& f : files) {
        std::error_code ec;
        fs::copy_file(fs::path(from) / f, fs::path(dir) / f, ec);
        if (ec) {
            return makeError(ErrorCode::IoError, "cannot copy " + (fs::path(from) / f).string() + ": " + ec.message());
        }
    }
    return {};
}

} // namespace

Result<DemoTrainReport> trainDemo(const DemoTrainRequest& request) {
    std::vector<std::string> stages = request.stages.empty() ? kStages : request.stages;
    for (const std::string& s : stages) {
        if (std::find(kStages.begin(), kStages.end(), s) == kStages.end()) {
            return makeError(ErrorCode::InvalidRequest,
                             "unknown stage \"" + s + "\" (stages: tokenizer, autoencoder, teacher)");
        }
    }
    if (request.outDir.empty()) {
        return makeError(ErrorCode::InvalidRequest, "demo train: no output folder given");
    }
    const auto preset = findBagelPreset("shapeworld");
    if (!preset) {
        return makeError(ErrorCode::Internal, "the shapeworld preset is missing");
    }
    DemoTrainReport report;
    StageClock clock(request.budgetMinutes * 60.0);
    try {
        for (const std::string& stage : kStages) {
            if (std::find(stages.begin(), stages.end(), stage) == stages.end()) {
                continue;
            }
            const std::string dir = (fs::path(request.outDir) / stage).string();
            if (auto ok = ensureDirectory(dir); !ok) {
                return ok.error();
            }
            if (auto ok = seedStageFrom(request.resumeFrom, stage, dir); !ok) {
                return ok.error();
            }
            StageClock stageClock(request.budgetMinutes > 0.0
                                      ? std::max(1.0, request.budgetMinutes * 60.0 - clock.elapsedSeconds())
                                      : 0.0);
            const StageEnv env{dir, request.seed, &request, &stageClock};
            Result<StageOutcome> outcome = StageOutcome::Finished;
            if (stage == "tokenizer") {
                outcome = runTokenizerStage(env);
            } else if (stage == "autoencoder") {
                AutoencoderStageOptions options;
                if (request.autoencoderSteps > 0) {
                    options.steps = request.autoencoderSteps;
                }
                options.gateTarget = request.autoencoderGate;
                options.earlyStopRate = std::max(options.earlyStopRate, request.autoencoderGate);
                if (request.autoencoderGateSamples > 0) {
                    options.gateSamples = request.autoencoderGateSamples;
                }
                outcome = runAutoencoderStage(env, preset->config.vae, options);
            } else {
                TeacherStageOptions options;
                if (request.teacherSteps > 0) {
                    options.steps = request.teacherSteps;
                }
                if (request.teacherSnapshotEvery > 0) {
                    options.snapshotEvery = request.teacherSnapshotEvery;
                }
                const fs::path warm = fs::path(request.resumeFrom) / "ema.safetensors";
                if (!request.resumeFrom.empty() && fs::exists(warm)) {
                    options.warmStart = warm.string();
                }
                options.device = request.device;
                if (request.teacherBatchPerTask > 0) {
                    options.textToImageBatch = options.editBatch = options.questionBatch = request.teacherBatchPerTask;
                }
                const fs::path root(request.outDir);
                report.modelDir = (root / "model").string();
                outcome = runTeacherStage(env, (root / "tokenizer").string(), (root / "autoencoder").string(),
                                          report.modelDir, options);
            }
            if (!outcome) {
                return outcome.error();
            }
            if (*outcome == StageOutcome::Stopped) {
                report.stoppedEarly = true;
                return report;
            }
            report.finishedStages.push_back(stage);
        }
    } catch (const std::exception& e) {
        return mapException(e, "demo train");
    }
    return report;
}

Result<AutoencoderCheck> checkDemoAutoencoder(const std::string& stageDir, std::uint64_t seed,
                                              std::int64_t samples, const std::string& gridPath) {
    try {
        auto gate = checkAutoencoderStage(stageDir, seed, samples, gridPath);
        if (!gate) {
            return gate.error();
        }
        return AutoencoderCheck{gate->rate, gate->commonMisses, gate->latentStd, gate->posteriorStd};
    } catch (const std::exception& e) {
        return mapException(e, "demo check-autoencoder");
    }
}

Result<std::int64_t> exportDemoTeacher(const std::string& outDir, const std::string& modelDir) {
    const fs::path root(outDir);
    try {
        return exportTeacherCheckpoint((root / "teacher").string(), (root / "tokenizer").string(),
                                       (root / "autoencoder").string(), modelDir);
    } catch (const std::exception& e) {
        return mapException(e, "demo export");
    }
}

} // namespace hb
