// Stage 2 of the generation distillation (TSCD) and the adversarial pieces it shares with ADP, on a
// random ShapeWorld teacher: the multi-head latent discriminator (shapes, gradients, names), the pixel
// discriminator, the hinge losses, the segment plan and the teacher's ODE, and the stage end to end
// (a loadable tier folder, the understanding branch untouched, resume bit for bit, bad input).

#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include "hyperbagel/engine/distill.h"
#include "hyperbagel/engine/model.h"

#include "distill/adversarial_loss.h"
#include "distill/cfg_student.h"
#include "distill/latent_discriminator.h"
#include "distill/pixel_discriminator.h"
#include "distill/stage_common.h"
#include "distill/tscd_trainer.h"
#include "generation/flow_sampler.h"
#include "models/bagel/bagel_model.h"
#include "test_distill_support.h"
#include "test_support.h"
#include "training/tensor_file.h"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kLogColumns{"step",       "samples",    "lr",           "loss_g",
                                           "loss_d",     "real_logit", "fake_logit",   "endpoint_mse",
                                           "grad_norm_g", "grad_norm_d"};

/// A one-step stage-1 run: the folder TSCD starts from.
const std::string& stage1Dir() {
    static const std::string dir = [] {
        hb::DistillRequest r = hbtest::tinyDistillRequest("tscd_stage1", 1);
        auto report = hb::distillCfg(r);
        EXPECT_TRUE(report.ok()) << report.error().message;
        return r.outDir;
    }();
    return dir;
}

std::string stage1Tier() { return (fs::path(stage1Dir()) / "fast.safetensors").string(); }

hb::DistillRequest tscdRequest(const std::string& outName, std::int64_t steps) {
    hb::DistillRequest r = hbtest::tinyDistillRequest(outName, steps);
    r.stage = "tscd";
    r.fromDir = stage1Dir();
    return r;
}

/// A 4-step run shared by the tests that only read its folder (and the resume test's reference).
const hb::DistillRequest& sharedRun() {
    static const hb::DistillRequest request = [] {
        hb::DistillRequest r = tscdRequest("tscd_run", 4);
        auto report = hb::distill(r);
        EXPECT_TRUE(report.ok()) << report.error().message;
        return r;
    }();
    return request;
}

std::vector<std::vector<double>> lossRows(const std::string& outDir) {
    return hbtest::distillLossRows(outDir, "tscd", kLogColumns);
}

/// The frozen teacher and one edit example's context and clean latent.
struct Scene {
    hb::FrozenTeacher teacher;
    hb::CfgExample example;
    hb::CfgExampleInputs inputs;
};

Scene& scene() {
    static Scene* s = [] {
        auto* out = new Scene();
        auto teacher = hb::loadFrozenTeacher(hbtest::distillTeacherDir(), "cpu");
        EXPECT_TRUE(teacher.ok()) << teacher.error().message;
        out->teacher = std::move(teacher.value());
        hb::CfgDrawOptions draw;
        draw.textToImage = 0;
        draw.edit = 1;
        draw.seed = 5;
        out->example = hb::drawCfgExamples(draw, 0, *out->teacher.tokenizer).front();
        out->inputs = hb::encodeCfgExample(out->teacher.bagel(), out->example);
        return out;
    }();
    return *s;
}

