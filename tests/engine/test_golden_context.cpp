// Whole-model golden checks through BagelModel: the edit context of generate_edit (VAE segment,
// ViT segment, prompt; KV compared row by row), the text-to-image context of generate_t2i, the
// resize rule's sizes, and the three CFG contexts sharing the image prefix.

#include <cstdio>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "golden_case.h"
#include "image/image_ops.h"
#include "models/bagel/bagel_language.h"
#include "models/bagel/bagel_model.h"
#include "models/bagel/latent_layout.h"

namespace {

const hbtest::TestTarget kTarget = hbtest::testTarget();
const double kTolerance = kTarget.tolerance;

class GoldenContext : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden cases under " << hbtest::goldenRoot();
        }
        auto loaded =
            hb::BagelModel::load(hbtest::goldenModelDir(), hb::WeightTarget{kTarget.dtype, kTarget.device});
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        model = std::move(loaded.value());
    }
    at::Tensor ids(const hbtest::GoldenCase& c, const char* key) const {
        std::vector<std::int64_t> v = c.sidecar.at(key).get<std::vector<std::int64_t>>();
        return at::tensor(v, at::kLong);
    }
    void expectKv(const hbtest::GoldenCase& c, const hb::BagelContext& context) const {
        for (std::size_t layer = 0; layer < context.cache().layers(); ++layer) {
            const auto [key, value] = context.cache().materialize(layer);
            const std::string prefix = "context_kv.layer" + std::to_string(layer);
            EXPECT_LT(hbtest::relativeError(key, c.at(prefix + ".key")), kTolerance) << prefix;
            EXPECT_LT(hbtest::relativeError(value, c.at(prefix + ".value")), kTolerance) << prefix;
        }
    }
    std::unique_ptr<hb::BagelModel> model;
    const at::InferenceMode inference;
};

TEST_F(GoldenContext, EditContextMatchesRowByRow) {
    HB_REQUIRE_CASE("generate_edit");
    const auto c = hbtest::loadGoldenCase("generate_edit");
    const hb::BagelConfig& config = model->config();
    // The VAE latent of the official encode (sampled with the stored noise).
    const at::Tensor latent = model->vae().encodeSample(
        c.at("input.vae_image").unsqueeze(0).to(kTarget.device), c.at("input.vae_noise").to(kTarget.device));
    EXPECT_LT(hbtest::relativeError(latent, c.at("output.vae_latent")), kTolerance);
    const std::int64_t h = latent.size(2) / config.latentPatchSize;
    const std::int64_t w = latent.size(3) / config.latentPatchSize;

    hb::BagelContext context(static_cast<std::size_t>(config.llm.numHiddenLayers));
    model->prefillVaeLatents(context, hb::patchifyLatent(latent, config.latentPatchSize), h, w);
    model->prefillVitImage(context, hb::normalizeU8(c.at("input.vit_image_u8").to(kTarget.device)));
    hb::prefillText(model->llm(), context, ids(c, "prompt_token_ids"));
    EXPECT_EQ(context.kvLength(), c.at("context_kv.layer0.key").size(0));
    EXPECT_EQ(context.rope(), c.at("layout.packed_position_ids")[0].item<std::int64_t>());
    expectKv(c, context);
}

TEST_F(GoldenContext, TextToImageContextIsThePrompt) {
    HB_REQUIRE_CASE("generate_t2i");
    const auto c = hbtest::loadGoldenCase("generate_t2i");
    hb::BagelContext context(static_cast<std::size_t>(model->config().llm.numHiddenLayers));
    hb::prefillText(model->llm(), context, ids(c, "prompt_token_ids"));
    expectKv(c, context);
}

TEST_F(GoldenContext, ResizeRuleGivesTheOfficialSizes) {
    HB_REQUIRE_CASE("generate_edit");
    const auto c = hbtest::loadGoldenCase("generate_edit");
    const hb::BagelConfig& config = model->config();
    const at::Tensor raw = c.at("input.raw_image_u8");
    const hb::ResizeRule vae{config.vaeTransform[0], config.vaeTransform[1], config.vaeTransform[2]};
    const hb::ResizeRule vit{config.vitTransform[0], config.vitTransform[1], config.vitTransform[2]};
    const hb::ImageSize vaeSize = hb::resizedSize({raw.size(1), raw.size(0)}, vae);
    EXPECT_EQ(vaeSize.height, c.at("input.vae_image_u8").size(0));
    EXPECT_EQ(vaeSize.width, c.at("input.vae_image_u8").size(1));
    const hb::ImageSize vitSize = hb::resizedSize(vaeSize, vit);
    EXPECT_EQ(vitSize.height, c.at("input.vit_image_u8").size(0));
    EXPECT_EQ(vitSize.width, c.at("input.vit_image_u8").size(1));
    // Pixels: resizeBicubicU8 runs Pillow's fixed-point passes, so both resizes match bit for bit.
    const at::Tensor vaeU8 = hb::resizeBicubicU8(raw, vaeSize);
    const std::int64_t vaeDiffs = vaeU8.ne(c.at("input.vae_image_u8")).sum().item<std::int64_t>();
    EXPECT_EQ(vaeDiffs, 0) << "bytes differing from PIL's VAE-size resize";
    const at::Tensor vitU8 = hb::resizeBicubicU8(c.at("input.vae_image_u8"), vitSize);
    const std::int64_t vitDiffs = vitU8.ne(c.at("input.vit_image_u8")).sum().item<std::int64_t>();
    EXPECT_EQ(vitDiffs, 0) << "bytes differing from PIL's ViT-size resize";
}

