// Stage 1 of the generation distillation end to end through distillCfg() on a random ShapeWorld
// teacher: the written folder (teacher files byte for byte, the tier file and its hyperbagel.json
// entry), loading it as the Fast tier and agreeing with the training forward, resuming, bad input.

#include <atomic>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include "hyperbagel/engine/distill.h"
#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"

#include "distill/cfg_trainer.h"
#include "generation/flow_sampler.h"
#include "models/bagel/bagel_model.h"
#include "session/model_impl.h"
#include "test_distill_support.h"
#include "test_support.h"
#include "training/tensor_file.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kLogColumns{"step",     "samples",   "lr",  "loss",
                                           "loss_t2i", "loss_edit", "gap", "grad_norm"};

/// One 3-step run shared by the tests that only read its folder.
const hb::DistillCfgRequest& sharedRun() {
    static const hb::DistillCfgRequest request = [] {
        hb::DistillCfgRequest r = hbtest::tinyDistillRequest("distill_run", 3);
        auto report = hb::distillCfg(r);
        EXPECT_TRUE(report.ok()) << report.error().message;
        return r;
    }();
    return request;
}

std::vector<std::vector<double>> lossRows(const std::string& outDir) {
    return hbtest::distillLossRows(outDir, "cfg", kLogColumns);
}

hb::Image flatImage(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    hb::Image image{96, 96, {}};
    for (int i = 0; i < 96 * 96; ++i) {
        image.rgb.insert(image.rgb.end(), {r, g, b});
    }
    return image;
}

TEST(DistillCfgStage, WritesTheTeacherFolderUnchangedPlusTheTier) {
    const hb::DistillCfgRequest& run = sharedRun();
    const fs::path teacher(run.teacherDir);
    const fs::path out(run.outDir);
    hbtest::expectTeacherFilesCopied(run.teacherDir, run.outDir);
    // The tier file holds the generation branch and nothing of the understanding branch.
    auto tier = hb::loadTensorFile((out / "fast.safetensors").string());
    ASSERT_TRUE(tier.ok()) << tier.error().message;
    auto ema = hb::loadTensorFile((teacher / "ema.safetensors").string());
    ASSERT_TRUE(ema.ok());
    std::set<std::string> expected;
    for (const auto& [name, t] : *ema) {
        if (hb::isTierTensorName(name)) {
            expected.insert(name);
        }
    }
    for (const char* embedder : {"text_guidance_embedder.", "image_guidance_embedder."}) {
        for (const char* part : {"mlp.0.weight", "mlp.0.bias", "mlp.2.weight", "mlp.2.bias"}) {
            expected.insert(std::string(embedder) + part);
        }
    }
    std::set<std::string> written;
    for (const auto& [name, t] : *tier) {
        written.insert(name);
        EXPECT_EQ(t.scalar_type(), at::kFloat) << name;
    }
    EXPECT_EQ(written, expected);
    EXPECT_TRUE(written.count("language_model.model.norm_moe_gen.weight"));
    EXPECT_FALSE(written.count("language_model.model.norm.weight"));
    const auto manifest = nlohmann::json::parse(hbtest::readFile((out / "hyperbagel.json").string()));
    const auto& fast = manifest["tiers"]["fast"];
    EXPECT_EQ(fast["weights"], "fast.safetensors");
    EXPECT_EQ(fast["timesteps"].size(), 7u);
    EXPECT_EQ(fast["guidance"]["text"], 4.0);
    EXPECT_EQ(fast["guidance"]["image"], 2.0);
    EXPECT_EQ(fast["distilled"]["stage"], "cfg");
    EXPECT_EQ(fast["distilled"]["step"], "3");
    EXPECT_EQ(lossRows(run.outDir).size(), 3u);
    EXPECT_TRUE(fs::exists(out / "distill-cfg" / "loss.png"));
}

