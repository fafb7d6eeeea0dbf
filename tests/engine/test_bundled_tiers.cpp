// The bundled ShapeWorld model's distilled tiers (docs/distillation.md §14): they load, Preview
// generates and edits in one forward and Fast in six, and their edits do what is asked in the
// oracle's reading (the background edit succeeds for 94-100% of the held-out cases). A tier the
// folder does not ship (it has not met its gate) is skipped.

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/image.h"
#include "hyperbagel/engine/model.h"

#include "shapeworld/oracle.h"

namespace fs = std::filesystem;

namespace {

const std::string kModel = HB_BUNDLED_MODEL_DIR;
const std::string kSample = HB_SAMPLE_IMAGE;

TEST(BundledTiers, PreviewGeneratesAndEditsInOneForward) {
    if (!fs::exists(fs::path(kModel) / "hyper_1nfe.safetensors")) {
        GTEST_SKIP() << "the bundled model has no preview tier";
    }
    auto model = hb::Model::load(hb::ModelLoadOptions{kModel});
    ASSERT_TRUE(model.ok()) << model.error().message;
    const std::vector<std::string>& tiers = (*model)->info().tiers;
    EXPECT_NE(std::find(tiers.begin(), tiers.end(), "preview"), tiers.end());
    hb::ImageGenerator generator(*model);

    auto t2i = hb::GenerationRequest::textToImage("a large red circle in the center on a black background");
    t2i.width = t2i.height = 96;
    t2i.tier = hb::Tier::Preview;
    auto image = generator.generate(t2i);
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(image->forwards, 1);
    EXPECT_EQ(image->image.width, 96);

    auto source = hb::loadImage(kSample);
    ASSERT_TRUE(source.ok()) << source.error().message;
    const hb::shapeworld::Scene before = hb::shapeworld::readScene(*source);
    ASSERT_NE(before.background, hb::shapeworld::Background::Black) << "the sample must not start black";
    auto edit = hb::GenerationRequest::edit(*source, "make the background black");
    edit.tier = hb::Tier::Preview;
    edit.seed = 42;
    auto edited = generator.generate(edit);
    ASSERT_TRUE(edited.ok()) << edited.error().message;
    EXPECT_EQ(edited->forwards, 1);
    const hb::shapeworld::Scene after = hb::shapeworld::readScene(edited->image);
    EXPECT_EQ(after.background, hb::shapeworld::Background::Black) << "read back: " << after.describe();
}

TEST(BundledTiers, FastRefinesInSixForwardsWhenShipped) {
    if (!fs::exists(fs::path(kModel) / "hyper_6nfe.safetensors")) {
        GTEST_SKIP() << "the bundled model ships no fast tier (it has not met its gate)";
    }
    auto model = hb::Model::load(hb::ModelLoadOptions{kModel});
    ASSERT_TRUE(model.ok()) << model.error().message;
    hb::ImageGenerator generator(*model);
    auto source = hb::loadImage(kSample);
    ASSERT_TRUE(source.ok()) << source.error().message;
    auto edit = hb::GenerationRequest::edit(*source, "make the background black");
    edit.tier = hb::Tier::Fast;
    edit.seed = 42;
    auto edited = generator.generate(edit);
    ASSERT_TRUE(edited.ok()) << edited.error().message;
    EXPECT_EQ(edited->forwards, 6);
    const hb::shapeworld::Scene after = hb::shapeworld::readScene(edited->image);
    EXPECT_EQ(after.background, hb::shapeworld::Background::Black) << "read back: " << after.describe();
}

} // namespace