TEST(LatentDiscriminator, OneLogitPerHeadWithGradientsToTheInputAndTheParameters) {
    Scene& sc = scene();
    hb::BagelModel& teacher = sc.teacher.bagel();
    const int layers = static_cast<int>(teacher.config().llm.numHiddenLayers);
    at::manual_seed(1);
    auto created = hb::LatentDiscriminatorImpl::create(teacher, stage1Tier());
    ASSERT_TRUE(created.ok()) << created.error().message;
    hb::LatentDiscriminator d(*created);
    EXPECT_EQ(d->depths(), hb::LatentDiscriminatorImpl::defaultDepths(layers));
    ASSERT_EQ(d->depths().back(), layers - 1);

    const at::Tensor x = sc.inputs.x0.clone().requires_grad_(true);
    const at::Tensor logits =
        d->forward(teacher, sc.inputs.contexts.gen, x, sc.inputs.h, sc.inputs.w, 0.5, 3.0, 1.5);
    ASSERT_EQ(logits.dim(), 1);
    EXPECT_EQ(logits.size(0), static_cast<std::int64_t>(d->depths().size()));
    EXPECT_EQ(logits.scalar_type(), at::kFloat);
    EXPECT_LT(logits.abs().max().item<double>(), 1.0) << "the heads start near zero";
    logits.sum().backward();
    ASSERT_TRUE(x.grad().defined());
    EXPECT_GT(x.grad().abs().sum().item<double>(), 0.0);

    const hb::NamedTensors params = d->trainable();
    std::set<std::string> names;
    for (const auto& [name, p] : params) {
        names.insert(name);
        if (name.rfind("heads.", 0) == 0) {
            ASSERT_TRUE(p.grad().defined()) << name;
            EXPECT_GT(p.grad().abs().sum().item<double>(), 0.0) << name;
        } else {
            ASSERT_EQ(name.rfind("backbone.", 0), 0u) << name;
            EXPECT_TRUE(hb::isTierTensorName(name.substr(9))) << name << " is not a generation-branch tensor";
        }
    }
    EXPECT_EQ(names.size(), params.size()) << "names must be unique";
    EXPECT_EQ(names.count("heads.0.fc1.weight"), 1u);
    EXPECT_EQ(names.count("heads.2.fc2.bias"), 1u);
    const std::int64_t hidden = teacher.config().llm.hiddenSize;
    for (const auto& [name, p] : params) {
        if (name == "heads.0.fc1.weight") {
            EXPECT_EQ(p.sizes(), (std::vector<std::int64_t>{std::max<std::int64_t>(32, hidden / 4), hidden}));
        }
    }
    // The backbone trains: its first layer's generation expert receives a gradient; the head of the
    // last layer reads past it. Nothing reads llm2vae.
    std::map<std::string, at::Tensor> byName(params.begin(), params.end());
    const at::Tensor& expert = byName.at("backbone.language_model.model.layers.0.mlp_moe_gen.down_proj.weight");
    ASSERT_TRUE(expert.grad().defined());
    EXPECT_GT(expert.grad().abs().sum().item<double>(), 0.0);
    EXPECT_FALSE(byName.at("backbone.llm2vae.weight").grad().defined());
    for (const auto& p : teacher.llm().parameters()) {
        EXPECT_FALSE(p.grad().defined()) << "the frozen teacher took a gradient";
    }

    // The logits depend on the latent and the time.
    const at::NoGradGuard noGrad;
    const at::Tensor other = d->forward(teacher, sc.inputs.contexts.gen, x * 0.5, sc.inputs.h, sc.inputs.w,
                                        0.5, 3.0, 1.5);
    EXPECT_GT((other - logits).abs().max().item<double>(), 0.0);
}

TEST(LatentDiscriminator, ChosenDepthsAndBadDepths) {
    Scene& sc = scene();
    hb::BagelModel& teacher = sc.teacher.bagel();
    const int layers = static_cast<int>(teacher.config().llm.numHiddenLayers);
    auto one = hb::LatentDiscriminatorImpl::create(teacher, stage1Tier(), {0});
    ASSERT_TRUE(one.ok()) << one.error().message;
    const at::NoGradGuard noGrad;
    EXPECT_EQ((*one)->forward(teacher, sc.inputs.contexts.gen, sc.inputs.x0, sc.inputs.h, sc.inputs.w, 0.0, 1.0, 1.0)
                  .sizes(),
              (std::vector<std::int64_t>{1}));
    auto bad = hb::LatentDiscriminatorImpl::create(teacher, stage1Tier(), {0, layers});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(bad.error().message.find(std::to_string(layers)), std::string::npos) << bad.error().message;
    auto missing = hb::LatentDiscriminatorImpl::create(teacher, stage1Dir() + "/no_such_tier.safetensors");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("no_such_tier"), std::string::npos) << missing.error().message;
}