TEST_F(GoldenContext, CfgContextsShareTheImagePrefix) {
    HB_REQUIRE_CASE("generate_edit");
    const auto c = hbtest::loadGoldenCase("generate_edit");
    const hb::BagelConfig& config = model->config();
    const at::Tensor latent = c.at("output.vae_latent").to(kTarget.device);
    hb::BagelContext gen(static_cast<std::size_t>(config.llm.numHiddenLayers));
    model->prefillVaeLatents(gen, hb::patchifyLatent(latent, config.latentPatchSize), latent.size(2) / 2,
                             latent.size(3) / 2);
    model->prefillVitImage(gen, hb::normalizeU8(c.at("input.vit_image_u8").to(kTarget.device)));
    hb::BagelContext cfgText = gen.fork(); // official: cfg_text <- copy(gen) after the image
    hb::prefillText(model->llm(), gen, ids(c, "prompt_token_ids"));
    // The official packing: cfg_text holds [VAE image, ViT image] and generates at its own position.
    EXPECT_EQ(cfgText.kvLength(), c.at("layout.cfg_text_key_values_lens")[0].item<std::int64_t>());
    EXPECT_EQ(cfgText.rope(), c.at("layout.cfg_text_packed_position_ids")[0].item<std::int64_t>());
    EXPECT_EQ(gen.kvLength(), c.at("layout.key_values_lens")[0].item<std::int64_t>());
    for (std::size_t s = 0; s < cfgText.cache().segments().size(); ++s) {
        EXPECT_EQ(cfgText.cache().segments()[s].get(), gen.cache().segments()[s].get()) << "segment " << s;
    }
    expectKv(c, gen);
}

// velocity_t2i / velocity_edit: one denoising forward per CFG branch on that branch's context
// (built as the official inferencer builds them), compared with the official unguided outputs.
TEST_F(GoldenContext, VelocityOfEveryBranch) {
    HB_REQUIRE_CASE("velocity_t2i");
    HB_REQUIRE_CASE("velocity_edit");
    HB_REQUIRE_CASE("generate_t2i");
    HB_REQUIRE_CASE("generate_edit");
    const hb::BagelConfig& config = model->config();
    const auto layers = static_cast<std::size_t>(config.llm.numHiddenLayers);
    for (const std::string name : {"velocity_t2i", "velocity_edit"}) {
        const bool edit = name == "velocity_edit";
        const auto v = hbtest::loadGoldenCase(name);
        const auto g = hbtest::loadGoldenCase(edit ? "generate_edit" : "generate_t2i");
        hb::BagelContext gen(layers);
        if (edit) {
            const at::Tensor latent = g.at("output.vae_latent").to(kTarget.device);
            model->prefillVaeLatents(gen, hb::patchifyLatent(latent, config.latentPatchSize),
                                     latent.size(2) / 2, latent.size(3) / 2);
            model->prefillVitImage(gen, hb::normalizeU8(g.at("input.vit_image_u8").to(kTarget.device)));
        }
        hb::BagelContext cfgText = gen.fork();
        hb::prefillText(model->llm(), gen, ids(g, "prompt_token_ids"));
        hb::BagelContext cfgImg(layers);
        hb::prefillText(model->llm(), cfgImg, ids(g, "prompt_token_ids"));

        const std::vector<std::int64_t> hw = g.sidecar.at("image_hw").get<std::vector<std::int64_t>>();
        const std::int64_t pixelsPerToken = config.vae.downsample * config.latentPatchSize;
        const std::int64_t h = hw[0] / pixelsPerToken;
        const std::int64_t w = hw[1] / pixelsPerToken;
        const at::Tensor xt = v.at("input.x_t").to(kTarget.device);
        const double t = v.sidecar.at("timestep").get<double>();
        at::Tensor hidden;
        EXPECT_LT(hbtest::relativeError(model->velocity(gen, xt, h, w, t, &hidden), v.at("output.v_cond")),
                  kTolerance)
            << name;
        EXPECT_LT(hbtest::relativeError(hidden, v.at("output.cond_final_hidden")), kTolerance) << name;
        EXPECT_LT(hbtest::relativeError(model->velocity(cfgText, xt, h, w, t), v.at("output.v_text_uncond")),
                  kTolerance)
            << name;
        if (v.has("output.v_img_uncond")) {
            EXPECT_LT(
                hbtest::relativeError(model->velocity(cfgImg, xt, h, w, t), v.at("output.v_img_uncond")),
                kTolerance)
                << name;
        }
        EXPECT_EQ(gen.kvLength(), g.at("context_kv.layer0.key").size(0))
            << "the forward left the context unchanged";
    }
}

} // namespace
