// runRewardStage(): trains the reward model of stage 5 (reward_model.h, docs/distillation.md) on the
// shared loop (stage_loop.h) and writes it as outDir/reward.safetensors (EMA weights).
// Each step takes `textToImageBatch` training-split captions (drawCfgExamples; text-to-image only:
// an edit instruction's score depends on the source too, so edits are left out) and, per caption,
// five images, each labelled with oracleRewardLabel() of (image, caption):
//   1. the correct render;
//   2. its VAE round trip (decode of the posterior mean): what a perfect generator's decode looks like;
//   3. the render of the scene after one random training-split edit (one attribute wrong: graded
//      labels such as 0.75);
//   4. another caption's render (mostly wrong);
//   5. the start tier's own sample for the caption (studentRollout over its timesteps, decoded): the
//      images ReFL will show the model.
// The loss is binary cross-entropy of the logit against the soft label. On logged steps the EMA
// weights are scored on a fixed held-out slice (another seed stream, same build): MSE, Pearson
// correlation with the labels, and ranking accuracy (pairs of one caption's images with different
// labels that the model orders right). A stopped run resumes bit for bit: step k's pairs are a pure
// function of (seed, k).

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "checkpoint/random_values.h"
#include "core/file_util.h"
#include "demo/world_data.h"
#include "distill/cfg_examples.h"
#include "distill/cfg_student.h"
#include "distill/reward_model.h"
#include "distill/stage_common.h"
#include "distill/stage_loop.h"
#include "distill/stages.h"
#include "generation/noise.h"
#include "models/bagel/bagel_model.h"
#include "shapeworld/edits.h"
#include "shapeworld/oracle.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

namespace sw = shapeworld;

constexpr std::uint64_t kEditTag = 0x5EDA11ED0ULL;
constexpr std::uint64_t kHeldOutTag = 0x4E1D07ULL;
constexpr int kImagesPerCaption = 5;

struct RewardBatch {
    at::Tensor images; ///< [N, 3, S, S] in [-1, 1]
    std::vector<std::vector<std::int64_t>> prompts;
    at::Tensor labels;       ///< [N] float
    std::vector<int> caption; ///< which caption of the batch each image belongs to
};

/// The start tier's sampler points, from fromDir/hyperbagel.json.
Result<std::vector<float>> startTierTimes(const DistillRequest& r) {
    const std::string path = (fs::path(r.fromDir) / "hyperbagel.json").string();
    auto text = readTextFile(path);
    if (!text) {
        return text.error();
    }
    const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    const nlohmann::json* times = nullptr;
    if (doc.is_object() && doc.contains("tiers") && doc["tiers"].contains(r.fromTier)) {
        times = &doc["tiers"][r.fromTier]["timesteps"];
    }
    std::vector<float> out;
    if (times != nullptr && times->is_array()) {
        for (const auto& t : *times) {
            out.push_back(t.is_number() ? t.get<float>() : -1.0f);
        }
    }
    if (out.size() < 2 || out.front() != 1.0f || out.back() != 0.0f) {
        return makeError(ErrorCode::BadConfig, path + " lists no timesteps from 1 to 0 for the \"" + r.fromTier +
                                                   "\" tier");
    }
    return out;
}

class RewardStage : public DistillStage {
public:
    RewardStage(const DistillRequest& request, FrozenTeacher teacher, std::shared_ptr<CfgStudentImpl> generator,
                std::vector<float> times)
        : m_r(request), m_teacher(std::move(teacher)), m_generator(std::move(generator)), m_times(std::move(times)) {
        BagelModel& bagel = m_teacher.bagel();
        RewardModelConfig config;
        config.imageSize = bagel.config().vaeTransform[0];
        config.vocabSize = bagel.config().llm.vocabSize;
        at::manual_seed(request.seed + 47); // the model's initial values are part of the run
        m_model = RewardModel(config);
        m_model->to(bagel.target().device);
        m_state = makeTrainedState(m_model->parametersByName(), request.emaDecay);
        m_draw = cfgDrawOptions(request);
        m_draw.edit = 0;
    }

