#include "demo/teacher_stage.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <ATen/ATen.h>

#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/safetensors.h"

#include "core/file_util.h"
#include "demo/teacher_batch.h"
#include "demo/teacher_loss.h"
#include "demo/teacher_model.h"
#include "demo/world_data.h"
#include "models/bagel/bagel_config.h"
#include "models/bagel/flux_vae.h"
#include "models/bagel/latent_layout.h"
#include "models/bagel/presets.h"
#include "models/bagel/vit_patchify.h"
#include "models/device_name.h"
#include "models/weight_loader.h"
#include "training/adamw.h"
#include "training/ema.h"
#include "training/loss_log.h"
#include "training/schedule.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kStage = "teacher";

Result<void> exportModel(const BagelTrainableImpl& model, const BagelConfig& config, const std::string& tokenizerDir,
                         const std::string& autoencoderDir, const std::string& modelDir, std::int64_t step) {
    if (auto ok = ensureDirectory(modelDir); !ok) {
        return ok.error();
    }
    const fs::path out(modelDir);
    BagelPreset preset{"shapeworld", "", config, false, DType::F32};
    if (auto ok = writePresetConfigs(preset, modelDir, "bfloat16"); !ok) {
        return ok.error();
    }
    std::error_code ec;
    for (const auto& [from, to] : {std::make_pair(fs::path(tokenizerDir) / "tokenizer.json", out / "tokenizer.json"),
                                   std::make_pair(fs::path(autoencoderDir) / "ae.safetensors", out / "ae.safetensors"),
                                   std::make_pair(fs::path(autoencoderDir) / "ae_config.json", out / "ae_config.json")}) {
        fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return makeError(ErrorCode::IoError, "cannot copy " + from.string() + " to " + to.string() + ": " +
                                                     ec.message());
        }
    }
    // bf16 like the released BAGEL ema.safetensors: half the bytes in the repository; the loader
    // converts to the chosen precision.
    return saveTensorFile((out / "ema.safetensors").string(), moduleTensors(model), at::kBFloat16,
                          {{"format", "pt"}, {"model", "ShapeWorld teacher"}, {"teacher_step", std::to_string(step)}});
}

struct TeacherParts {
    BagelConfig config;
    FluxVae vae{nullptr}; ///< the finished autoencoder, frozen
};

/// The shapeworld preset with the finished autoencoder's config, and that autoencoder loaded.
Result<TeacherParts> teacherConfig(const std::string& autoencoderDir) {
    auto aeText = readTextFile((fs::path(autoencoderDir) / "ae_config.json").string());
    auto aeStore = TensorStore::open((fs::path(autoencoderDir) / "ae.safetensors").string());
    if (!aeText || !aeStore) {
        return makeError(ErrorCode::InvalidRequest, "teacher: the autoencoder stage has not finished (no "
                                                    "ae.safetensors and ae_config.json in " +
                                                        autoencoderDir + ")");
    }
    TeacherParts parts;
    parts.config = findBagelPreset("shapeworld")->config;
    std::vector<Finding> findings;
    if (!parseAeConfig(*aeText, "ae_config.json", parts.config.vae, findings)) {
        return makeError(ErrorCode::BadConfig, autoencoderDir + "/ae_config.json is not valid");
    }
    parts.vae = FluxVae(parts.config.vae);
    if (auto ok = loadWeights(*parts.vae, **aeStore, "", WeightTarget{}); !ok) {
        return ok.error();
    }
    parts.vae->eval();
    for (auto& p : parts.vae->parameters()) {
        p.set_requires_grad(false);
    }
    return parts;
}

NamedTensors namedParameters(BagelTrainableImpl& model, std::vector<std::string>* noDecay = nullptr) {
    NamedTensors params;
    for (const auto& item : model.named_parameters(true)) {
        params.emplace_back(item.key(), item.value());
        if (noDecay != nullptr && isNoDecayName(item.key())) {
            noDecay->push_back(item.key());
        }
    }
    return params;
}

