#include "distill/stage_common.h"

#include <cmath>
#include <filesystem>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include "distill/cfg_student.h"
#include "distill/tier_folder.h"
#include "generation/flow_sampler.h"
#include "models/bagel/bagel_model.h"
#include "models/bagel/latent_layout.h"
#include "session/model_impl.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kStages[] = {"cfg", "tscd", "dmdo", "adp", "reward", "refl"};

bool isPreviewStage(const std::string& stage) { return stage == "adp" || stage == "refl"; }

void freeze(torch::nn::Module& module) {
    for (auto& p : module.parameters()) {
        p.set_requires_grad(false);
    }
}

} // namespace

DistillRequest resolveDistillRequest(const DistillRequest& request) {
    DistillRequest r = request;
    if (r.tier.empty()) {
        r.tier = isPreviewStage(r.stage) ? "preview" : "fast";
    }
    if (r.fromTier.empty()) {
        r.fromTier = r.stage == "refl" ? "preview" : "fast";
    }
    if (r.tierTimesteps == 0) {
        r.tierTimesteps = r.tier == "preview" ? 2 : 7;
    }
    if (r.workDir.empty() && !r.outDir.empty()) {
        r.workDir = (fs::path(r.outDir) / ("distill-" + r.stage)).string();
    }
    if (r.criticLr <= 0.0) {
        r.criticLr = r.peakLr;
    }
    return r;
}

