// ImageGenerator on the golden model: forward counts of the official scenarios, seeds that
// reproduce, cancellation within one forward that leaves the generator usable, the edit's output
// size, and clear errors for bad requests.

#include <gtest/gtest.h>

#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"

#include "golden_case.h"

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
        generator = std::make_unique<hb::ImageGenerator>(*loaded);
    }
    static hb::GenerationRequest small(hb::GenerationRequest r) {
        r.width = 32; // 2 x 2 latent tokens on the golden model: fast forwards
        r.height = 32;
        return r;
    }
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

} // namespace
