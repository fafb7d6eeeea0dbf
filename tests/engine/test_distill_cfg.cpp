// Stage 1 of the generation distillation, the trainer's parts on a random ShapeWorld teacher:
// the student starts as the teacher's conditional branch, the training target is what the Full
// tier's sampler computes, a few steps lower the loss, and the understanding branch never moves.

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/engine/generation.h"

#include "distill/cfg_trainer.h"
#include "generation/flow_sampler.h"
#include "models/bagel/bagel_model.h"
#include "models/bagel/distilled_tier.h"
#include "test_distill_support.h"
#include "training/tensor_file.h"

namespace fs = std::filesystem;

namespace {

std::unique_ptr<hb::CfgTrainer> makeTrainer() {
    hb::CfgTrainerOptions options;
    options.teacherDir = hbtest::distillTeacherDir();
    options.draw.textToImage = 1;
    options.draw.edit = 1;
    options.draw.seed = 5;
    auto trainer = hb::CfgTrainer::create(options);
    EXPECT_TRUE(trainer.ok()) << trainer.error().message;
    return trainer.ok() ? std::move(trainer.value()) : nullptr;
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(at::kFloat) - b.to(at::kFloat)).abs().max().item<double>();
}

TEST(DistillCfg, StudentStartsAsTheTeachersConditionalBranch) {
    auto trainer = makeTrainer();
    ASSERT_NE(trainer, nullptr);
    hb::BagelModel& teacher = trainer->teacher();
    const at::NoGradGuard noGrad;
    const auto examples = hb::drawCfgExamples(trainer->options().draw, 0, trainer->tokenizer());
    ASSERT_EQ(examples.size(), 2u);
    EXPECT_EQ(examples[1].sample.task, hb::TeacherTask::Edit);
    for (const hb::CfgExample& e : examples) {
        const hb::CfgExampleInputs in = hb::encodeCfgExample(teacher, e);
        const at::Tensor xt = hb::noisyLatent(e, in.x0);
        const at::Tensor expected = teacher.velocity(in.contexts.gen, xt, in.h, in.w, e.t);
        // Any scale: the embedders' output layers are zero, so the scales add nothing yet.
        for (const auto& [text, image] :
             {std::make_pair(4.0, 2.0), std::make_pair(e.textScale, e.imageScale)}) {
            const at::Tensor got =
                trainer->student().velocity(teacher, in.contexts.gen, xt, in.h, in.w, e.t, text, image);
            EXPECT_LE(maxAbsDiff(got, expected), 1e-6) << "task " << static_cast<int>(e.sample.task);
        }
    }
}

// The reference is the Full tier's own sampler, one step from x_t at t over the same contexts, with
// the scales, interval and renorm taken from the public request defaults of each task.
TEST(DistillCfg, TargetIsWhatTheFullTierSamplerComputes) {
    auto trainer = makeTrainer();
    ASSERT_NE(trainer, nullptr);
    hb::BagelModel& teacher = trainer->teacher();
    const at::NoGradGuard noGrad;
    for (const hb::CfgExample& e : hb::drawCfgExamples(trainer->options().draw, 1, trainer->tokenizer())) {
        const bool edit = e.sample.task == hb::TeacherTask::Edit;
        const hb::GenerationRequest official =
            edit ? hb::GenerationRequest::edit(hb::Image{}, "") : hb::GenerationRequest::textToImage("");
        hb::CfgExampleInputs in = hb::encodeCfgExample(teacher, e);
        // t = 1 and 0.9 are inside both tasks' CFG intervals; 0.3 is outside text-to-image's [0.4, 1].
        for (const float t : {1.0f, 0.9f, 0.3f}) {
            hb::CfgExample point = e;
            point.t = t;
            const at::Tensor xt = hb::noisyLatent(point, in.x0);
            const hb::GuidedVelocity target =
                hb::teacherGuidedVelocity(teacher, in.contexts, xt, in.h, in.w, t,
                                          hb::officialGuidance(e.sample.task, 4.5, edit ? 1.75 : 1.0));
            hb::SamplerSettings settings;
            settings.timesteps = {t, 0.0f};
            settings.scales = {4.5, edit ? 1.75 : 1.0, *hb::renormTypeFromString(official.renorm),
                               official.renormMin};
            settings.intervalLow = official.cfgIntervalLow;
            settings.intervalHigh = official.cfgIntervalHigh;
            at::Tensor sampled;
            const hb::SamplerResult result =
                hb::sampleFlow(teacher, in.contexts, in.h, in.w, xt, settings,
                               [&](const hb::SamplerStep& s) { sampled = s.velocity; });
            ASSERT_TRUE(sampled.defined());
            EXPECT_LE(maxAbsDiff(target.guided, sampled), 1e-6) << "t " << t << " edit " << edit;
            EXPECT_EQ(target.forwards, result.forwards) << "t " << t << " edit " << edit;
            const bool guided = edit || t > 0.4f;
            EXPECT_EQ(target.forwards, guided ? (edit ? 3 : 2) : 1);
            if (guided) {
                EXPECT_GT(maxAbsDiff(target.guided, target.conditional), 1e-3) << "guidance changed nothing";
            } else {
                EXPECT_EQ(maxAbsDiff(target.guided, target.conditional), 0.0);
            }
        }
        // The drawn example itself: the prepared target is the same function of the drawn t and scales.
        const hb::PreparedCfgExample prepared = hb::prepareCfgExample(teacher, e);
        const at::Tensor again =
            hb::teacherGuidedVelocity(teacher, in.contexts, prepared.xt, in.h, in.w, e.t,
                                      hb::officialGuidance(e.sample.task, e.textScale, e.imageScale))
                .guided;
        EXPECT_LE(maxAbsDiff(prepared.target, again), 1e-6);
    }
}

