// trainDraft(): the draft's training loop (hyper-bagel.md §2.1 c; docs/speculative-decoding.md §6).
// Each step answers `batch` prompts with the target (greedy, as ChatSession would), replays each
// conversation as a DraftExample and adds its KL + 0.1 CE loss with training-time-test unrolling.
// The target is frozen; only the draft's tensors are optimised (AdamW, warm-up + cosine, clipping,
// EMA), with checkpoints every 100 steps and resume.

#include <cmath>
#include <filesystem>
#include <sstream>

#include <ATen/ATen.h>

#include "hyperbagel/engine/draft.h"
#include "hyperbagel/engine/model.h"

#include "core/file_util.h"
#include "demo/stage_clock.h"
#include "session/error_mapping.h"
#include "session/model_impl.h"
#include "speculative/draft_data.h"
#include "speculative/draft_io.h"
#include "speculative/draft_prompts.h"
#include "training/adamw.h"
#include "training/ema.h"
#include "training/loss_log.h"
#include "training/schedule.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kStage = "draft";
constexpr std::int64_t kCheckpointEvery = 100;
constexpr double kEmaDecay = 0.99; // a short run: the average must follow within ~100 steps

Result<void> checkRequest(const DraftTrainRequest& r) {
    const auto bad = [](const std::string& what) { return makeError(ErrorCode::InvalidRequest, "draft train: " + what); };
    if (r.modelDir.empty() || r.workDir.empty()) {
        return bad("a model folder and a work folder are required");
    }
    if (r.steps < 1 || r.batch < 1) {
        return bad("steps and batch must be at least 1");
    }
    if (r.unroll < 1 || r.unroll > 16) {
        return bad("unroll must be between 1 and 16, not " + std::to_string(r.unroll));
    }
    if (r.answerMaxTokens < 2 || r.chainLength < 1) {
        return bad("answer length must be at least 2 and the chain length at least 1");
    }
    if (!(r.peakLr > 0.0) || !std::isfinite(r.peakLr)) {
        return bad("the learning rate must be positive");
    }
    return {};
}

/// One training conversation: the prompt's image through the official transforms, its question
/// through the model's tokenizer, and the target's own answer.
Result<RecordedConversation> conversation(const DraftPromptSet& prompts, std::uint64_t index, BagelModel& bagel,
                                          const TextCodec& codec, std::int64_t maxTokens) {
    auto prompt = prompts.at(index);
    if (!prompt) {
        return prompt.error();
    }
    at::Tensor pixels;
    if (!prompt->image.empty()) {
        pixels = bagel.prepareImage(prompt->image).vitPixels;
    }
    return recordConversation(bagel, pixels, codec.encode(prompt->question), maxTokens);
}

} // namespace