    std::string label() const override { return "distill-reward"; }
    std::vector<std::string> columns() const override {
        return {"loss", "mse", "label_mean", "heldout_mse", "heldout_corr", "heldout_rank"};
    }
    std::vector<std::string> plotted() const override { return {"mse", "heldout_mse"}; }
    std::int64_t samplesPerStep() const override { return m_r.textToImageBatch * kImagesPerCaption; }
    std::vector<double> step(std::int64_t step, double lr) override;
    std::vector<TrainedPart> parts() override {
        return {{"checkpoint.safetensors", m_state.optimizer.get(), m_state.ema.get()}};
    }
    Result<std::string> exportResult(std::int64_t step) override;
    std::string startMessage() const override {
        std::int64_t count = 0;
        for (const auto& [name, p] : m_state.params) {
            count += p.numel();
        }
        return "training a " + std::to_string(count) + "-parameter reward model (" + m_model->config().describe() +
               ") on oracle scores of renders, edits and samples of " + startTierPath(m_r);
    }

private:
    RewardBatch makeBatch(const CfgDrawOptions& draw, std::int64_t step);
    void addImage(RewardBatch& batch, std::vector<at::Tensor>& images, std::vector<double>& labels,
                  const sw::Scene& scene, const std::vector<std::int64_t>& prompt, int caption,
                  const at::Tensor& image);
    std::vector<double> evaluateHeldOut();

    const DistillRequest& m_r;
    FrozenTeacher m_teacher;
    std::shared_ptr<CfgStudentImpl> m_generator;
    std::vector<float> m_times;
    RewardModel m_model{nullptr};
    TrainedState m_state;
    CfgDrawOptions m_draw;
    std::optional<RewardBatch> m_heldOut;
    std::vector<double> m_lastHeldOut;
};

void RewardStage::addImage(RewardBatch& batch, std::vector<at::Tensor>& images, std::vector<double>& labels,
                           const sw::Scene& scene, const std::vector<std::int64_t>& prompt, int caption,
                           const at::Tensor& image) {
    images.push_back(image.to(at::kCPU, at::kFloat));
    labels.push_back(oracleRewardLabel(scene, batchToImages(images.back())[0]));
    batch.prompts.push_back(prompt);
    batch.caption.push_back(caption);
}

RewardBatch RewardStage::makeBatch(const CfgDrawOptions& draw, std::int64_t step) {
    const at::NoGradGuard noGrad;
    BagelModel& bagel = m_teacher.bagel();
    CfgDrawOptions both = draw;
    const std::int64_t n = draw.textToImage;
    both.textToImage = 2 * n; // the second half lends its renders as wrong images
    const std::vector<CfgExample> examples = drawCfgExamples(both, step, *m_teacher.tokenizer);
    const std::uint64_t editKey = splitmix64(splitmix64(draw.seed ^ kEditTag) + static_cast<std::uint64_t>(step));
    RewardBatch batch;
    std::vector<at::Tensor> images;
    std::vector<double> labels;
    for (std::int64_t i = 0; i < n; ++i) {
        const CfgExample& e = examples[static_cast<std::size_t>(i)];
        const CfgExample& other = examples[static_cast<std::size_t>(n + i)];
        const sw::Scene scene = sw::readScene(e.sample.target); // exact on clean renders
        const auto& prompt = e.sample.prompt;
        const int c = static_cast<int>(i);
        const CfgExampleInputs inputs = encodeCfgExample(bagel, e);
        addImage(batch, images, labels, scene, prompt, c, imagesToBatch({e.sample.target}));
        addImage(batch, images, labels, scene, prompt, c, rewardImageOf(bagel, inputs.x0, inputs.h, inputs.w));
        sw::Rng rng(editKey + static_cast<std::uint64_t>(i));
        const auto edit = sw::sampleEdit(scene, rng, sw::Split::Train);
        const auto edited = edit ? sw::applyEdit(scene, *edit) : std::nullopt;
        const Image wrong = edited ? renderDemo(*edited) : other.sample.target;
        addImage(batch, images, labels, scene, prompt, c, imagesToBatch({wrong}));
        addImage(batch, images, labels, scene, prompt, c, imagesToBatch({other.sample.target}));
        const at::Tensor noise =
            seededNormal(e.noiseSeed, "reward-generator-noise", inputs.x0.sizes()).to(inputs.x0.device());
        const Rollout rollout = studentRollout(*m_generator, bagel, inputs.contexts.gen, noise, inputs.h, inputs.w,
                                               m_times, e.textScale, e.imageScale);
        addImage(batch, images, labels, scene, prompt, c,
                 rewardImageOf(bagel, rollout.knots.back(), inputs.h, inputs.w));
    }
    batch.images = at::cat(images, 0);
    batch.labels = at::tensor(labels, at::kDouble).to(at::kFloat);
    return batch;
}

