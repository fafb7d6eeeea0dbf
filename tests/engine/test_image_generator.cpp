// ImageGenerator on the golden model: forward counts of the official scenarios, seeds that
// reproduce, cancellation within one forward that leaves the generator usable, the edit's output
// size, and clear errors for bad requests.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"

#include "golden_case.h"
#include "test_support.h"
#include "zero_guidance_tier.h"

namespace {

hb::Image testImage(int width, int height) {
    hb::Image image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<std::size_t>(width) * height * 3);
    for (std::size_t i = 0; i < image.rgb.size(); ++i) {
        image.rgb[i] = static_cast<std::uint8_t>((i * 37) % 251);
    }
    return image;
}

class ImageGeneratorTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden model under " << hbtest::goldenRoot();
        }
        hb::ModelLoadOptions options;
        options.folder = hbtest::goldenModelDir();
        auto loaded = hb::Model::load(options);
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        model = *loaded;
        generator = std::make_unique<hb::ImageGenerator>(model);
    }
    static hb::GenerationRequest small(hb::GenerationRequest r) {
        r.width = 32; // 2 x 2 latent tokens on the golden model: fast forwards
        r.height = 32;
        return r;
    }
    std::shared_ptr<hb::Model> model;
    std::unique_ptr<hb::ImageGenerator> generator;
};

TEST_F(ImageGeneratorTest, ForwardCountsOfTheOfficialScenarios) {
    // bagel-spec §8: 50 timesteps, shift 3.
    auto notebook = small(hb::GenerationRequest::textToImage("a red cube"));
    auto r = generator->generate(notebook);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->forwards, 90);
    EXPECT_EQ(r->steps, 49);

    auto app = notebook;
    app.cfgImageScale = 1.5; // the Gradio app's omission
    EXPECT_EQ(generator->generate(app)->forwards, 131);

    auto edit = hb::GenerationRequest::edit(testImage(40, 30), "make it blue");
    auto e = generator->generate(edit);
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(e->forwards, 147);

    auto unguided = notebook;
    unguided.cfgTextScale = 1.0;
    unguided.timesteps = 7; // six steps, one forward each
    EXPECT_EQ(generator->generate(unguided)->forwards, 6);
}

TEST_F(ImageGeneratorTest, SeedsReproduceAndCancelLeavesItUsable) {
    auto request = small(hb::GenerationRequest::textToImage("a blue ball"));
    request.timesteps = 8;
    request.seed = 5;
    auto first = generator->generate(request);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->image.width, 32);
    EXPECT_EQ(first->image.rgb.size(), 32u * 32u * 3u);

    std::atomic<bool> cancel{false};
    auto cancelled = request;
    cancelled.cancel = &cancel;
    int forwardsAtCancel = -1;
    cancelled.onProgress = [&](const hb::GenerationProgress& p) {
        if (p.step == 2) {
            cancel = true;
            forwardsAtCancel = p.forwards;
        }
    };
    auto stopped = generator->generate(cancelled);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.error().code, hb::ErrorCode::Cancelled);
    EXPECT_NE(stopped.error().message.find("after " + std::to_string(forwardsAtCancel) + " forwards"),
              std::string::npos)
        << "no forward ran after the token fired: " << stopped.error().message;

    auto again = generator->generate(request);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->image.rgb, first->image.rgb) << "same seed, same image";
    auto other = request;
    other.seed = 6;
    EXPECT_NE(generator->generate(other)->image.rgb, first->image.rgb);
}