TEST(DistillCfgStage, TierLoadsAndMatchesTheTrainingForward) {
    const hb::DistillCfgRequest& run = sharedRun();
    auto model = hb::Model::load(hb::ModelLoadOptions{run.outDir});
    ASSERT_TRUE(model.ok()) << model.error().message;
    EXPECT_EQ((*model)->info().tiers, (std::vector<std::string>{"full", "fast"}));
    hb::ImageGenerator generator(*model);
    auto t2i = hb::GenerationRequest::textToImage("a red circle");
    t2i.width = t2i.height = 96;
    t2i.tier = hb::Tier::Fast;
    auto image = generator.generate(t2i);
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(image->forwards, 6);
    EXPECT_EQ(image->image.width, 96);
    auto edit = hb::GenerationRequest::edit(flatImage(200, 30, 30), "make it blue");
    edit.tier = hb::Tier::Fast;
    auto edited = generator.generate(edit);
    ASSERT_TRUE(edited.ok()) << edited.error().message;
    EXPECT_EQ(edited->forwards, 6);

    hb::BagelModel& loaded = *(*model)->impl().bagel;
    hb::DistilledTier* tier = loaded.tier("fast");
    ASSERT_NE(tier, nullptr);
    EXPECT_EQ(tier->timesteps, hb::shiftedTimesteps(7, 3.0));
    // The training side with the exported (EMA) weights from the run's checkpoint.
    hb::CfgTrainerOptions options;
    options.teacherDir = run.teacherDir;
    options.draw.textToImage = 1;
    options.draw.edit = 1;
    auto trainer = hb::CfgTrainer::create(options);
    ASSERT_TRUE(trainer.ok()) << trainer.error().message;
    auto mark =
        hb::loadTrainCheckpoint((fs::path(run.outDir) / "distill-cfg" / "checkpoint.safetensors").string(),
                                (*trainer)->optimizer(), (*trainer)->ema());
    ASSERT_TRUE(mark.ok()) << mark.error().message;
    EXPECT_EQ(mark->step, 3);
    (*trainer)->ema().copyTo((*trainer)->parameters());
    const at::NoGradGuard noGrad;
    for (const hb::CfgExample& e : hb::drawCfgExamples(options.draw, 7, (*trainer)->tokenizer())) {
        // Each side prefills its own contexts with its own model: the whole path is compared.
        const hb::CfgExampleInputs train = hb::encodeCfgExample((*trainer)->teacher(), e);
        const hb::CfgExampleInputs infer = hb::encodeCfgExample(loaded, e);
        const at::Tensor xt = hb::noisyLatent(e, train.x0);
        at::Tensor previous;
        for (const auto& [text, img] : {std::make_pair(e.textScale, e.imageScale), std::make_pair(1.0, 1.0),
                                        std::make_pair(5.0, 2.5)}) {
            const at::Tensor v = (*trainer)->student().velocity((*trainer)->teacher(), train.contexts.gen, xt,
                                                                train.h, train.w, e.t, text, img);
            const at::Tensor u =
                loaded.tierVelocity(*tier, infer.contexts.gen, xt, infer.h, infer.w, e.t, text, img);
            EXPECT_LE((v - u).abs().max().item<double>(), 1e-5) << "scales " << text << ", " << img;
            if (previous.defined()) {
                EXPECT_GT((u - previous).abs().max().item<double>(), 0.0) << "the scales change nothing";
            }
            previous = u;
        }
    }
}

