// Stage 5 of the generation distillation (ReFL) and its reward model, on a random ShapeWorld teacher:
// the reward model's range, gradients and trainability, its labels against the oracle, the "reward"
// stage's file, ReFL steps raising the reward with the understanding branch untouched, the "refl"
// stage's Preview tier, and a missing --reward file.

#include <cmath>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include "hyperbagel/engine/distill.h"
#include "hyperbagel/engine/tokenizer.h"

#include "core/file_util.h"
#include "demo/world_data.h"
#include "distill/refl_trainer.h"
#include "distill/reward_model.h"
#include "models/bagel/bagel_model.h"
#include "models/bagel/distilled_tier.h"
#include "shapeworld/caption_text.h"
#include "shapeworld/renderer.h"
#include "test_distill_support.h"
#include "test_support.h"
#include "training/loss_log.h"
#include "training/tensor_file.h"

namespace fs = std::filesystem;
namespace sw = hb::shapeworld;

namespace {

/// A 1-step Preview tier from one CFG-distillation step: the start of ReFL and of the reward stage.
const std::string& previewStartDir() {
    static const std::string dir = [] {
        hb::DistillRequest r = hbtest::tinyDistillRequest("refl_start", 1);
        r.tier = "preview";
        auto report = hb::distill(r);
        EXPECT_TRUE(report.ok()) << report.error().message;
        return r.outDir;
    }();
    return dir;
}

hb::DistillRequest reflFamilyRequest(const std::string& stage, const std::string& outName, std::int64_t steps) {
    hb::DistillRequest r = hbtest::tinyDistillRequest(outName, steps);
    r.stage = stage;
    r.fromDir = previewStartDir();
    r.fromTier = "preview";
    r.editBatch = 0;
    return r;
}

/// reward.safetensors of a 2-step reward stage started from the Preview tier.
const std::string& rewardFile() {
    static const std::string path = [] {
        hb::DistillRequest r = reflFamilyRequest("reward", "refl_reward", 2);
        auto report = hb::distill(r);
        EXPECT_TRUE(report.ok()) << report.error().message;
        return (fs::path(r.outDir) / hb::kRewardFileName).string();
    }();
    return path;
}

hb::RewardModelConfig smallConfig() {
    hb::RewardModelConfig c;
    c.channels = 8;
    c.tokenDim = 16;
    c.textHidden = 16;
    c.cellDim = 8;
    c.hidden = 32;
    return c;
}

std::vector<std::int64_t> promptIds(const hb::Tokenizer& tokenizer, const std::string& text) {
    const std::vector<std::int32_t> ids = tokenizer.encode(text);
    return {ids.begin(), ids.end()};
}

std::unique_ptr<hb::Tokenizer> teacherTokenizer() {
    auto tokenizer =
        hb::Tokenizer::loadTokenizerJson((fs::path(hbtest::distillTeacherDir()) / "tokenizer.json").string());
    EXPECT_TRUE(tokenizer.ok()) << tokenizer.error().message;
    return tokenizer.ok() ? std::move(tokenizer.value()) : nullptr;
}

sw::Scene trainScene(std::uint64_t i) { return hb::demoScene(1000 + i, sw::Split::Train); }

/// The scene with its first object recoloured to a colour no object of that shape has.
sw::Scene recoloured(sw::Scene scene) {
    sw::Object& o = scene.objects.front();
    for (const sw::Colour c : sw::allValues<sw::Colour>()) {
        if (c != o.colour && scene.findObject(c, o.shape) == -1) {
            o.colour = c;
            break;
        }
    }
    return scene;
}

TEST(RewardModel, OutputIsInUnitRangeAndGradientsReachTheImage) {
    at::manual_seed(3);
    hb::RewardModel model(smallConfig());
    const at::Tensor images = (0.5 * at::randn({3, 3, 96, 96})).set_requires_grad(true);
    const std::vector<std::vector<std::int64_t>> prompts = {{5, 6, 7}, {8, 9}, {10, 11, 12}};
    const at::Tensor reward = model->forward(images, prompts);
    ASSERT_EQ(reward.sizes(), at::IntArrayRef({3}));
    EXPECT_TRUE((reward > 0).all().item<bool>() && (reward < 1).all().item<bool>()) << reward;
    reward.sum().backward();
    ASSERT_TRUE(images.grad().defined());
    const at::Tensor perImage = images.grad().abs().sum({1, 2, 3});
    EXPECT_TRUE(at::isfinite(images.grad()).all().item<bool>());
    EXPECT_TRUE((perImage > 0).all().item<bool>()) << perImage;
    // Prompts of one length share a GRU batch; the result must not depend on the company it keeps.
    const at::NoGradGuard noGrad;
    const at::Tensor alone = model->forward(images.detach().narrow(0, 2, 1), {prompts[2]});
    EXPECT_LE((alone[0] - reward[2]).abs().item<double>(), 1e-5);
    // The prompt matters.
    const at::Tensor other = model->forward(images.detach().narrow(0, 2, 1), {{40, 41, 42, 43}});
    EXPECT_GT((other[0] - reward[2]).abs().item<double>(), 1e-7);
}

TEST(RewardModel, LabelsAreTheOraclesMiniGenEvalChecks) {
    int checked = 0;
    for (std::uint64_t i = 0; i < 6; ++i) {
        const sw::Scene scene = trainScene(i);
        const sw::Scene other = trainScene(i + 50);
        const double correct = hb::oracleRewardLabel(scene, sw::render(scene, 96));
        const double colour = hb::oracleRewardLabel(scene, sw::render(recoloured(scene), 96));
        sw::Scene empty = scene;
        empty.objects.clear();
        EXPECT_EQ(correct, 1.0) << scene.describe();
        // Only colour attribution fails: shapes, count and cells are right.
        EXPECT_EQ(colour, 0.75) << scene.describe();
        EXPECT_EQ(hb::oracleRewardLabel(scene, sw::render(empty, 96)), 0.0) << scene.describe();
        EXPECT_LE(hb::oracleRewardLabel(scene, sw::render(other, 96)), correct);
        ++checked;
    }
    // The four checks are mini-GenEval prompts, scored as demo eval scores them.
    const std::vector<sw::GenEvalPrompt> checks = hb::rewardChecks(trainScene(0));
    ASSERT_EQ(checks.size(), 4u);
    EXPECT_EQ(checks[1].exactCount, static_cast<int>(trainScene(0).objects.size()));
    EXPECT_EQ(checked, 6);
}

TEST(RewardModel, AFewStepsLowerItsLossOnAFixedBatch) {
    auto tokenizer = teacherTokenizer();
    ASSERT_NE(tokenizer, nullptr);
    std::vector<hb::Image> images;
    std::vector<std::vector<std::int64_t>> prompts;
    std::vector<double> labels;
    for (std::uint64_t i = 0; i < 4; ++i) {
        const sw::Scene scene = trainScene(i);
        for (const sw::Scene& drawn : {scene, recoloured(scene), trainScene(i + 20)}) {
            images.push_back(sw::render(drawn, 96));
            prompts.push_back(promptIds(*tokenizer, sw::caption(scene)));
            labels.push_back(hb::oracleRewardLabel(scene, images.back()));
        }
    }
    at::manual_seed(4);
    hb::RewardModel model(smallConfig());
    hb::TrainedState state = hb::makeTrainedState(model->parametersByName(), 0.9);
    const at::Tensor batch = hb::imagesToBatch(images);
    const at::Tensor target = at::tensor(labels, at::kDouble).to(at::kFloat);
    const auto loss = [&] { return at::binary_cross_entropy_with_logits(model->logits(batch, prompts), target); };
    const double before = loss().item<double>();
    for (int i = 0; i < 15; ++i) {
        state.optimizer->zeroGrad();
        loss().backward();
        state.optimizer->step(3e-3);
    }
    const double after = loss().item<double>();
    EXPECT_LT(after, 0.8 * before) << "before " << before << " after " << after;
}

TEST(RewardModel, SavesAndLoadsAndNamesAMissingFile) {
    at::manual_seed(6);
    hb::RewardModel model(smallConfig());
    const std::string path = (fs::path(hbtest::tempDir("reward_roundtrip")) / "reward.safetensors").string();
    ASSERT_TRUE(hb::saveRewardModel(*model, path, {{"note", "test"}}).ok());
    auto loaded = hb::loadRewardModel(path, "cpu");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ((*loaded)->config().describe(), smallConfig().describe());
    for (const auto& p : (*loaded)->parameters()) {
        EXPECT_FALSE(p.requires_grad());
    }
    const at::NoGradGuard noGrad;
    const at::Tensor images = at::randn({2, 3, 96, 96}).clamp(-1, 1);
    const std::vector<std::vector<std::int64_t>> prompts = {{1, 2, 3}, {4}};
    EXPECT_TRUE(at::equal(model->forward(images, prompts), (*loaded)->forward(images, prompts)));
    const std::string missing = (fs::path(hbtest::tempDir("reward_missing")) / "nope.safetensors").string();
    auto absent = hb::loadRewardModel(missing, "cpu");
    ASSERT_FALSE(absent.ok());
    EXPECT_EQ(absent.error().code, hb::ErrorCode::FileNotFound);
    EXPECT_NE(absent.error().message.find(missing), std::string::npos) << absent.error().message;
}

TEST(RewardStage, WritesALoadableModelAndHeldOutMetrics) {
    const std::string& path = rewardFile();
    auto model = hb::loadRewardModel(path, "cpu");
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ((*model)->config().vocabSize, 512);
    EXPECT_EQ((*model)->config().imageSize, 96);
    const fs::path work = fs::path(path).parent_path() / "distill-reward";
    auto log = hb::LossLog::open((work / "loss.csv").string(),
                                 {"step", "samples", "lr", "loss", "mse", "label_mean", "heldout_mse",
                                  "heldout_corr", "heldout_rank"},
                                 1 << 30);
    ASSERT_TRUE(log.ok()) << log.error().message;
    ASSERT_EQ(log->rows().size(), 2u);
    for (const auto& row : log->rows()) {
        EXPECT_TRUE(std::isfinite(row[3]) && std::isfinite(row[6])) << "loss and held-out MSE every logged step";
        EXPECT_GT(row[5], 0.0) << "each caption's correct render is labelled 1";
        EXPECT_LT(row[5], 1.0) << "wrong images are labelled below 1";
        EXPECT_EQ(row[1], 5.0 * row[0]) << "five images per caption";
    }
    EXPECT_TRUE(fs::exists(work / "checkpoint.safetensors"));
}

hb::ReflTrainerOptions reflOptions(double anchorWeight) {
    hb::ReflTrainerOptions o;
    o.teacherDir = hbtest::distillTeacherDir();
    o.startTierPath = (fs::path(previewStartDir()) / "preview.safetensors").string();
    o.rewardPath = rewardFile();
    o.draw.textToImage = 2;
    o.draw.edit = 0;
    o.draw.seed = 5;
    o.threshold = 1.0; // every image below it: the hinge is active for the whole batch
    o.anchorWeight = anchorWeight;
    return o;
}

TEST(ReflTrainer, StepsRaiseTheRewardAndLeaveTheUnderstandingBranch) {
    auto created = hb::ReflTrainer::create(reflOptions(0.01));
    ASSERT_TRUE(created.ok()) << created.error().message;
    hb::ReflTrainer& trainer = **created;
    auto file = hb::loadTensorFile((fs::path(hbtest::distillTeacherDir()) / "ema.safetensors").string());
    ASSERT_TRUE(file.ok()) << file.error().message;
    const auto batch = trainer.prepare(0);
    ASSERT_EQ(batch.size(), 2u);
    const hb::ReflStepStats before = trainer.evaluate(batch, /*withOracle=*/true);
    EXPECT_EQ(before.anchor, 0.0) << "the generator starts as the start tier";
    EXPECT_TRUE(before.oracle >= 0.0 && before.oracle <= 1.0) << before.oracle;
    EXPECT_NEAR(before.hinge, 1.0 - before.reward, 1e-6);
    for (int i = 0; i < 3; ++i) {
        const hb::ReflStepStats s = trainer.trainStep(batch, 1e-4, /*withOracle=*/false);
        EXPECT_TRUE(std::isfinite(s.loss) && s.gradNorm > 0.0) << s.loss << " " << s.gradNorm;
    }
    const hb::ReflStepStats after = trainer.evaluate(batch, /*withOracle=*/false);
    EXPECT_GT(after.reward, before.reward) << "before " << before.reward << " after " << after.reward;
    EXPECT_LT(after.hinge, before.hinge);
    EXPECT_GT(after.anchor, 0.0);
    int understanding = 0;
    for (const auto& item : trainer.student().llm->named_parameters()) {
        if (hb::isGenerationExpertParameter(item.key())) {
            continue;
        }
        ++understanding;
        const std::string name = "language_model." + item.key();
        EXPECT_TRUE(at::equal(item.value(), file->at(name))) << name << " moved";
    }
    EXPECT_GT(understanding, 0);
    for (const auto& [name, p] : trainer.parameters()) {
        EXPECT_TRUE(hb::isTierTensorName(name)) << name << " is trained but not part of the tier";
    }
}

TEST(ReflStage, WritesThePreviewTier) {
    hb::DistillRequest r = reflFamilyRequest("refl", "refl_run", 1);
    r.rewardPath = rewardFile();
    auto report = hb::distill(r);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->tierPath, (fs::path(r.outDir) / "preview.safetensors").string());
    auto manifest = hb::readTextFile((fs::path(r.outDir) / "hyperbagel.json").string());
    ASSERT_TRUE(manifest.ok());
    const nlohmann::json tier = nlohmann::json::parse(*manifest)["tiers"]["preview"];
    EXPECT_EQ(tier["timesteps"].get<std::vector<float>>(), (std::vector<float>{1.0f, 0.0f}));
    EXPECT_EQ(tier["distilled"]["stage"], "refl");
    auto tensors = hb::loadTensorFile(report->tierPath);
    ASSERT_TRUE(tensors.ok());
    for (const auto& [name, t] : *tensors) {
        EXPECT_TRUE(hb::isTierTensorName(name)) << name;
    }
    auto log = hb::LossLog::open((fs::path(r.outDir) / "distill-refl" / "loss.csv").string(),
                                 {"step", "samples", "lr", "loss", "hinge", "reward", "anchor", "oracle",
                                  "grad_norm"},
                                 1 << 30);
    ASSERT_TRUE(log.ok()) << log.error().message;
    ASSERT_EQ(log->rows().size(), 1u);
    const double oracle = log->rows()[0][7];
    EXPECT_TRUE(oracle >= 0.0 && oracle <= 1.0) << "the oracle scores the logged step's samples";
}

TEST(ReflStage, AMissingRewardFileIsNamed) {
    const std::string missing = (fs::path(hbtest::tempDir("refl_no_reward")) / "reward.safetensors").string();
    hb::DistillRequest r = reflFamilyRequest("refl", "refl_bad", 1);
    r.rewardPath = missing;
    auto report = hb::distill(r);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(report.error().message.find(missing), std::string::npos) << report.error().message;
    hb::ReflTrainerOptions o = reflOptions(0.0);
    o.rewardPath = missing;
    auto trainer = hb::ReflTrainer::create(o);
    ASSERT_FALSE(trainer.ok());
    EXPECT_EQ(trainer.error().code, hb::ErrorCode::FileNotFound);
    EXPECT_NE(trainer.error().message.find(missing), std::string::npos) << trainer.error().message;
}

} // namespace
