// The FLUX autoencoder and the latent layout against the official code's golden tensors (cases vae,
// generate_t2i, generate_edit), the bf16 path against fp32, and load errors for a misshaped
// ae.safetensors. Sizes come from the golden config files and case tensors.

#include <cstring>
#include <filesystem>
#include <iostream>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "golden_case.h"
#include "model_parts_support.h"
#include "models/bagel/latent_layout.h"
#include "models/tensor_bridge.h"
#include "models/weight_loader.h"

namespace {

using hbtest::reportError;

// README: about 1e-5 relative for a float32 re-implementation (the reference agrees to 4e-6).
constexpr double kTolerance = 1e-5;
// bf16 keeps 8 mantissa bits (3.9e-3 per rounding); the errors grow through ~20 conv layers.
constexpr double kBf16Tolerance = 5e-2;

class GoldenVaeTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden cases under " << hbtest::goldenRoot();
        }
        vae = hbtest::loadGoldenVae();
        c = hbtest::loadGoldenCase("vae");
    }
    const at::InferenceMode inference;
    hb::FluxVae vae{nullptr};
    hbtest::GoldenCase c;
};

TEST_F(GoldenVaeTest, EncoderMomentsAndPosterior) {
    const at::Tensor moments = vae->encodeMoments(c.at("input.image"));
    EXPECT_LT(reportError("vae output.encoder_moments", moments, c.at("output.encoder_moments")), kTolerance);
    const std::int64_t z = vae->config().zChannels;
    EXPECT_LT(reportError("vae output.posterior_mean", moments.narrow(1, 0, z), c.at("output.posterior_mean")),
              kTolerance);
    EXPECT_LT(reportError("vae output.posterior_logvar", moments.narrow(1, z, z), c.at("output.posterior_logvar")),
              kTolerance);
}

TEST_F(GoldenVaeTest, EncodeSampleAndMean) {
    const at::Tensor image = c.at("input.image");
    EXPECT_LT(reportError("vae output.latent_sampled", vae->encodeSample(image, c.at("input.noise")),
                     c.at("output.latent_sampled")),
              kTolerance);
    EXPECT_LT(
        reportError("vae output.latent_mean_scaled", vae->encodeMean(image), c.at("output.latent_mean_scaled")),
        kTolerance);
}

TEST_F(GoldenVaeTest, Decode) {
    EXPECT_LT(reportError("vae output.decoded", vae->decode(c.at("input.decode_latent")), c.at("output.decoded")),
              kTolerance);
    EXPECT_LT(reportError("vae output.decoded_of_latent_sampled", vae->decode(c.at("output.latent_sampled")),
                     c.at("output.decoded_of_latent_sampled")),
              kTolerance);
    // End to end from the image, through our own sampled latent.
    const at::Tensor latent = vae->encodeSample(c.at("input.image"), c.at("input.noise"));
    EXPECT_LT(
        reportError("vae decode(encodeSample)", vae->decode(latent), c.at("output.decoded_of_latent_sampled")),
        kTolerance);
}

TEST_F(GoldenVaeTest, EditContextLatent) {
    const auto edit = hbtest::loadGoldenCase("generate_edit");
    const at::Tensor image = edit.at("input.vae_image").unsqueeze(0);
    EXPECT_TRUE(hbtest::pixelsFromU8(edit.at("input.vae_image_u8")).equal(edit.at("input.vae_image")));
    EXPECT_LT(reportError("generate_edit output.vae_latent", vae->encodeSample(image, edit.at("input.vae_noise")),
                     edit.at("output.vae_latent")),
              kTolerance);
}

TEST_F(GoldenVaeTest, GeneratedLatentDecodesToGoldenImage) {
    const hb::BagelConfig config = hbtest::goldenConfig();
    const std::int64_t p = config.latentPatchSize;
    const std::int64_t downsample = vae->spatialFactor() * p;
    for (const std::string name : {"generate_t2i", "generate_edit"}) {
        const auto g = hbtest::loadGoldenCase(name);
        const at::Tensor expected = g.at("output.decoded");
        const std::int64_t h = expected.size(2) / downsample;
        const std::int64_t w = expected.size(3) / downsample;
        const at::Tensor latent =
            hb::unpatchifyLatent(g.at("output.final_latent"), h, w, config.latentChannels(), p);
        EXPECT_LT(reportError(name + " output.decoded", vae->decode(latent), expected), kTolerance);
        // uint8 conversion (truncation) of the reference decode is exact.
        EXPECT_TRUE(hb::imageToUint8(expected).equal(g.at("output.image_u8"))) << name;
        EXPECT_TRUE(
            hb::latentPositionIds(h, w, config.maxLatentSize).equal(g.at("layout.packed_vae_position_ids")))
            << name;
    }
}

TEST_F(GoldenVaeTest, Bf16AgreesWithFloat32) {
    const hb::FluxVae vaeBf16 = hbtest::loadGoldenVae(at::kBFloat16);
    const at::Tensor image = c.at("input.image");
    const at::Tensor mean32 = vae->encodeMean(image);
    const at::Tensor mean16 = vaeBf16->encodeMean(image);
    EXPECT_EQ(mean16.scalar_type(), at::kBFloat16);
    EXPECT_LT(reportError("bf16 vs fp32 encodeMean", mean16, mean32), kBf16Tolerance);
    const at::Tensor latent = c.at("input.decode_latent");
    EXPECT_LT(reportError("bf16 vs fp32 decode", vaeBf16->decode(latent), vae->decode(latent)), kBf16Tolerance);
}