TEST(DistillCfgStage, StoppedRunResumesWhereItStopped) {
    hb::DistillCfgRequest request = hbtest::tinyDistillRequest("distill_resume", 4);
    std::atomic<bool> stop{false};
    request.cancel = &stop;
    request.onProgress = [&](const hb::TrainingProgress& p) {
        if (p.step == 2) {
            stop.store(true);
        }
    };
    auto first = hb::distillCfg(request);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(first->stoppedEarly);
    EXPECT_EQ(first->steps, 2);
    EXPECT_EQ(lossRows(request.outDir).size(), 2u);
    EXPECT_TRUE(hb::Model::load(hb::ModelLoadOptions{request.outDir}).ok())
        << "a stopped run leaves a loadable tier";

    stop.store(false);
    std::vector<std::string> messages;
    request.onProgress = [&](const hb::TrainingProgress& p) {
        if (!p.message.empty()) {
            messages.push_back(p.message);
        }
    };
    auto second = hb::distillCfg(request);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_FALSE(second->stoppedEarly);
    EXPECT_EQ(second->steps, 4);
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.front(), "resuming at step 2");
    const auto resumed = lossRows(request.outDir);
    ASSERT_EQ(resumed.size(), 4u);
    for (std::size_t i = 0; i < resumed.size(); ++i) {
        EXPECT_EQ(resumed[i][0], static_cast<double>(i + 1));
    }
    // The same run without a stop: the same losses and the same tier, bit for bit.
    hb::DistillCfgRequest straight = hbtest::tinyDistillRequest("distill_straight", 4);
    auto uninterrupted = hb::distillCfg(straight);
    ASSERT_TRUE(uninterrupted.ok()) << uninterrupted.error().message;
    const auto rows = lossRows(straight.outDir);
    ASSERT_EQ(rows.size(), 4u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i][3], resumed[i][3]) << "loss of step " << i + 1;
    }
    auto a = hb::loadTensorFile((fs::path(request.outDir) / "fast.safetensors").string());
    auto b = hb::loadTensorFile((fs::path(straight.outDir) / "fast.safetensors").string());
    ASSERT_TRUE(a.ok() && b.ok());
    for (const auto& [name, t] : *a) {
        EXPECT_TRUE(at::equal(t, b->at(name))) << name;
    }
}

TEST(DistillCfgStage, BadTeacherFoldersAreNamed) {
    hb::DistillCfgRequest request = hbtest::tinyDistillRequest("distill_bad_out", 1);
    const std::string teacher = request.teacherDir;
    request.teacherDir = (fs::path(request.outDir) / "no_such_teacher").string();
    auto missing = hb::distillCfg(request);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, hb::ErrorCode::FileNotFound);
    EXPECT_NE(missing.error().message.find("no_such_teacher"), std::string::npos) << missing.error().message;

    // A teacher whose weights lack one generation-expert tensor.
    const std::string lacking = hbtest::tempDir("distill_bad_teacher");
    for (const auto& entry : fs::directory_iterator(teacher)) {
        if (entry.is_regular_file() && entry.path().filename() != "ema.safetensors") {
            fs::copy_file(entry.path(), fs::path(lacking) / entry.path().filename());
        }
    }
    auto ema = hb::loadTensorFile((fs::path(teacher) / "ema.safetensors").string());
    ASSERT_TRUE(ema.ok());
    const std::string dropped = "language_model.model.layers.0.mlp_moe_gen.up_proj.weight";
    hb::NamedTensors kept;
    for (const auto& [name, t] : *ema) {
        if (name != dropped) {
            kept.emplace_back(name, t);
        }
    }
    ASSERT_EQ(kept.size() + 1, ema->size());
    ASSERT_TRUE(hb::saveTensorFile((fs::path(lacking) / "ema.safetensors").string(), kept).ok());
    request.teacherDir = lacking;
    auto incomplete = hb::distillCfg(request);
    ASSERT_FALSE(incomplete.ok());
    EXPECT_EQ(incomplete.error().code, hb::ErrorCode::BadCheckpoint);
    EXPECT_NE(incomplete.error().message.find(dropped), std::string::npos) << incomplete.error().message;
    EXPECT_NE(incomplete.error().message.find("teacher"), std::string::npos) << incomplete.error().message;

    // A teacher without a tokenizer cannot encode its prompts.
    ASSERT_TRUE(hb::saveTensorFile((fs::path(lacking) / "ema.safetensors").string(),
                                   hb::NamedTensors(ema->begin(), ema->end()))
                    .ok());
    fs::remove(fs::path(lacking) / "tokenizer.json");
    auto noTokenizer = hb::distillCfg(request);
    ASSERT_FALSE(noTokenizer.ok());
    EXPECT_EQ(noTokenizer.error().code, hb::ErrorCode::Unsupported);
    EXPECT_NE(noTokenizer.error().message.find("tokenizer.json"), std::string::npos)
        << noTokenizer.error().message;

    request.teacherDir = teacher;
    request.outDir = teacher;
    auto onto = hb::distillCfg(request);
    ASSERT_FALSE(onto.ok());
    EXPECT_EQ(onto.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(onto.error().message.find("differ"), std::string::npos) << onto.error().message;
}

} // namespace