Result<void> checkDistillRequest(const DistillRequest& r) {
    const auto bad = [&](const std::string& what) {
        return makeError(ErrorCode::InvalidRequest, "distill " + r.stage + ": " + what);
    };
    bool known = false;
    for (const char* stage : kStages) {
        known = known || r.stage == stage;
    }
    if (!known) {
        return makeError(ErrorCode::InvalidRequest,
                         "distill: unknown stage \"" + r.stage + "\" (cfg, tscd, dmdo, adp, reward, refl)");
    }
    if (r.teacherDir.empty() || r.outDir.empty()) {
        return bad("a teacher folder (--model) and an output folder (--out) are required");
    }
    std::error_code ec;
    const auto same = [&](const std::string& a, const std::string& b) {
        return !a.empty() && fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
    };
    if (same(r.teacherDir, r.outDir)) {
        return bad("the output folder must differ from the teacher folder (the teacher is only read)");
    }
    if (r.stage != "cfg") {
        if (r.fromDir.empty()) {
            return bad("the folder of an earlier stage (--from) is required");
        }
        if (!fs::is_directory(r.fromDir, ec)) {
            return bad("the --from folder \"" + r.fromDir + "\" does not exist");
        }
        if (same(r.fromDir, r.outDir)) {
            return bad("the output folder must differ from the --from folder (it is only read)");
        }
        if (!fs::exists(startTierPath(r), ec)) {
            return bad("the --from folder has no \"" + r.fromTier + "\" tier (" + startTierPath(r) + " is missing)");
        }
    }
    if (r.stage == "refl" && (r.rewardPath.empty() || !fs::exists(r.rewardPath, ec))) {
        return bad("the reward model \"" + r.rewardPath +
                   "\" does not exist (--reward; train one with: distill reward)");
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
    if (!(r.peakLr > 0.0) || !std::isfinite(r.peakLr) || !std::isfinite(r.criticLr) ||
        !(r.emaDecay >= 0.0 && r.emaDecay < 1.0)) {
        return bad("the learning rates must be positive and the EMA decay in [0, 1)");
    }
    if (r.criticUpdates < 1 || r.criticUpdates > 100 || !(r.regressionWeight >= 0.0) ||
        !std::isfinite(r.rewardThreshold)) {
        return bad("critic updates must be 1..100 and the regression weight non-negative");
    }
    if (!(r.shift >= 1.0) || !(r.textScaleMin >= 0.0 && r.textScaleMin <= r.textScaleMax) ||
        !(r.imageScaleMin >= 0.0 && r.imageScaleMin <= r.imageScaleMax)) {
        return bad("the shift must be at least 1 and each scale range must be ordered and non-negative");
    }
    return {};
}

CfgDrawOptions cfgDrawOptions(const DistillRequest& r) {
    CfgDrawOptions o;
    o.textToImage = r.textToImageBatch;
    o.edit = r.editBatch;
    o.shift = r.shift;
    o.textScaleMin = r.textScaleMin;
    o.textScaleMax = r.textScaleMax;
    o.imageScaleMin = r.imageScaleMin;
    o.imageScaleMax = r.imageScaleMax;
    o.seed = r.seed;
    return o;
}

StageLoopOptions stageLoopOptions(const DistillRequest& r, const std::string& title,
                                  std::map<std::string, std::string> fingerprint) {
    StageLoopOptions o;
    o.workDir = r.workDir;
    o.title = title;
    o.steps = r.steps;
    o.checkpointEvery = r.checkpointEvery;
    o.logEvery = r.logEvery;
    o.peakLr = r.peakLr;
    fingerprint["stage"] = r.stage;
    o.fingerprint = std::move(fingerprint);
    o.onProgress = r.onProgress;
    o.cancel = r.cancel;
    return o;
}

DistillReport distillReport(const DistillRequest& r, const StageLoopReport& loop) {
    DistillReport report;
    report.steps = loop.steps;
    report.stoppedEarly = loop.stoppedEarly;
    report.modelDir = r.outDir;
    report.tierPath = loop.resultPath;
    report.lastLoss = loop.last.empty() ? 0.0 : loop.last.front();
    report.samplesPerSecond = loop.samplesPerSecond;
    return report;
}

Result<DistillReport> runFromTierStage(DistillStage& stage, const DistillRequest& request, const std::string& title,
                                       std::map<std::string, std::string> extra) {
    extra["teacher_weights"] = weightFingerprint(teacherWeightsPath(request.teacherDir));
    extra["start_tier"] = weightFingerprint(startTierPath(request));
    auto loop = runStageLoop(stage, stageLoopOptions(request, title, std::move(extra)));
    if (!loop) {
        return loop.error();
    }
    return distillReport(request, *loop);
}

std::string weightFingerprint(const std::string& path) {
    std::error_code ec;
    const auto bytes = fs::file_size(path, ec);
    return ec ? std::string("unknown") : fs::path(path).filename().string() + ":" + std::to_string(bytes);
}

std::string teacherWeightsPath(const std::string& teacherDir) {
    return (fs::path(teacherDir) / "ema.safetensors").string();
}

std::string startTierPath(const DistillRequest& request) {
    return (fs::path(request.fromDir) / (request.fromTier + ".safetensors")).string();
}

Result<std::string> exportStageTier(const DistillRequest& r, const NamedTensors& tensors, std::int64_t step,
                                    const std::map<std::string, std::string>& provenance) {
    TierEntry entry;
    entry.name = r.tier;
    entry.timesteps = shiftedTimesteps(r.tierTimesteps, r.shift);
    entry.textScale = r.tierTextScale;
    entry.imageScale = r.tierImageScale;
    entry.provenance = provenance;
    entry.provenance["stage"] = r.stage;
    entry.provenance["step"] = std::to_string(step);
    entry.provenance["steps"] = std::to_string(r.steps);
    entry.provenance["teacher"] = r.teacherDir;
    if (!r.fromDir.empty()) {
        entry.provenance["from"] = startTierPath(r);
    }
    auto written = writeTierFolder(r.teacherDir, r.outDir, entry, tensors);
    if (!written || r.fromDir.empty()) {
        return written;
    }
    if (auto ok = carryTiers(r.fromDir, r.outDir, r.tier); !ok) {
        return ok.error();
    }
    return written;
}

BagelModel& FrozenTeacher::bagel() const { return *model->impl().bagel; }

Result<FrozenTeacher> loadFrozenTeacher(const std::string& teacherDir, const std::string& device) {
    std::error_code ec;
    if (teacherDir.empty() || !fs::is_directory(teacherDir, ec)) {
        return makeError(ErrorCode::FileNotFound, "the teacher folder \"" + teacherDir + "\" does not exist");
    }
    FrozenTeacher out;
    auto model = Model::load(ModelLoadOptions{teacherDir, device, Precision::Fp32});
    if (!model) {
        return makeError(model.error().code, "teacher " + teacherDir + ": " + model.error().message);
    }
    out.model = std::move(model.value());
    auto tokenizer = Tokenizer::loadTokenizerJson((fs::path(teacherDir) / "tokenizer.json").string());
    if (!tokenizer) {
        return makeError(ErrorCode::Unsupported, "teacher " + teacherDir +
                                                     ": no usable tokenizer.json, so its prompts cannot be "
                                                     "encoded (" +
                                                     tokenizer.error().message + ")");
    }
    out.tokenizer = std::move(tokenizer.value());
    // The teacher only ever runs without gradients; freezing it also keeps a student's forward (which
    // embeds the block markers with the teacher's table) from accumulating gradients in it.
    BagelModel& teacher = out.bagel();
    freeze(teacher.llm());
    freeze(teacher.vit());
    freeze(teacher.vae());
    return out;
}

TrainedState makeTrainedState(NamedTensors params, double emaDecay) {
    TrainedState s;
    s.params = std::move(params);
    std::vector<std::string> noDecay;
    for (const auto& [name, p] : s.params) {
        if (isNoDecayName(name)) {
            noDecay.push_back(name);
        }
    }
    s.optimizer = std::make_unique<AdamW>(s.params, AdamWOptions{0.9, 0.95, 1e-8, 0.0}, noDecay);
    s.ema = std::make_unique<Ema>(s.params, emaDecay);
    return s;
}

Result<void> loadStudentTier(CfgStudentImpl& student, const std::string& tierPath) {
    auto stored = loadTensorFile(tierPath);
    if (!stored) {
        return makeError(stored.error().code, "tier " + tierPath + ": " + stored.error().message);
    }
    const at::NoGradGuard noGrad;
    for (auto& [name, param] : student.trainable()) {
        const auto it = stored->find(name);
        if (it == stored->end()) {
            return makeError(ErrorCode::BadCheckpoint, "tier " + tierPath + " lacks tensor " + name);
        }
        if (it->second.sizes() != param.sizes()) {
            return makeError(ErrorCode::BadCheckpoint, "tier " + tierPath + ": tensor " + name +
                                                           " has another shape than the model's");
        }
        param.copy_(it->second.to(param.device(), param.scalar_type()));
    }
    return {};
}

Result<std::shared_ptr<CfgStudentImpl>> studentFromTier(BagelModel& teacher, const std::string& tierPath) {
    auto student = CfgStudentImpl::fromTeacher(teacher);
    if (!student) {
        return student.error();
    }
    if (auto ok = loadStudentTier(**student, tierPath); !ok) {
        return ok.error();
    }
    return student;
}

Rollout studentRollout(CfgStudentImpl& student, BagelModel& teacher, const BagelContext& context,
                       const at::Tensor& noise, std::int64_t h, std::int64_t w, const std::vector<float>& times,
                       double textScale, double imageScale) {
    TORCH_CHECK(times.size() >= 2, "a rollout needs at least two times");
    const at::NoGradGuard noGrad;
    Rollout out;
    out.times = times;
    at::Tensor x = noise.to(at::kFloat);
    out.knots.push_back(x);
    for (std::size_t k = 0; k + 1 < times.size(); ++k) {
        const at::Tensor v =
            student.velocity(teacher, context, x, h, w, times[k], textScale, imageScale).to(at::kFloat);
        // The arithmetic of the tier's sampler (image_generator.cpp), so a rollout is what the app draws.
        x = x - v * static_cast<double>(times[k] - times[k + 1]);
        out.knots.push_back(x);
    }
    return out;
}

at::Tensor decodeLatentTokens(BagelModel& teacher, const at::Tensor& tokens, std::int64_t h, std::int64_t w) {
    const BagelConfig& c = teacher.config();
    const WeightTarget& target = teacher.target();
    return teacher.vae().decode(
        unpatchifyLatent(tokens.to(target.device, target.dtype), h, w, c.latentChannels(), c.latentPatchSize));
}

at::Tensor x0Prediction(const at::Tensor& xt, const at::Tensor& velocity, double t) { return xt - t * velocity; }

double shiftedTime(double u, double shift) { return shift * u / (1.0 + (shift - 1.0) * u); }

} // namespace hb