TEST(PixelDiscriminator, OneLogitPerImageWithGradients) {
    at::manual_seed(2);
    hb::PixelDiscriminator d(8);
    const at::Tensor images = (at::rand({2, 3, 64, 48}) * 2 - 1).requires_grad_(true);
    const at::Tensor logits = d->forward(images);
    EXPECT_EQ(logits.sizes(), (std::vector<std::int64_t>{2}));
    EXPECT_NE(logits[0].item<double>(), logits[1].item<double>());
    logits.sum().backward();
    EXPECT_GT(images.grad().abs().sum().item<double>(), 0.0);
    std::set<std::string> names;
    for (const auto& [name, p] : d->trainable()) {
        names.insert(name);
        ASSERT_TRUE(p.grad().defined()) << name;
    }
    EXPECT_EQ(names.size(), 10u) << "five convolutions, weight and bias each";
    EXPECT_THROW(d->forward(at::zeros({1, 3, 8, 8})), c10::Error);
    EXPECT_THROW(d->forward(at::zeros({1, 4, 32, 32})), c10::Error);
}

TEST(AdversarialLoss, HingeValuesAndGradients) {
    const at::Tensor real = at::tensor({0.5, 2.0, -1.0}, at::kDouble);
    const at::Tensor fake = at::tensor({-2.0, 0.5, -0.5}, at::kDouble).requires_grad_(true);
    // ReLU(1 - real) = 0.5, 0, 2 -> 2.5 / 3; ReLU(1 + fake) = 0, 1.5, 0.5 -> 2 / 3.
    EXPECT_NEAR(hb::hingeDiscriminatorLoss(real, fake).item<double>(), 1.5, 1e-12);
    EXPECT_NEAR(hb::hingeDiscriminatorLoss(at::ones({4}), -at::ones({4})).item<double>(), 0.0, 1e-12);
    EXPECT_NEAR(hb::hingeDiscriminatorLoss(at::zeros({2}), at::zeros({2})).item<double>(), 2.0, 1e-12);
    const at::Tensor g = hb::hingeGeneratorLoss(fake);
    EXPECT_NEAR(g.item<double>(), 2.0 / 3.0, 1e-12);
    g.backward();
    EXPECT_TRUE(at::allclose(fake.grad(), at::full({3}, -1.0 / 3.0, at::kDouble)));
}

TEST(TscdPlan, ThreeSegmentsOfTheTierGridAndTheTeachersFinerGrid) {
    auto plan = hb::makeTscdPlan(7, 3.0);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->knots, hb::shiftedTimesteps(7, 3.0));
    EXPECT_EQ(plan->stepsPerSegment, 2);
    EXPECT_EQ(plan->segmentOf(0), 0);
    EXPECT_EQ(plan->segmentOf(3), 1);
    EXPECT_EQ(plan->segmentOf(5), 2);
    EXPECT_EQ(plan->segmentEnd(2), 6);
    const std::vector<float> first = plan->teacherTimes(0, 2);
    ASSERT_EQ(first.size(), 5u);
    EXPECT_EQ(first[0], 1.0f);
    EXPECT_EQ(first[2], plan->knots[1]);
    EXPECT_EQ(first[4], plan->knots[2]);
    EXPECT_EQ(first[1], hb::shiftedTimesteps(13, 3.0)[1]);
    EXPECT_GT(first[1], first[2]);
    const std::vector<float> last = plan->teacherTimes(5, 6);
    ASSERT_EQ(last.size(), 3u);
    EXPECT_EQ(last.back(), 0.0f);
    auto uneven = hb::makeTscdPlan(6, 3.0);
    ASSERT_FALSE(uneven.ok());
    EXPECT_EQ(uneven.error().code, hb::ErrorCode::InvalidRequest);
}