std::vector<double> RewardStage::step(std::int64_t step, double lr) {
    const RewardBatch batch = makeBatch(m_draw, step);
    const at::Tensor labels = batch.labels.to(m_model->parameters().front().device());
    m_state.optimizer->zeroGrad();
    const at::Tensor logits = m_model->logits(batch.images, batch.prompts);
    const at::Tensor loss = at::binary_cross_entropy_with_logits(logits, labels);
    loss.backward();
    m_state.optimizer->clipGradNorm(1.0);
    m_state.optimizer->step(lr * m_r.criticLr / m_r.peakLr);
    m_state.ema->update(m_state.params);
    const double mse = (at::sigmoid(logits.detach()) - labels).pow(2).mean().item<double>();
    std::vector<double> values = {loss.item<double>(), mse, batch.labels.mean().item<double>()};
    const bool logged = (step + 1) % m_r.logEvery == 0 || step + 1 == m_r.steps;
    const std::vector<double> heldOut =
        logged ? evaluateHeldOut() : std::vector<double>(3, std::nan(""));
    values.insert(values.end(), heldOut.begin(), heldOut.end());
    return values;
}

std::vector<double> RewardStage::evaluateHeldOut() {
    if (!m_heldOut) {
        CfgDrawOptions draw = m_draw;
        draw.seed = m_draw.seed ^ kHeldOutTag; // scenes the training stream does not draw
        draw.textToImage = std::clamp<std::int64_t>(2 * m_draw.textToImage, 4, 16);
        m_heldOut = makeBatch(draw, 0);
    }
    const RewardBatch& b = *m_heldOut;
    at::Tensor predicted;
    m_state.ema->withAveraged(m_state.params, [&] {
        const at::NoGradGuard noGrad;
        predicted = m_model->forward(b.images, b.prompts).to(at::kCPU).to(at::kDouble);
    });
    const at::Tensor labels = b.labels.to(at::kDouble);
    const double mse = (predicted - labels).pow(2).mean().item<double>();
    const at::Tensor pc = predicted - predicted.mean();
    const at::Tensor lc = labels - labels.mean();
    const double denominator = std::sqrt(pc.pow(2).sum().item<double>() * lc.pow(2).sum().item<double>());
    const double corr = denominator > 0.0 ? (pc * lc).sum().item<double>() / denominator : 0.0;
    const auto p = predicted.accessor<double, 1>();
    const auto l = labels.accessor<double, 1>();
    double right = 0.0;
    int pairs = 0;
    for (std::int64_t i = 0; i < labels.size(0); ++i) {
        for (std::int64_t j = i + 1; j < labels.size(0); ++j) {
            if (b.caption[static_cast<std::size_t>(i)] != b.caption[static_cast<std::size_t>(j)] || l[i] == l[j]) {
                continue;
            }
            ++pairs;
            right += p[i] == p[j] ? 0.5 : ((p[i] > p[j]) == (l[i] > l[j]) ? 1.0 : 0.0);
        }
    }
    m_lastHeldOut = {mse, corr, pairs > 0 ? right / pairs : std::nan("")};
    return m_lastHeldOut;
}

Result<std::string> RewardStage::exportResult(std::int64_t step) {
    if (auto ok = ensureDirectory(m_r.outDir); !ok) {
        return ok.error();
    }
    const std::string path = (fs::path(m_r.outDir) / kRewardFileName).string();
    std::map<std::string, std::string> extra = {
        {"stage", "reward"},
        {"step", std::to_string(step)},
        {"teacher", m_r.teacherDir},
        {"start_tier", startTierPath(m_r)},
        {"label", "fraction of the mini-GenEval checks (objects, counting, colour attribution, position) "
                  "the oracle's reading passes"}};
    if (m_lastHeldOut.size() == 3) {
        extra["heldout_mse"] = std::to_string(m_lastHeldOut[0]);
        extra["heldout_corr"] = std::to_string(m_lastHeldOut[1]);
        extra["heldout_rank"] = std::to_string(m_lastHeldOut[2]);
    }
    Result<void> saved;
    m_state.ema->withAveraged(m_state.params, [&] { saved = saveRewardModel(*m_model, path, extra); });
    if (!saved) {
        return saved.error();
    }
    return path;
}

} // namespace

Result<DistillReport> runRewardStage(const DistillRequest& request) {
    if (request.textToImageBatch < 1) {
        return makeError(ErrorCode::InvalidRequest,
                         "distill reward: the reward model trains on text-to-image captions only; --batch-t2i "
                         "must be at least 1");
    }
    auto times = startTierTimes(request);
    if (!times) {
        return times.error();
    }
    auto teacher = loadFrozenTeacher(request.teacherDir, request.device);
    if (!teacher) {
        return teacher.error();
    }
    auto generator = studentFromTier(teacher->bagel(), startTierPath(request));
    if (!generator) {
        return generator.error();
    }
    for (auto& p : (*generator)->parameters()) {
        p.set_requires_grad(false);
    }
    RewardStage stage(request, std::move(teacher.value()), std::move(generator.value()), std::move(*times));
    return runFromTierStage(stage, request, "Reward model");
}

} // namespace hb