TEST_F(ImageGeneratorTest, AnEditOfTheSameImageReusesItsContexts) {
    auto blue = hb::GenerationRequest::edit(testImage(40, 30), "make it blue");
    blue.timesteps = 6;
    blue.seed = 3;
    auto green = blue;
    green.prompt = "make it green";
    auto first = generator->generate(blue);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_FALSE(first->reusedImageContext);
    auto second = generator->generate(green);
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->reusedImageContext);
    // Exactly what a generator that never saw the image makes, and the first edit is unchanged by it.
    hb::ImageGenerator fresh(model);
    auto reference = fresh.generate(green);
    ASSERT_TRUE(reference.ok());
    EXPECT_FALSE(reference->reusedImageContext);
    EXPECT_EQ(second->image.rgb, reference->image.rgb);
    auto third = generator->generate(blue);
    ASSERT_TRUE(third.ok());
    EXPECT_TRUE(third->reusedImageContext);
    EXPECT_EQ(third->image.rgb, first->image.rgb);
    // Another seed samples another posterior; another image is another context.
    auto reseeded = blue;
    reseeded.seed = 4;
    EXPECT_FALSE(generator->generate(reseeded)->reusedImageContext);
    auto other = hb::GenerationRequest::edit(testImage(41, 30), "make it blue");
    other.timesteps = 6;
    other.seed = 4;
    EXPECT_FALSE(generator->generate(other)->reusedImageContext);
    generator->releaseCachedContext();
    EXPECT_FALSE(generator->generate(other)->reusedImageContext);
}

TEST_F(ImageGeneratorTest, PreviewsArriveEveryStepOrEveryK) {
    auto request = small(hb::GenerationRequest::textToImage("a red cube"));
    request.width = 64;
    request.height = 48;
    request.timesteps = 7;
    std::vector<std::pair<int, int>> seen; // (step, width)
    request.onPreview = [&](const hb::Image& image, int step) {
        EXPECT_EQ(image.rgb.size(), static_cast<std::size_t>(image.width) * image.height * 3);
        seen.emplace_back(step, image.width);
    };
    request.fastPreview = true;
    request.previewEvery = 3;
    ASSERT_TRUE(generator->generate(request).ok());
    ASSERT_EQ(seen.size(), 6u);                // one per step
    EXPECT_EQ(seen[0], std::make_pair(1, 8));  // cheap: 1/8 resolution
    EXPECT_EQ(seen[2], std::make_pair(3, 64)); // every third step: a full VAE decode
}

TEST_F(ImageGeneratorTest, ThinkModeConditionsOnlyTheFullContext) {
    auto plain = small(hb::GenerationRequest::textToImage("a red cube"));
    plain.timesteps = 5;
    plain.seed = 3;
    auto think = plain;
    think.think = true;
    think.thinkMaxTokens = 6;
    auto without = generator->generate(plain);
    auto with = generator->generate(think);
    ASSERT_TRUE(without.ok() && with.ok());
    EXPECT_EQ(with->forwards, without->forwards) << "the plan is decoded before denoising, not per step";
    EXPECT_NE(with->image.rgb, without->image.rgb) << "the system prompt and plan change the condition";
}

TEST_F(ImageGeneratorTest, EditKeepsTheVaeResizedSize) {
    auto edit = hb::GenerationRequest::edit(testImage(90, 70), "make it blue");
    edit.timesteps = 3;
    auto result = generator->generate(edit);
    ASSERT_TRUE(result.ok()) << result.error().message;
    // generate_edit: a 90x70 input becomes 96x64 under the golden model's VAE rule (128, 64, 16).
    const auto g = hbtest::loadGoldenCase("generate_edit");
    EXPECT_EQ(result->image.height, g.at("input.vae_image_u8").size(0));
    EXPECT_EQ(result->image.width, g.at("input.vae_image_u8").size(1));
}