TEST(TscdPlan, TheRealEndpointIsTheTeachersSamplerOnThoseTimes) {
    Scene& sc = scene();
    hb::BagelModel& teacher = sc.teacher.bagel();
    auto plan = hb::makeTscdPlan(7, 3.0);
    ASSERT_TRUE(plan.ok());
    const at::Tensor xt = hb::noisyLatent(sc.example, sc.inputs.x0);
    const hb::CfgGuidance guidance = hb::officialGuidance(hb::TeacherTask::Edit, 3.0, 1.7);
    for (const auto& [from, to] : {std::make_pair(0, 2), std::make_pair(3, 4)}) {
        const std::vector<float> times = plan->teacherTimes(from, to);
        int forwards = 0;
        const at::Tensor ode =
            hb::teacherOdeEndpoint(teacher, sc.inputs.contexts, xt, sc.inputs.h, sc.inputs.w, times, guidance,
                                   &forwards);
        hb::SamplerSettings settings;
        settings.timesteps = times;
        settings.scales = guidance.scales;
        settings.intervalLow = guidance.intervalLow;
        settings.intervalHigh = guidance.intervalHigh;
        const at::NoGradGuard noGrad;
        const hb::SamplerResult sampled =
            hb::sampleFlow(teacher, sc.inputs.contexts, sc.inputs.h, sc.inputs.w, xt, settings, {});
        EXPECT_TRUE(at::equal(ode, sampled.latent)) << "segment from knot " << from;
        EXPECT_EQ(forwards, sampled.forwards);
        EXPECT_EQ(forwards, 3 * (to - from) * plan->substeps) << "edits run three branches per step";
    }
}

TEST(TscdTrainer, ExamplesStartOnAKnotAndTheDiscriminatorLearnsToSeparate) {
    hb::DistillRequest r = hb::resolveDistillRequest(tscdRequest("tscd_trainer", 1));
    r.editBatch = 2;
    auto trainer = hb::TscdTrainer::create(r);
    ASSERT_TRUE(trainer.ok()) << trainer.error().message;
    const hb::TscdPlan& plan = (*trainer)->plan();
    const std::vector<hb::TscdExample> batch = (*trainer)->prepare(0);
    ASSERT_EQ(batch.size(), 3u);
    for (const hb::TscdExample& e : batch) {
        EXPECT_EQ(e.segment, plan.segmentOf(e.knot));
        EXPECT_EQ(e.t, plan.knots[static_cast<std::size_t>(e.knot)]);
        EXPECT_EQ(e.end, plan.knots[static_cast<std::size_t>(plan.segmentEnd(e.segment))]);
        EXPECT_GT(e.teacherForwards, 0);
        EXPECT_EQ(e.real.sizes(), e.xt.sizes());
        EXPECT_GT((e.real - e.xt).abs().max().item<double>(), 0.0);
    }
    const std::vector<hb::TscdExample> again = (*trainer)->prepare(0);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        EXPECT_TRUE(at::equal(batch[i].real, again[i].real)) << "step 0 is a pure function of the seed";
    }
    // Critic-only steps (generator rate 0) on a fixed batch: the margin real - fake grows.
    std::vector<double> margins;
    for (int k = 0; k < 3; ++k) {
        const hb::TscdStepStats s = (*trainer)->trainStep(batch, 0.0, 1e-3);
        ASSERT_TRUE(std::isfinite(s.lossG) && std::isfinite(s.lossD));
        EXPECT_GT(s.endpointMse, 0.0);
        margins.push_back(s.realLogit - s.fakeLogit);
    }
    EXPECT_GT(margins.back(), margins.front());
}