/// Writes the EMA weights as a model folder and measures them on a slice of the held-out sets, so a
/// long run shows its quality as it goes (the loss alone says little about shapes).
Result<std::string> measureSnapshot(BagelTrainableImpl& model, const Ema& ema, NamedTensors& params,
                                    const BagelConfig& config, const std::string& tokenizerDir,
                                    const std::string& autoencoderDir, const fs::path& stageDir, std::int64_t step,
                                    const DemoTrainRequest& request) {
    const std::string folder = (stageDir / "snapshot").string();
    Result<void> exported;
    ema.withAveraged(params, [&] { exported = exportModel(model, config, tokenizerDir, autoencoderDir, folder, step); });
    if (!exported) {
        return exported.error();
    }
    DemoEvalRequest eval;
    eval.modelDir = folder;
    eval.outDir = (stageDir / "snapshot-eval").string();
    eval.split = "any";
    eval.genevalPerCategory = 4;
    eval.editCount = 24;
    eval.questionCount = 28;
    eval.timesteps = 25;
    eval.cancel = request.cancel;
    eval.device = request.device;
    auto report = evaluateDemo(eval);
    if (!report) {
        return report.error();
    }
    const double overall = report->geneval.empty() ? 0.0 : report->geneval.back().second;
    const fs::path csv = stageDir / "snapshots.csv";
    const bool fresh = !fs::exists(csv);
    std::ofstream out(csv, std::ios::app);
    if (fresh) {
        out << "step,geneval_overall,gedit_success,gedit_preservation,vqa\n";
    }
    out << step << "," << overall << "," << report->geditSuccess << "," << report->geditPreservation << ","
        << report->vqaAccuracy << "\n";
    std::ostringstream line;
    line << "snapshot at step " << step << ": mini-GenEval " << overall << ", GEdit success "
         << report->geditSuccess << " (preservation " << report->geditPreservation << "), VQA "
         << report->vqaAccuracy << " (small slice, 25 steps)";
    return line.str();
}

} // namespace