TEST(DistillCfg, DrawsShiftedTimesAndScalesInRange) {
    hb::CfgDrawOptions options;
    options.textToImage = 3;
    options.edit = 3;
    auto trainer = makeTrainer();
    ASSERT_NE(trainer, nullptr);
    int late = 0;
    for (std::int64_t step = 0; step < 4; ++step) {
        for (const hb::CfgExample& e : hb::drawCfgExamples(options, step, trainer->tokenizer())) {
            EXPECT_GT(e.t, 0.0f);
            EXPECT_LE(e.t, 1.0f);
            late += e.t > 0.5f ? 1 : 0;
            EXPECT_GE(e.textScale, 1.0);
            EXPECT_LT(e.textScale, 5.0);
            if (e.sample.task == hb::TeacherTask::Edit) {
                EXPECT_GE(e.imageScale, 1.0);
                EXPECT_LT(e.imageScale, 2.5);
            } else {
                EXPECT_EQ(e.imageScale, 1.0);
            }
        }
    }
    EXPECT_GE(late, 12) << "shift 3 puts 3/4 of the times above 0.5"; // of 24 draws
    const auto a = hb::drawCfgExamples(options, 2, trainer->tokenizer());
    const auto b = hb::drawCfgExamples(options, 2, trainer->tokenizer());
    EXPECT_EQ(a[4].t, b[4].t);
    EXPECT_EQ(a[4].sample.prompt, b[4].sample.prompt);
}

TEST(DistillCfg, FewStepsOnAFixedBatchLowerTheLoss) {
    auto trainer = makeTrainer();
    ASSERT_NE(trainer, nullptr);
    const auto batch = trainer->prepare(0);
    const hb::CfgStepStats before = trainer->evaluate(batch);
    // At the start the student is the conditional branch: its loss is the unguided teacher's.
    EXPECT_NEAR(before.loss, before.gap, 1e-6 * before.gap);
    EXPECT_GT(before.loss, 1e-4);
    for (int i = 0; i < 8; ++i) {
        const hb::CfgStepStats s = trainer->trainStep(batch, 1e-3);
        EXPECT_TRUE(std::isfinite(s.loss));
    }
    const hb::CfgStepStats after = trainer->evaluate(batch);
    EXPECT_LT(after.loss, 0.7 * before.loss) << "before " << before.loss << " after " << after.loss;
}

TEST(DistillCfg, UnderstandingBranchNeverMoves) {
    auto trainer = makeTrainer();
    ASSERT_NE(trainer, nullptr);
    auto file = hb::loadTensorFile((fs::path(hbtest::distillTeacherDir()) / "ema.safetensors").string());
    ASSERT_TRUE(file.ok()) << file.error().message;
    std::map<std::string, at::Tensor> genBefore;
    for (const auto& [name, p] : trainer->parameters()) {
        genBefore[name] = p.detach().clone();
    }
    const auto batch = trainer->prepare(0);
    for (int i = 0; i < 3; ++i) {
        (void)trainer->trainStep(batch, 1e-3);
    }
    int understanding = 0;
    for (const auto& item : trainer->student().llm->named_parameters()) {
        const std::string name = "language_model." + item.key();
        if (hb::isGenerationExpertParameter(item.key())) {
            continue;
        }
        ++understanding;
        EXPECT_FALSE(item.value().requires_grad()) << name;
        const at::Tensor& stored = file->at(name);
        EXPECT_TRUE(at::equal(item.value(), stored)) << name << " moved in the student";
        EXPECT_TRUE(at::equal(trainer->teacher().llm().named_parameters()[item.key()], stored))
            << name << " moved in the teacher";
    }
    EXPECT_GT(understanding, 0);
    int moved = 0;
    for (const auto& [name, p] : trainer->parameters()) {
        EXPECT_TRUE(hb::isTierTensorName(name)) << name << " is trained but not part of the tier";
        moved += at::equal(p, genBefore[name]) ? 0 : 1;
    }
    EXPECT_GT(moved, 0) << "training changed nothing";
}

} // namespace