TEST(TscdStage, WritesALoadableTierAndLeavesTheUnderstandingBranchAlone) {
    const hb::DistillRequest& run = sharedRun();
    const fs::path out(run.outDir);
    hbtest::expectTeacherFilesCopied(run.teacherDir, run.outDir);
    auto start = hb::loadTensorFile(stage1Tier());
    auto tier = hb::loadTensorFile((out / "fast.safetensors").string());
    ASSERT_TRUE(start.ok() && tier.ok());
    ASSERT_EQ(tier->size(), start->size());
    int changed = 0;
    for (const auto& [name, t] : *tier) {
        ASSERT_TRUE(start->count(name)) << name;
        EXPECT_TRUE(hb::isTierTensorName(name)) << name;
        changed += at::equal(t, start->at(name)) ? 0 : 1;
    }
    EXPECT_FALSE(at::equal(tier->at("llm2vae.weight"), start->at("llm2vae.weight")));
    EXPECT_FALSE(at::equal(tier->at("language_model.model.layers.0.mlp_moe_gen.up_proj.weight"),
                           start->at("language_model.model.layers.0.mlp_moe_gen.up_proj.weight")));
    EXPECT_GT(changed, static_cast<int>(tier->size()) / 2);

    const auto manifest = nlohmann::json::parse(hbtest::readFile((out / "hyperbagel.json").string()));
    const auto& fast = manifest["tiers"]["fast"];
    EXPECT_EQ(fast["distilled"]["stage"], "tscd");
    EXPECT_EQ(fast["distilled"]["step"], "4");
    EXPECT_EQ(fast["timesteps"].size(), 7u);
    auto model = hb::Model::load(hb::ModelLoadOptions{run.outDir});
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ((*model)->info().tiers, (std::vector<std::string>{"full", "fast"}));

    const fs::path work = out / "distill-tscd";
    EXPECT_TRUE(fs::exists(work / "checkpoint.safetensors"));
    EXPECT_TRUE(fs::exists(work / "discriminator.safetensors"));
    EXPECT_TRUE(fs::exists(work / "loss.png"));
    const auto rows = lossRows(run.outDir);
    ASSERT_EQ(rows.size(), 4u);
    for (const auto& row : rows) {
        for (std::size_t c = 3; c < row.size(); ++c) {
            EXPECT_TRUE(std::isfinite(row[c])) << kLogColumns[c];
        }
        EXPECT_GT(row[7], 0.0) << "endpoint_mse";
    }
}

TEST(TscdStage, StoppedRunResumesBitForBit) {
    hb::DistillRequest request = tscdRequest("tscd_resume", 4);
    hbtest::stopThenResume(request, 2);

    const hb::DistillRequest& straight = sharedRun();
    const auto resumed = lossRows(request.outDir);
    const auto rows = lossRows(straight.outDir);
    ASSERT_EQ(resumed.size(), 4u);
    ASSERT_EQ(rows.size(), 4u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (std::size_t c = 3; c < kLogColumns.size(); ++c) {
            EXPECT_EQ(rows[i][c], resumed[i][c]) << kLogColumns[c] << " of step " << i + 1;
        }
    }
    hbtest::expectSameWeightFiles(request.outDir, straight.outDir,
                                  {"fast.safetensors", "distill-tscd/discriminator.safetensors",
                                   "distill-tscd/checkpoint.safetensors"});
}

TEST(TscdStage, BadStartFoldersAreNamed) {
    hb::DistillRequest request = tscdRequest("tscd_bad", 1);
    request.fromDir = (fs::path(request.outDir) / "no_such_stage1").string();
    auto missing = hb::distill(request);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(missing.error().message.find("no_such_stage1"), std::string::npos) << missing.error().message;
    EXPECT_NE(missing.error().message.find("--from"), std::string::npos) << missing.error().message;

    // A folder without the starting tier (the teacher itself).
    request.fromDir = request.teacherDir;
    auto noTier = hb::distill(request);
    ASSERT_FALSE(noTier.ok());
    EXPECT_NE(noTier.error().message.find("fast.safetensors"), std::string::npos) << noTier.error().message;

    request.fromDir.clear();
    auto none = hb::distill(request);
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("--from"), std::string::npos) << none.error().message;

    // Tier timesteps that do not split into three segments.
    request.fromDir = stage1Dir();
    request.tierTimesteps = 6;
    auto uneven = hb::distill(request);
    ASSERT_FALSE(uneven.ok());
    EXPECT_EQ(uneven.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(uneven.error().message.find("segments"), std::string::npos) << uneven.error().message;
}

} // namespace