TEST_F(ImageGeneratorTest, BadRequestsGiveClearErrors) {
    auto request = small(hb::GenerationRequest::textToImage("x"));
    auto fast = request;
    fast.tier = hb::Tier::Fast;
    auto noTier = generator->generate(fast);
    ASSERT_FALSE(noTier.ok());
    EXPECT_EQ(noTier.error().code, hb::ErrorCode::Unsupported);
    EXPECT_NE(noTier.error().message.find("no distilled fast tier"), std::string::npos)
        << noTier.error().message;

    auto huge = request;
    huge.width = 20000;
    EXPECT_EQ(generator->generate(huge).error().code, hb::ErrorCode::InvalidRequest);
    auto renorm = request;
    renorm.renorm = "local";
    EXPECT_NE(generator->generate(renorm).error().message.find("local"), std::string::npos);
    auto longPrompt = request;
    longPrompt.prompt = std::string(100000, 'a');
    auto tooLong = generator->generate(longPrompt);
    ASSERT_FALSE(tooLong.ok());
    EXPECT_NE(tooLong.error().message.find("tokens"), std::string::npos);
    auto empty = request;
    empty.prompt.clear();
    EXPECT_EQ(generator->generate(empty).error().code, hb::ErrorCode::InvalidRequest);
}

// A Fast tier made from the golden model's own generation branch and zero guidance embedders must
// reproduce the Full sampler without guidance on the same timesteps, with one forward per step.
std::string makeTierFolder(const std::string& name, const std::string& timestepsJson) {
    namespace fs = std::filesystem;
    const fs::path dir = hbtest::tempDir(name);
    fs::copy(hbtest::goldenModelDir(), dir, fs::copy_options::recursive);
    EXPECT_EQ(hbtest::writeZeroGuidanceTier(hbtest::goldenModelDir() + "/ema.safetensors",
                                            (dir / "fast.safetensors").string()),
              "");
    std::ofstream((dir / "hyperbagel.json").string())
        << R"({"format": 1, "tiers": {"fast": {"weights": "fast.safetensors", "timesteps": )" << timestepsJson
        << "}}}";
    return dir.string();
}

TEST(DistilledTier, ZeroEmbeddersReproduceTheUnguidedFullSampler) {
    if (hbtest::goldenCaseNames().empty()) {
        GTEST_SKIP() << "no golden model";
    }
    // The Full sampler's 7 timesteps with shift 3, written as the tier's list.
    const std::string timesteps = "[1.0, 0.9375, 0.8571428656578064, 0.75, 0.6000000238418579, 0.375, 0.0]";
    hb::ModelLoadOptions options;
    options.folder = makeTierFolder("tier_fast", timesteps);
    auto model = hb::Model::load(options);
    ASSERT_TRUE(model.ok()) << model.error().message;
    hb::ImageGenerator generator(*model);
    auto fast = hb::GenerationRequest::textToImage("a red cube");
    fast.width = 48;
    fast.height = 32;
    fast.tier = hb::Tier::Fast;
    fast.seed = 9;
    auto tier = generator.generate(fast);
    ASSERT_TRUE(tier.ok()) << tier.error().message;
    EXPECT_EQ(tier->forwards, 6);
    auto full = fast;
    full.tier = hb::Tier::Full;
    full.timesteps = 7;
    full.cfgTextScale = 1.0;
    auto reference = generator.generate(full);
    ASSERT_TRUE(reference.ok());
    EXPECT_EQ(tier->image.rgb, reference->image.rgb);
    EXPECT_EQ(generator.generate(fast)->image.rgb, tier->image.rgb)
        << "the swap restored the original branch";
    auto preview = fast;
    preview.tier = hb::Tier::Preview;
    EXPECT_EQ(generator.generate(preview).error().code, hb::ErrorCode::Unsupported);
}

TEST(DistilledTier, MalformedTierIsRefusedByName) {
    if (hbtest::goldenCaseNames().empty()) {
        GTEST_SKIP() << "no golden model";
    }
    hb::ModelLoadOptions options;
    options.folder = makeTierFolder("tier_bad", "[1.0, 0.5]");
    auto model = hb::Model::load(options);
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.error().code, hb::ErrorCode::BadConfig);
    EXPECT_NE(model.error().message.find("fall from 1 to 0"), std::string::npos) << model.error().message;
}

} // namespace
