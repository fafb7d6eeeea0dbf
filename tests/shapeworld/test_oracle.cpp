// The oracle: exact on clean renders at every canvas size, tolerant of degraded ones.

#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>

#include "degrade.h"
#include "shapeworld/oracle.h"
#include "shapeworld/renderer.h"
#include "shapeworld/scene_sampler.h"

namespace sw = hb::shapeworld;

namespace {

// Same objects (shape, colour, size, cell) and background; the oracle lists objects in reading order.
bool readsBack(const sw::Scene& truth, const sw::Scene& read) {
    if (truth.background != read.background || truth.objects.size() != read.objects.size()) {
        return false;
    }
    std::vector<sw::Object> expected = truth.objects;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const sw::Object& a, const sw::Object& b) { return a.cell < b.cell; });
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (!expected[i].sameAttributes(read.objects[i])) {
            return false;
        }
    }
    return true;
}

} // namespace

TEST(ShapeWorldOracle, ExactOnTenThousandCleanRenders) {
    sw::Rng rng(20240901);
    sw::SamplerOptions options;
    options.split = sw::Split::Any;
    int exact = 0;
    int total = 0;
    int shown = 0;
    for (int i = 0; i < 10000; ++i) {
        const sw::Scene scene = sw::sampleScene(rng, options);
        const int S = sw::kCanvasSizes[i % 3];
        const sw::Scene read = sw::readScene(sw::render(scene, S));
        const bool ok = readsBack(scene, read);
        exact += ok ? 1 : 0;
        ++total;
        if (!ok && shown++ < 5) {
            ADD_FAILURE() << "S=" << S << "\n truth " << scene.describe() << "\n read  " << read.describe();
        }
    }
    std::printf("[ oracle   ] clean renders: %d / %d exact (%.4f)\n", exact, total, double(exact) / total);
    EXPECT_EQ(exact, total);
}

TEST(ShapeWorldOracle, EveryShapeColourBackgroundAndCell) {
    // Exhaustive over shape x colour x background x size, cycling cells, at S = 96 and 64.
    for (int S : {64, 96}) {
        int cell = 0;
        for (sw::Background background : sw::allValues<sw::Background>()) {
            for (sw::Shape shape : sw::allValues<sw::Shape>()) {
                for (sw::Colour colour : sw::allValues<sw::Colour>()) {
                    for (sw::Size size : sw::allValues<sw::Size>()) {
                        sw::Scene scene;
                        scene.background = background;
                        scene.objects = {sw::Object{shape, colour, size, static_cast<sw::Cell>(cell++ % 9)}};
                        const sw::Scene read = sw::readScene(sw::render(scene, S));
                        EXPECT_TRUE(readsBack(scene, read))
                            << "S=" << S << " " << scene.describe() << " read " << read.describe();
                    }
                }
            }
        }
    }
}

TEST(ShapeWorldOracle, TolerantOfBlurNoiseAndColourShift) {
    sw::Rng rng(77);
    sw::Rng noise(78);
    sw::SamplerOptions options;
    options.split = sw::Split::Any;
    const swtest::Degradation degradation; // blur 0.8, noise 8/255, shift +-6
    int exact = 0;
    int exact96 = 0;
    int total96 = 0;
    const int total = 2400;
    for (int i = 0; i < total; ++i) {
        const sw::Scene scene = sw::sampleScene(rng, options);
        const int S = sw::kCanvasSizes[i % 3];
        const sw::Scene read = sw::readScene(swtest::degrade(sw::render(scene, S), degradation, noise));
        const bool ok = readsBack(scene, read);
        exact += ok ? 1 : 0;
        if (S >= 96) {
            exact96 += ok ? 1 : 0;
            ++total96;
        }
    }
    const double rate = double(exact) / total;
    std::printf("[ oracle   ] blur 0.8 + noise 8 + shift 6: %.4f exact (S>=96: %.4f)\n", rate,
                double(exact96) / total96);
    EXPECT_GE(rate, 0.98);
    EXPECT_GE(double(exact96) / total96, 0.995);
}

TEST(ShapeWorldOracle, MildJpegArtefacts) {
    sw::Rng rng(91);
    sw::Rng noise(92);
    swtest::Degradation degradation;
    degradation.blurSigma = 0.0;
    degradation.noiseSigma = 0.0;
    degradation.colourShift = 0.0;
    degradation.jpegQuality = 90;
    int exact = 0;
    const int total = 600;
    for (int i = 0; i < total; ++i) {
        const sw::Scene scene = sw::sampleScene(rng);
        const int S = i % 2 == 0 ? 96 : 128;
        exact += readsBack(scene, sw::readScene(swtest::degrade(sw::render(scene, S), degradation, noise)))
                     ? 1
                     : 0;
    }
    std::printf("[ oracle   ] JPEG quality 90, S 96/128: %.4f exact\n", double(exact) / total);
    EXPECT_GE(double(exact) / total, 0.95);
}

TEST(ShapeWorldOracle, EmptyAndBlankImages) {
    EXPECT_TRUE(sw::readScene(hb::Image{}).objects.empty());
    sw::Scene blank;
    blank.background = sw::Background::Beige;
    const sw::Scene read = sw::readScene(sw::render(blank, 96));
    EXPECT_EQ(read.background, sw::Background::Beige);
    EXPECT_TRUE(read.objects.empty());
}

TEST(ShapeWorldOracle, EstimatesJitterAndScale) {
    sw::Scene scene;
    scene.background = sw::Background::Gray;
    scene.objects = {sw::Object{sw::Shape::Square, sw::Colour::Blue, sw::Size::Small, sw::Cell::TopLeft, 0.03,
                                -0.02, 1.08}};
    const sw::OracleReading reading = sw::readSceneDetailed(sw::render(scene, 128));
    ASSERT_EQ(reading.scene.objects.size(), 1u);
    const sw::Object& o = reading.scene.objects[0];
    EXPECT_NEAR(o.jitterX, 0.03, 0.003);
    EXPECT_NEAR(o.jitterY, -0.02, 0.003);
    EXPECT_NEAR(o.sizeScale, 1.08, 0.02);
    EXPECT_LT(reading.details[0].fitError, 1e-3);
}
