// Stages 3 (DMDO) and 4 (ADP) through distill() on a random ShapeWorld teacher, each started from a
// short stage-1 run: the knot and time rules, the written tiers (loadable, understanding branch
// untouched, generation branch moved), resuming bit for bit with two or three trained parts, and
// bad input.

#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include "hyperbagel/engine/distill.h"
#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"

#include "distill/adp_trainer.h"
#include "distill/cfg_student.h"
#include "distill/dmdo_trainer.h"
#include "distill/stage_common.h"
#include "generation/flow_sampler.h"
#include "models/bagel/bagel_model.h"
#include "session/model_impl.h"
#include "test_distill_support.h"
#include "test_support.h"
#include "training/tensor_file.h"

namespace fs = std::filesystem;

namespace {

/// A 2-step stage-1 run: the start of every later stage here.
const std::string& stageOneDir() {
    static const std::string dir = [] {
        hb::DistillRequest r = hbtest::tinyDistillRequest("later_stage1", 2);
        auto report = hb::distillCfg(r);
        EXPECT_TRUE(report.ok()) << report.error().message;
        return r.outDir;
    }();
    return dir;
}

hb::DistillRequest laterRequest(const std::string& stage, const std::string& outName, std::int64_t steps) {
    hb::DistillRequest r = hbtest::tinyDistillRequest(outName, steps);
    r.stage = stage;
    r.fromDir = stageOneDir();
    return r;
}

std::map<std::string, at::Tensor> tensorsOf(const fs::path& path) {
    auto file = hb::loadTensorFile(path.string());
    EXPECT_TRUE(file.ok()) << path << ": " << (file.ok() ? "" : file.error().message);
    return file.ok() ? *file : std::map<std::string, at::Tensor>{};
}

/// The tier's tensors moved away from the start tier's, and the teacher's weights are untouched.
void expectTrainedFrom(const hb::DistillRequest& request, const std::string& startTier) {
    const hb::DistillRequest r = hb::resolveDistillRequest(request);
    const auto trained = tensorsOf(fs::path(r.outDir) / (r.tier + ".safetensors"));
    const auto start = tensorsOf(fs::path(r.fromDir) / (startTier + ".safetensors"));
    ASSERT_EQ(trained.size(), start.size());
    int moved = 0;
    for (const auto& [name, t] : trained) {
        ASSERT_TRUE(start.count(name)) << name;
        moved += at::equal(t, start.at(name)) ? 0 : 1;
    }
    EXPECT_GT(moved, 0) << "no tensor of the generation branch moved";
    EXPECT_TRUE(hbtest::readFile((fs::path(r.teacherDir) / "ema.safetensors").string()) ==
                hbtest::readFile((fs::path(r.outDir) / "ema.safetensors").string()))
        << "the understanding branch (the teacher's weights) must stay byte-identical";
}

TEST(DistillLaterStages, KnotAboveIsTheTrajectoryKnotJustAboveT) {
    const std::vector<float> times = hb::shiftedTimesteps(7, 3.0); // 1, .9375, .857, .75, .6, .375, 0
    EXPECT_EQ(hb::knotAbove(times, 1.0), 0u);
    EXPECT_EQ(hb::knotAbove(times, 0.95), 0u);
    EXPECT_EQ(hb::knotAbove(times, 0.9375), 1u);
    EXPECT_EQ(hb::knotAbove(times, 0.8), 2u);
    EXPECT_EQ(hb::knotAbove(times, 0.5), 4u);
    EXPECT_EQ(hb::knotAbove(times, 0.2), 5u);
    EXPECT_EQ(hb::knotAbove(times, 1e-6), 5u) << "the last knot (0) has no step after it";
}

TEST(DistillLaterStages, AdpTimeIsOneHalfTheTimeAndShiftedOtherwise) {
    EXPECT_EQ(hb::adpTime(0.1, 0.7, 3.0), 1.0);
    EXPECT_DOUBLE_EQ(hb::adpTime(0.9, 0.5, 3.0), hb::shiftedTime(0.5, 3.0));
    EXPECT_DOUBLE_EQ(hb::shiftedTime(0.5, 3.0), 0.75);
    EXPECT_DOUBLE_EQ(hb::shiftedTime(1.0, 3.0), 1.0);
}

TEST(DistillLaterStages, RolloutIsWhatTheFastTierSamples) {
    auto teacher = hb::loadFrozenTeacher(stageOneDir(), "cpu");
    ASSERT_TRUE(teacher.ok()) << teacher.error().message;
    hb::BagelModel& bagel = teacher->bagel();
    auto student = hb::studentFromTier(bagel, (fs::path(stageOneDir()) / "fast.safetensors").string());
    ASSERT_TRUE(student.ok()) << student.error().message;
    hb::DistilledTier* tier = bagel.tier("fast");
    ASSERT_NE(tier, nullptr);
    hb::CfgDrawOptions draw;
    draw.textToImage = 1;
    draw.edit = 0;
    const auto examples = hb::drawCfgExamples(draw, 0, *teacher->tokenizer);
    const hb::CfgExampleInputs inputs = hb::encodeCfgExample(bagel, examples.front());
    const at::Tensor noise = at::randn(inputs.x0.sizes());
    const hb::Rollout rollout = hb::studentRollout(**student, bagel, inputs.contexts.gen, noise, inputs.h, inputs.w,
                                                   tier->timesteps, 4.0, 1.0);
    ASSERT_EQ(rollout.knots.size(), tier->timesteps.size());
    // The inference path: the tier's own forward and Euler update.
    at::Tensor x = noise;
    for (std::size_t i = 0; i + 1 < tier->timesteps.size(); ++i) {
        const at::NoGradGuard noGrad;
        const float t = tier->timesteps[i];
        const at::Tensor v = bagel.tierVelocity(*tier, inputs.contexts.gen, x, inputs.h, inputs.w, t, 4.0, 1.0);
        x = x - v.to(at::kFloat) * static_cast<double>(t - tier->timesteps[i + 1]);
        EXPECT_TRUE(at::allclose(rollout.knots[i + 1], x, 1e-5, 1e-6)) << "knot " << i + 1;
    }
}

TEST(DistillLaterStages, DmdoWritesATrainedFastTierAndResumesBitForBit) {
    hb::DistillRequest request = laterRequest("dmdo", "later_dmdo", 3);
    hbtest::stopThenResume(request, 2);
    EXPECT_TRUE(fs::exists(fs::path(request.outDir) / "distill-dmdo" / "fake_score.safetensors"));
    expectTrainedFrom(request, "fast");

    hb::DistillRequest straight = laterRequest("dmdo", "later_dmdo_straight", 3);
    ASSERT_TRUE(hb::distill(straight).ok());
    hbtest::expectSameWeightFiles(request.outDir, straight.outDir,
                                  {"fast.safetensors", "distill-dmdo/fake_score.safetensors"});
    auto model = hb::Model::load(hb::ModelLoadOptions{request.outDir});
    ASSERT_TRUE(model.ok()) << model.error().message;
    auto json = nlohmann::json::parse(hbtest::readFile((fs::path(request.outDir) / "hyperbagel.json").string()));
    EXPECT_EQ(json["tiers"]["fast"]["timesteps"].size(), 7u);
    EXPECT_EQ(json["tiers"]["fast"]["distilled"]["stage"], "dmdo");
}

TEST(DistillLaterStages, AdpWritesAOneStepPreviewTierThatLoads) {
    hb::DistillRequest request = laterRequest("adp", "later_adp", 2);
    request.regressionWeight = 1.0;
    auto report = hb::distill(request);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(request.tier, "");
    EXPECT_EQ(hb::resolveDistillRequest(request).tier, "preview");
    expectTrainedFrom(request, "fast");
    for (const char* part : {"checkpoint", "latent_discriminator", "pixel_discriminator"}) {
        EXPECT_TRUE(fs::exists(fs::path(request.outDir) / "distill-adp" / (std::string(part) + ".safetensors")))
            << part;
    }
    auto model = hb::Model::load(hb::ModelLoadOptions{request.outDir});
    ASSERT_TRUE(model.ok()) << model.error().message;
    hb::DistilledTier* tier = (*model)->impl().bagel->tier("preview");
    ASSERT_NE(tier, nullptr);
    EXPECT_EQ(tier->timesteps, (std::vector<float>{1.0f, 0.0f})) << "Preview is one step";
    EXPECT_NE((*model)->impl().bagel->tier("fast"), nullptr) << "the start's fast tier is carried along";
}

TEST(DistillLaterStages, BadStartsAreNamed) {
    hb::DistillRequest noFrom = hbtest::tinyDistillRequest("later_bad", 1);
    noFrom.stage = "dmdo";
    auto missing = hb::distill(noFrom);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(missing.error().message.find("--from"), std::string::npos) << missing.error().message;

    hb::DistillRequest wrongTier = laterRequest("adp", "later_bad_tier", 1);
    wrongTier.fromTier = "preview";
    auto noTier = hb::distill(wrongTier);
    ASSERT_FALSE(noTier.ok());
    EXPECT_NE(noTier.error().message.find("preview.safetensors"), std::string::npos) << noTier.error().message;

    hb::DistillRequest unknown = laterRequest("dmd2", "later_bad_stage", 1);
    auto bad = hb::distill(unknown);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("unknown stage"), std::string::npos) << bad.error().message;
}

} // namespace