Result<StageOutcome> runTeacherStage(const StageEnv& env, const std::string& tokenizerDir,
                                     const std::string& autoencoderDir, const std::string& modelDir,
                                     const TeacherStageOptions& options) {
    const fs::path dir(env.dir);
    if (fs::exists(fs::path(modelDir) / "ema.safetensors")) {
        return StageOutcome::Finished;
    }
    auto tokenizer = Tokenizer::loadTokenizerJson((fs::path(tokenizerDir) / "tokenizer.json").string());
    if (!tokenizer) {
        return makeError(tokenizer.error().code,
                         "teacher: the tokenizer stage has not finished (" + tokenizer.error().message + ")");
    }
    auto prepared = teacherConfig(autoencoderDir);
    if (!prepared) {
        return prepared.error();
    }
    const BagelConfig config = prepared->config;
    FluxVae vae = prepared->vae;
    auto device = parseDevice(options.device);
    if (!device) {
        return makeError(device.error().code, "teacher: " + device.error().message);
    }

    at::manual_seed(env.seed + 17);
    BagelTrainable model(config);
    // Parameters are made on the CPU (the same initial values on every device), then moved; the
    // optimizer and EMA state follow them.
    model->to(*device);
    vae->to(*device);
    std::vector<std::string> noDecay;
    NamedTensors params = namedParameters(*model, &noDecay);
    AdamW optimizer(params, AdamWOptions{0.9, 0.95, 1e-8, options.weightDecay}, noDecay);
    Ema ema(params, options.emaDecay);
    const std::string checkpointPath = (dir / "checkpoint.safetensors").string();
    TrainProgressMark mark;
    std::int64_t warmStartStep = -1;
    auto resumed = resumeTrainCheckpoint(checkpointPath, optimizer, ema);
    if (!resumed) {
        return resumed.error();
    }
    if (*resumed) {
        mark = **resumed;
        env.say(kStage, "resuming at step " + std::to_string(mark.step));
    } else if (!options.warmStart.empty()) {
        // A model folder from an earlier run (e.g. the committed one): its EMA weights become both the
        // parameters and the average; the optimizer starts fresh, with a short re-warm-up.
        auto tensors = loadTensorFile(options.warmStart);
        auto store = TensorStore::open(options.warmStart);
        if (!tensors || !store) {
            return makeError(ErrorCode::BadCheckpoint, "teacher: cannot read " + options.warmStart);
        }
        const at::NoGradGuard noGrad;
        for (auto& [name, p] : params) {
            const auto it = tensors->find(name);
            if (it == tensors->end() || !it->second.sizes().equals(p.sizes())) {
                return makeError(ErrorCode::BadCheckpoint, options.warmStart + ": " + name +
                                                               " is missing or shaped differently");
            }
            p.copy_(it->second);
        }
        ema = Ema(params, options.emaDecay);
        ema.setUpdates(1000000); // the averaged weights are mature: full decay from the first update
        const auto& meta = (*store)->files().front()->metadata();
        const auto step = meta.find("teacher_step");
        mark.step = step == meta.end() ? 0 : std::stoll(step->second);
        warmStartStep = mark.step;
        env.say(kStage, "warm start from " + options.warmStart + " at step " + std::to_string(mark.step) +
                            " (fresh optimizer state)");
    } else {
        std::int64_t count = 0;
        for (const auto& [name, p] : params) {
            count += p.numel();
        }
        env.say(kStage, "training " + std::to_string(count) + " parameters: " + config.llm.describe());
    }
    auto log = LossLog::open((dir / "loss.csv").string(),
                             {"step", "samples", "lr", "loss", "mse_t2i", "mse_edit", "ce_answer", "grad_norm"},
                             mark.step);
    if (!log) {
        return log.error();
    }
    const std::int64_t perStep = options.textToImageBatch + options.editBatch + options.questionBatch;
    // Samples seen so far: the last logged row's count carried forward, so the curve's x axis stays
    // right when a continued run (another machine, --teacher-batch) takes other batch sizes.
    double samplesBase = static_cast<double>(mark.step * perStep);
    std::int64_t samplesBaseStep = mark.step;
    if (!log->rows().empty()) {
        samplesBase = log->rows().back()[1];
        samplesBaseStep = static_cast<std::int64_t>(log->rows().back()[0]);
    }
    const WarmupCosine schedule{options.peakLr, options.peakLr * 0.05, 300, options.steps};
    const auto saveCheckpoint = [&]() -> Result<void> {
        if (auto ok = saveTrainCheckpoint(checkpointPath, optimizer, ema, mark); !ok) {
            return ok.error();
        }
        return log->plot((dir / "loss.png").string(), "ShapeWorld teacher", "samples",
                         {"mse_t2i", "mse_edit", "ce_answer"});
    };
    const FramingIds framing;
    const ConditionDropout dropout;
    // Rendering scenes is the CPU's share of a step; on a GPU it would otherwise dominate.
    const unsigned sampleThreads = static_cast<unsigned>(std::max(1, at::get_num_threads()));
    while (mark.step < options.steps) {
        if (env.stopRequested()) {
            if (auto ok = saveCheckpoint(); !ok) {
                return ok.error();
            }
            return StageOutcome::Stopped;
        }
        at::manual_seed(env.seed * 1000003ULL + static_cast<std::uint64_t>(mark.step));
        optimizer.zeroGrad();
        double total = 0.0;
        double mse[2] = {std::nan(""), std::nan("")};
        double ce = std::nan("");
        const std::pair<TeacherTask, std::int64_t> tasks[] = {{TeacherTask::TextToImage, options.textToImageBatch},
                                                              {TeacherTask::Edit, options.editBatch},
                                                              {TeacherTask::Question, options.questionBatch}};
        for (const auto& [task, count] : tasks) {
            if (count <= 0) {
                continue;
            }
            const std::vector<TeacherSample> samples =
                makeTeacherSamples(env.seed, task, static_cast<std::uint64_t>(mark.step * count), count, **tokenizer,
                                   dropout, sampleThreads);
            const PackedSequences packed = movedTo(packTeacherBatch(samples, 36, framing), *device);
            const TeacherLosses losses = teacherLosses(*model, *vae, packed, options.ceWeight);
            losses.total.backward();
            total += losses.total.item<double>();
            if (task == TeacherTask::TextToImage) {
                mse[0] = losses.mse;
            } else if (task == TeacherTask::Edit) {
                mse[1] = losses.mse;
            } else {
                ce = losses.ce;
            }
        }
        if (!std::isfinite(total)) {
            return makeError(ErrorCode::Internal, "teacher: the loss became " + std::to_string(total) + " at step " +
                                                      std::to_string(mark.step) + "; resume from the last checkpoint");
        }
        const double gradNorm = optimizer.clipGradNorm(1.0);
        double lr = schedule.at(mark.step);
        if (warmStartStep >= 0) {
            lr *= std::min(1.0, static_cast<double>(mark.step - warmStartStep + 1) / 100.0);
        }
        optimizer.step(lr);
        ema.update(params);
        ++mark.step;
        env.clock->tick(mark.step, perStep);
        mark.trainedSeconds += env.clock->secondsPerStep();
        if (mark.step % 10 == 0) {
            if (auto ok = log->append({static_cast<double>(mark.step), samplesBase + static_cast<double>((mark.step - samplesBaseStep) * perStep), lr,
                                       total, mse[0], mse[1], ce, gradNorm});
                !ok) {
                return ok.error();
            }
            env.report(env.clock->progressAt(kStage, mark.step, options.steps,
                                             {{"mse_t2i", mse[0]}, {"mse_edit", mse[1]}, {"ce", ce}, {"lr", lr}}));
        }
        if (mark.step % options.checkpointEvery == 0) {
            if (auto ok = saveCheckpoint(); !ok) {
                return ok.error();
            }
        }
        if (options.snapshotEvery > 0 && mark.step % options.snapshotEvery == 0) {
            // A snapshot only reports; whatever goes wrong in it must not end the training run.
            Result<std::string> line = makeError(ErrorCode::Internal, "unknown failure");
            try {
                line = measureSnapshot(*model, ema, params, config, tokenizerDir, autoencoderDir, dir, mark.step,
                                       *env.request);
            } catch (const std::exception& e) {
                line = makeError(ErrorCode::Internal, e.what());
            }
            env.say(kStage, line ? *line : "snapshot at step " + std::to_string(mark.step) +
                                               " could not be measured: " + line.error().message);
        }
    }
    if (auto ok = saveCheckpoint(); !ok) {
        return ok.error();
    }
    ema.copyTo(params);
    if (auto ok = exportModel(*model, config, tokenizerDir, autoencoderDir, modelDir, mark.step); !ok) {
        return ok.error();
    }
    env.say(kStage, "finished at step " + std::to_string(mark.step) + "; model written to " + modelDir);
    return StageOutcome::Finished;
}

Result<std::int64_t> exportTeacherCheckpoint(const std::string& stageDir, const std::string& tokenizerDir,
                                             const std::string& autoencoderDir, const std::string& modelDir) {
    const std::string checkpointPath = (fs::path(stageDir) / "checkpoint.safetensors").string();
    if (!fs::exists(checkpointPath)) {
        return makeError(ErrorCode::FileNotFound, "teacher: no checkpoint in " + stageDir);
    }
    auto prepared = teacherConfig(autoencoderDir);
    if (!prepared) {
        return prepared.error();
    }
    BagelTrainable model(prepared->config);
    NamedTensors params = namedParameters(*model);
    AdamW optimizer(params, AdamWOptions{});
    Ema ema(params, 0.999);
    auto mark = loadTrainCheckpoint(checkpointPath, optimizer, ema);
    if (!mark) {
        return mark.error();
    }
    ema.copyTo(params);
    if (auto ok = exportModel(*model, prepared->config, tokenizerDir, autoencoderDir, modelDir, mark->step); !ok) {
        return ok.error();
    }
    return mark->step;
}

} // namespace hb