Result<DraftTrainReport> trainDraft(const DraftTrainRequest& request) {
    if (auto ok = checkRequest(request); !ok) {
        return ok.error();
    }
    auto model = Model::load(ModelLoadOptions{request.modelDir, request.device, Precision::Fp32});
    if (!model) {
        return model.error();
    }
    BagelModel& bagel = *(*model)->impl().bagel;
    const TextCodec* codec = (*model)->impl().codec.get();
    if (codec == nullptr) {
        return makeError(ErrorCode::Unsupported, "draft train: " + request.modelDir +
                                                     " has no tokenizer, so its answers cannot be produced");
    }
    auto prompts = openDraftPrompts(request.prompts, DraftPromptUse::Training, request.seed);
    if (!prompts) {
        return prompts.error();
    }
    if (auto ok = ensureDirectory(request.workDir); !ok) {
        return ok.error();
    }
    const auto say = [&](const std::string& message) {
        if (request.onProgress) {
            TrainingProgress p;
            p.stage = kStage;
            p.message = message;
            request.onProgress(p);
        }
    };
    DraftTrainReport report;
    try {
        const LlmConfig& llmConfig = bagel.config().llm;
        DraftConfig config = defaultDraftConfig(llmConfig.numHiddenLayers);
        config.chainLength = request.chainLength;
        config.layers = request.layers;
        if (auto ok = config.validate(llmConfig.numHiddenLayers); !ok) {
            return ok.error();
        }
        at::manual_seed(static_cast<std::int64_t>(request.seed) + 29);
        DraftModel draft(llmConfig, config);
        draft->initFromTarget(bagel.llm());
        draft->to(bagel.target().device);
        NamedTensors params;
        std::vector<std::string> noDecay;
        std::int64_t count = 0;
        for (const auto& item : draft->named_parameters(true)) {
            params.emplace_back(item.key(), item.value());
            count += item.value().numel();
            if (isNoDecayName(item.key())) {
                noDecay.push_back(item.key());
            }
        }
        AdamW optimizer(params, AdamWOptions{0.9, 0.95, 1e-8, 0.0}, noDecay);
        Ema ema(params, kEmaDecay);
        const fs::path dir(request.workDir);
        const std::string checkpointPath = (dir / "checkpoint.safetensors").string();
        TrainProgressMark mark;
        auto resumed = resumeTrainCheckpoint(checkpointPath, optimizer, ema);
        if (!resumed) {
            return resumed.error();
        }
        if (*resumed) {
            mark = **resumed;
            say("resuming at step " + std::to_string(mark.step));
        } else {
            say("training a " + std::to_string(count) + "-parameter draft (" + config.describe() + ") for " +
                (*model)->info().folder);
        }
        std::vector<std::string> columns{"step", "conversations", "lr", "loss", "kl_step0"};
        for (std::int64_t s = 0; s < request.unroll; ++s) {
            columns.push_back("accept_step" + std::to_string(s));
        }
        columns.push_back("grad_norm");
        auto log = LossLog::open((dir / "loss.csv").string(), columns, mark.step);
        if (!log) {
            return log.error();
        }
        const auto saveCheckpoint = [&]() -> Result<void> {
            if (auto ok = saveTrainCheckpoint(checkpointPath, optimizer, ema, mark); !ok) {
                return ok.error();
            }
            return log->plot((dir / "loss.png").string(), "Draft head", "conversations", {"loss", "kl_step0"});
        };
        const WarmupCosine schedule{request.peakLr, request.peakLr * 0.05,
                                    std::min<std::int64_t>(100, request.steps / 10), request.steps};
        DraftLossOptions lossOptions;
        lossOptions.unroll = request.unroll;
        StageClock clock(0.0);
        while (mark.step < request.steps) {
            if (request.cancel != nullptr && request.cancel->load()) {
                if (auto ok = saveCheckpoint(); !ok) {
                    return ok.error();
                }
                report.steps = mark.step;
                report.stoppedEarly = true;
                return report;
            }
            optimizer.zeroGrad();
            double total = 0.0;
            double kl = 0.0;
            std::vector<double> accept(static_cast<std::size_t>(request.unroll), 0.0);
            std::int64_t used = 0;
            for (std::int64_t b = 0; b < request.batch; ++b) {
                auto recorded = conversation(**prompts, static_cast<std::uint64_t>(mark.step * request.batch + b),
                                             bagel, *codec, request.answerMaxTokens);
                if (!recorded) {
                    return recorded.error();
                }
                const DraftLoss loss = draftLoss(*draft, recorded->example, lossOptions);
                (loss.total / static_cast<double>(request.batch)).backward();
                total += loss.total.item<double>();
                kl += loss.klPerStep.empty() ? 0.0 : loss.klPerStep.front();
                for (std::size_t s = 0; s < loss.acceptPerStep.size() && s < accept.size(); ++s) {
                    accept[s] += loss.acceptPerStep[s];
                }
                ++used;
            }
            total /= static_cast<double>(used);
            kl /= static_cast<double>(used);
            for (double& a : accept) {
                a /= static_cast<double>(used);
            }
            if (!std::isfinite(total)) {
                return makeError(ErrorCode::Internal, "draft train: the loss became " + std::to_string(total) +
                                                          " at step " + std::to_string(mark.step) +
                                                          "; resume from the last checkpoint with a lower rate");
            }
            const double gradNorm = optimizer.clipGradNorm(1.0);
            const double lr = schedule.at(mark.step);
            optimizer.step(lr);
            ema.update(params);
            ++mark.step;
            clock.tick(mark.step, request.batch);
            mark.trainedSeconds += clock.secondsPerStep();
            report.acceptPerStep = accept;
            if (mark.step % 10 == 0 || mark.step == request.steps) {
                std::vector<double> row{static_cast<double>(mark.step),
                                        static_cast<double>(mark.step * request.batch), lr, total, kl};
                row.insert(row.end(), accept.begin(), accept.end());
                row.push_back(gradNorm);
                if (auto ok = log->append(row); !ok) {
                    return ok.error();
                }
                if (request.onProgress) {
                    request.onProgress(clock.progressAt(
                        kStage, mark.step, request.steps,
                        {{"loss", total}, {"kl", kl}, {"accept0", accept.front()}, {"lr", lr}}));
                }
            }
            if (mark.step % kCheckpointEvery == 0) {
                if (auto ok = saveCheckpoint(); !ok) {
                    return ok.error();
                }
            }
        }
        if (auto ok = saveCheckpoint(); !ok) {
            return ok.error();
        }
        ema.copyTo(params);
        if (auto ok = saveDraftToFolder(*draft, request.modelDir); !ok) {
            return ok.error();
        }
        report.steps = mark.step;
        report.draftPath = (fs::path(request.modelDir) / config.weights).string();
        say("finished at step " + std::to_string(mark.step) + "; draft written to " + report.draftPath);
    } catch (const std::exception& e) {
        return mapException(e, "draft train");
    }
    return report;
}

} // namespace hb
