// PIL-exact resampling: hand-checked small cases, invariants, and bit-for-bit parity with the
// official transforms' outputs in the golden set (resize_transform and generate_edit).

#include <cstring>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "image/pil_resample.h"
#include "image/resize_rule.h"
#include "test_support.h"

namespace {

hb::Image constantImage(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    hb::Image image;
    image.width = width;
    image.height = height;
    for (int i = 0; i < width * height; ++i) {
        image.rgb.insert(image.rgb.end(), {r, g, b});
    }
    return image;
}

TEST(PilResample, HandComputedDownscale) {
    // 2x1 -> 1x1: both source pixels lie 0.5 from the output centre (0.25 after dividing by the filter
    // scale 2), so each gets weight 0.5 and (10 + 21) / 2 = 15.5 rounds up in the accumulator.
    hb::Image image;
    image.width = 2;
    image.height = 1;
    image.rgb = {10, 0, 255, 21, 1, 254};
    auto out = hb::resizePil(image, 1, 1);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out->rgb, (std::vector<std::uint8_t>{16, 1, 255}));
}

TEST(PilResample, ConstantImagesStayConstant) {
    // The fixed-point weights of each output sum to 1 within rounding, far below half a level.
    const hb::Image flat = constantImage(37, 23, 0, 128, 255);
    for (const auto& [w, h] :
         std::vector<std::pair<int, int>>{{1, 1}, {5, 90}, {100, 7}, {37, 50}, {80, 23}, {13, 9}}) {
        auto out = hb::resizePil(flat, w, h);
        ASSERT_TRUE(out.ok());
        EXPECT_EQ(out->rgb, constantImage(w, h, 0, 128, 255).rgb) << w << "x" << h;
    }
}

TEST(PilResample, UnchangedSizeAndBadArguments) {
    const hb::Image flat = constantImage(4, 3, 1, 2, 3);
    auto same = hb::resizePil(flat, 4, 3);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same->rgb, flat.rgb);
    EXPECT_EQ(hb::resizePil(flat, 0, 3).error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(hb::resizePil(hb::Image{}, 4, 3).error().code, hb::ErrorCode::InvalidRequest);
    hb::Image broken = flat;
    broken.rgb.pop_back();
    EXPECT_EQ(hb::resizePil(broken, 2, 2).error().code, hb::ErrorCode::InvalidRequest);
}

TEST(PilResample, SeparablePassesAreIndependent) {
    // A horizontal-only resize of an image whose rows are equal gives equal rows, and a vertical-only
    // resize of one whose columns are equal gives equal columns.
    hb::Image rows;
    rows.width = 9;
    rows.height = 4;
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 9; ++x) {
            rows.rgb.insert(rows.rgb.end(),
                            {static_cast<std::uint8_t>(x * 28), static_cast<std::uint8_t>(255 - x * 20),
                             static_cast<std::uint8_t>((x * 97) & 0xFF)});
        }
    }
    auto out = hb::resizePil(rows, 5, 4);
    ASSERT_TRUE(out.ok());
    for (int y = 1; y < 4; ++y) {
        EXPECT_TRUE(std::equal(out->rgb.begin(), out->rgb.begin() + 15, out->rgb.begin() + y * 15)) << y;
    }
}

// --- golden parity ---------------------------------------------------------------------------

std::string caseFile(const std::string& name) {
    return hbtest::goldenDir() + "/cases/" + name + ".safetensors";
}

hb::Image imageTensor(const hb::SafetensorsFile& file, const std::string& name) {
    const hb::TensorInfo* info = file.find(name);
    EXPECT_NE(info, nullptr) << name;
    if (info == nullptr || info->dtype != hb::DType::U8 || info->shape.size() != 3 || info->shape[2] != 3) {
        ADD_FAILURE() << name << " is not a U8 [H, W, 3] tensor";
        return {};
    }
    hb::Image image;
    image.height = static_cast<int>(info->shape[0]);
    image.width = static_cast<int>(info->shape[1]);
    image.rgb.resize(info->byteSize());
    std::memcpy(image.rgb.data(), file.view(*info).data, info->byteSize());
    return image;
}

// Resizes `in` by `rule` and compares with the official output; returns the number of bytes compared.
std::size_t expectOfficial(const hb::Image& in, const hb::ResizeRule& rule, const hb::Image& official,
                           const std::string& what) {
    const hb::ImageSize size = hb::resizedSize({in.width, in.height}, rule);
    EXPECT_EQ(size.width, official.width) << what;
    EXPECT_EQ(size.height, official.height) << what;
    auto out = hb::resizePil(in, static_cast<int>(size.width), static_cast<int>(size.height));
    if (!out.ok() || out->rgb.size() != official.rgb.size()) {
        ADD_FAILURE() << what << ": no result of the official size";
        return 0;
    }
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < official.rgb.size(); ++i) {
        mismatches += out->rgb[i] != official.rgb[i] ? 1 : 0;
    }
    EXPECT_EQ(mismatches, 0u) << what << ": " << mismatches << " of " << official.rgb.size()
                              << " bytes differ";
    return official.rgb.size();
}

const hb::ResizeRule kVae{1024, 512, 16};
const hb::ResizeRule kVit{980, 224, 14};

TEST(PilResampleGolden, ResizeTransformCaseIsBitExact) {
    if (!std::filesystem::exists(caseFile("resize_transform"))) {
        GTEST_SKIP() << "golden case resize_transform not present";
    }
    auto file = hb::SafetensorsFile::open(caseFile("resize_transform"));
    ASSERT_TRUE(file.ok()) << file.error().describe();
    std::size_t compared = 0;
    for (int i = 0; i < 3; ++i) {
        const std::string n = std::to_string(i);
        const hb::Image in = imageTensor(**file, "input." + n + ".image_u8");
        compared += expectOfficial(in, kVae, imageTensor(**file, "output." + n + ".vae.image_u8"),
                                   "input " + n + " VAE");
        compared += expectOfficial(in, kVit, imageTensor(**file, "output." + n + ".vit.image_u8"),
                                   "input " + n + " ViT");
    }
    RecordProperty("bytes_compared", static_cast<int>(compared));
}

TEST(PilResampleGolden, EditInputChainIsBitExact) {
    if (!std::filesystem::exists(caseFile("generate_edit"))) {
        GTEST_SKIP() << "golden case generate_edit not present";
    }
    auto file = hb::SafetensorsFile::open(caseFile("generate_edit"));
    ASSERT_TRUE(file.ok()) << file.error().describe();
    // The inferencer resizes the raw image by the VAE rule (the golden tiny model's ImageTransform(128,
    // 64, 16), see generate_edit.json), then that image by the ViT rule.
    const hb::Image raw = imageTensor(**file, "input.raw_image_u8");
    const hb::Image vae = imageTensor(**file, "input.vae_image_u8");
    expectOfficial(raw, hb::ResizeRule{128, 64, 16}, vae, "raw -> VAE");
    expectOfficial(vae, kVit, imageTensor(**file, "input.vit_image_u8"), "VAE -> ViT");
}

} // namespace
