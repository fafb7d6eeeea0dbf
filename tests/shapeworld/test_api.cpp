// The public header hyperbagel/engine/shapeworld.h.

#include <gtest/gtest.h>

#include "hyperbagel/engine/shapeworld.h"

namespace {

constexpr const char* kDocCaption =
    "a large blue square at the top left and a small yellow star in the center on a gray background";

} // namespace

TEST(ShapeWorldApi, RenderDescribeAnswer) {
    for (int size : {64, 96, 128}) {
        for (std::uint64_t seed : {0ull, 17ull}) {
            const hb::Result<hb::Image> image = hb::shapeworld::renderCaption(kDocCaption, size, seed);
            ASSERT_TRUE(image.ok()) << image.error().describe();
            EXPECT_EQ(image->width, size);
            const hb::Result<std::string> caption = hb::shapeworld::describeImage(*image);
            ASSERT_TRUE(caption.ok());
            EXPECT_EQ(*caption, kDocCaption);
        }
    }
    const hb::Image image = hb::shapeworld::renderCaption(kDocCaption).value();
    EXPECT_EQ(hb::shapeworld::answerAboutImage(image, "What color is the star?").value(), "yellow");
    EXPECT_EQ(hb::shapeworld::answerAboutImage(image, "Where is the blue square?").value(), "top left");
    EXPECT_EQ(hb::shapeworld::answerAboutImage(image, "How many shapes are there?").value(), "2");
    EXPECT_EQ(hb::shapeworld::answerAboutImage(image, "Describe the image.").value(), kDocCaption);
}

TEST(ShapeWorldApi, RandomScenesDescribeThemselves) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        const hb::Result<hb::shapeworld::RandomScene> scene = hb::shapeworld::renderRandomScene(seed, 96);
        ASSERT_TRUE(scene.ok());
        const hb::Result<hb::Image> again = hb::shapeworld::renderCaption(scene->caption, 96);
        ASSERT_TRUE(again.ok());
        // describeImage() lists objects in reading order; renderCaption() accepts any order.
        EXPECT_EQ(hb::shapeworld::describeImage(scene->image).value(),
                  hb::shapeworld::describeImage(*again).value());
    }
}

TEST(ShapeWorldApi, Errors) {
    EXPECT_EQ(hb::shapeworld::renderCaption("a cat on a mat").error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(hb::shapeworld::renderCaption(kDocCaption, 8).error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(
        hb::shapeworld::renderCaption("a small red circle at the top and a small blue circle at the top on a "
                                      "white background")
            .error()
            .code,
        hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(hb::shapeworld::renderCaption("nothing on a white background").error().code,
              hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(hb::shapeworld::describeImage(hb::Image{}).error().code, hb::ErrorCode::InvalidRequest);
    const hb::Image image = hb::shapeworld::renderCaption(kDocCaption).value();
    EXPECT_EQ(hb::shapeworld::answerAboutImage(image, "What is the meaning of life?").error().code,
              hb::ErrorCode::InvalidRequest);
}