TEST(LatentLayout, PatchifyOrderAndRoundTrip) {
    if (hbtest::goldenCaseNames().empty()) {
        GTEST_SKIP() << "no golden cases";
    }
    const hb::BagelConfig config = hbtest::goldenConfig();
    const std::int64_t p = config.latentPatchSize;
    const at::Tensor latent = hbtest::loadGoldenCase("generate_edit").at("output.vae_latent");
    const std::int64_t channels = latent.size(1);
    const std::int64_t h = latent.size(2) / p;
    const std::int64_t w = latent.size(3) / p;
    const at::Tensor tokens = hb::patchifyLatent(latent, p);
    ASSERT_EQ(tokens.sizes(), (std::vector<std::int64_t>{h * w, config.patchLatentDim()}));
    // token (i, j), value (py, px, c) is z[c, p*i + py, p*j + px], the channel fastest.
    const auto z = latent.accessor<float, 4>();
    const auto t = tokens.contiguous();
    const auto tok = t.accessor<float, 2>();
    for (std::int64_t i = 0; i < h; ++i) {
        for (std::int64_t j = 0; j < w; ++j) {
            for (std::int64_t py = 0; py < p; ++py) {
                for (std::int64_t px = 0; px < p; ++px) {
                    for (std::int64_t ch = 0; ch < channels; ++ch) {
                        ASSERT_EQ(tok[i * w + j][(py * p + px) * channels + ch],
                                  z[0][ch][p * i + py][p * j + px]);
                    }
                }
            }
        }
    }
    EXPECT_TRUE(hb::unpatchifyLatent(tokens, h, w, channels, p).equal(latent));
}

TEST(LatentLayout, RejectsBadSizes) {
    EXPECT_THROW(hb::patchifyLatent(at::zeros({1, 16, 5, 4}), 2), c10::Error);
    EXPECT_THROW(hb::unpatchifyLatent(at::zeros({6, 64}), 2, 2, 16, 2), c10::Error);
    EXPECT_THROW(hb::latentPositionIds(9, 2, 8), c10::Error);
    EXPECT_TRUE(
        hb::latentPositionIds(2, 3, 8).equal(at::tensor(std::vector<std::int64_t>{0, 1, 2, 8, 9, 10})));
    // Truncation, not rounding, and clamping.
    const at::Tensor image = at::tensor({-2.0F, -1.0F, 0.0F, 0.999F, 1.5F, 0.5F}).reshape({3, 1, 2});
    const at::Tensor u8 = hb::imageToUint8(image);
    EXPECT_EQ(u8.sizes(), (std::vector<std::int64_t>{1, 2, 3}));
    // HWC: pixel (0,0) takes -2, 0, 1.5 from the three channels; pixel (0,1) takes -1, 0.999, 0.5.
    EXPECT_TRUE(
        u8.flatten().equal(at::tensor(std::vector<std::int64_t>{0, 127, 255, 0, 254, 191}).to(at::kByte)));
}

// A copy of ae.safetensors where `bad` has a different shape: loading must name it.
TEST(VaeLoad, MisshapedTensorIsNamed) {
    if (hbtest::goldenCaseNames().empty()) {
        GTEST_SKIP() << "no golden cases";
    }
    const auto store = hbtest::openGoldenStore("ae.safetensors");
    const std::string bad = "decoder.up.1.block.0.conv1.weight";
    ASSERT_NE(store->find(bad), nullptr);
    std::vector<hb::TensorSpec> specs;
    for (const std::string& name : store->names()) {
        const hb::TensorInfo* info = store->find(name);
        hb::TensorSpec spec{name, info->dtype, info->shape};
        if (name == bad) {
            spec.shape.back() += 1; // [o, i, 3, 3] -> [o, i, 3, 4]
        }
        specs.push_back(spec);
    }
    const std::string dir = std::string(HB_TEST_TMP) + "/vae_misshaped";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/ae.safetensors";
    auto writer = hb::SafetensorsWriter::create(path, specs);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    for (const hb::TensorSpec& spec : specs) {
        const hb::TensorView view = store->view(spec.name);
        std::vector<std::byte> bytes(view.data, view.data + view.byteSize());
        bytes.resize(spec.name == bad ? bytes.size() / 3 * 4 : bytes.size());
        ASSERT_TRUE((*writer)->writeTensor(spec.name, bytes.data(), bytes.size()).ok());
    }
    ASSERT_TRUE((*writer)->finish().ok());

    auto misshaped = hb::TensorStore::open(path);
    ASSERT_TRUE(misshaped.ok()) << misshaped.error().message;
    hb::FluxVae vae(hbtest::goldenConfig().vae);
    const auto result = hb::loadWeights(*vae, **misshaped, "", hb::WeightTarget{});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, hb::ErrorCode::BadCheckpoint);
    EXPECT_NE(result.error().message.find(bad), std::string::npos) << result.error().message;
    std::cout << "  error: " << result.error().message << "\n";

    // A VAE sized differently from the file names the first tensor that does not fit.
    hb::VaeConfig wrong = hbtest::goldenConfig().vae;
    wrong.zChannels *= 2;
    hb::FluxVae wrongVae(wrong);
    const auto mismatch = hb::loadWeights(*wrongVae, *store, "", hb::WeightTarget{});
    ASSERT_FALSE(mismatch.ok());
    EXPECT_NE(mismatch.error().message.find("conv_"), std::string::npos) << mismatch.error().message;
}

} // namespace
