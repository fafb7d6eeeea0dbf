// The flow sampler and guidance against the official code: every renorm combination of the
// velocity cases, and whole generate_t2i / generate_edit runs (every step's x_t and v_t, the final
// latent, the decoded image and its uint8 form). Hyper-parameters, ids and sizes come from the
// case files. Plus the forward counts of the official scenarios.

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "generation/guidance_contexts.h"
#include "golden_case.h"
#include "image/image_ops.h"
#include "models/bagel/bagel_model.h"
#include "models/bagel/latent_layout.h"

namespace {

// README: about 1e-5 on single forwards; roughly 1e-4 on values that pass through the sampler.
constexpr double kForwardTolerance = 2e-5;
constexpr double kSamplerTolerance = 1e-4;

class GoldenGeneration : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden cases under " << hbtest::goldenRoot();
        }
        auto loaded = hb::BagelModel::load(hbtest::goldenModelDir(), hb::WeightTarget{});
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        model = std::move(loaded.value());
    }
    static at::Tensor ids(const hbtest::GoldenCase& c, const char* key) {
        return at::tensor(c.sidecar.at(key).get<std::vector<std::int64_t>>(), at::kLong);
    }
    // The official contexts of a generate case (edit when it has an input image).
    hb::GuidanceContexts contextsFor(const hbtest::GoldenCase& g) {
        hb::GuidanceContextBuilder builder(*model);
        if (g.has("output.vae_latent")) {
            const at::Tensor latent = g.at("output.vae_latent");
            const std::int64_t p = model->config().latentPatchSize;
            builder.addImage(hb::patchifyLatent(latent, p), latent.size(2) / p, latent.size(3) / p,
                             hb::normalizeU8(g.at("input.vit_image_u8")));
        }
        builder.addText(ids(g, "prompt_token_ids"));
        return std::move(builder.contexts());
    }
    std::pair<std::int64_t, std::int64_t> latentGrid(const hbtest::GoldenCase& g) const {
        const auto hw = g.sidecar.at("image_hw").get<std::vector<std::int64_t>>();
        const std::int64_t px = model->config().vae.downsample * model->config().latentPatchSize;
        return {hw[0] / px, hw[1] / px};
    }
    std::unique_ptr<hb::BagelModel> model;
    const at::InferenceMode inference;
};

TEST_F(GoldenGeneration, EveryRenormCombination) {
    for (const std::string name : {"velocity_t2i", "velocity_edit"}) {
        HB_REQUIRE_CASE(name);
        const auto v = hbtest::loadGoldenCase(name);
        const auto g = hbtest::loadGoldenCase(name == "velocity_edit" ? "generate_edit" : "generate_t2i");
        const hb::GuidanceContexts contexts = contextsFor(g);
        const auto [h, w] = latentGrid(g);
        const at::Tensor xt = v.at("input.x_t");
        const double t = v.sidecar.at("timestep").get<double>();
        const at::Tensor cond = model->velocity(contexts.gen, xt, h, w, t);
        const at::Tensor text = model->velocity(contexts.cfgText, xt, h, w, t);
        const at::Tensor image = model->velocity(contexts.cfgImg, xt, h, w, t);
        for (const auto& combo : v.sidecar.at("combos")) {
            hb::GuidanceScales scales;
            scales.text = combo.at("cfg_text_scale").get<double>();
            scales.image = combo.at("cfg_img_scale").get<double>();
            scales.renorm = *hb::renormTypeFromString(combo.at("cfg_renorm_type").get<std::string>());
            scales.renormMin = combo.at("cfg_renorm_min").get<double>();
            const std::string key = combo.at("tensor").get<std::string>();
            EXPECT_LT(hbtest::relativeError(hb::combineGuidance(cond, text, image, scales), v.at(key)),
                      kForwardTolerance)
                << name << " " << key;
        }
    }
}

TEST_F(GoldenGeneration, WholeRunsStepByStep) {
    for (const std::string name : {"generate_t2i", "generate_edit"}) {
        HB_REQUIRE_CASE(name);
        const auto g = hbtest::loadGoldenCase(name);
        const auto& hyper = g.sidecar.at("hyper");
        hb::SamplerSettings settings;
        settings.timesteps = hb::shiftedTimesteps(hyper.at("num_timesteps").get<std::int64_t>(),
                                                  hyper.at("timestep_shift").get<double>());
        settings.scales.text = hyper.at("cfg_text_scale").get<double>();
        settings.scales.image = hyper.value("cfg_img_scale", 1.5); // the inferencer's default when omitted
        settings.scales.renorm = *hb::renormTypeFromString(hyper.at("cfg_renorm_type").get<std::string>());
        settings.scales.renormMin = hyper.value("cfg_renorm_min", 0.0);
        settings.intervalLow = hyper.at("cfg_interval")[0].get<double>();
        settings.intervalHigh = hyper.at("cfg_interval")[1].get<double>();

        const at::Tensor stepTimes = g.at("step.timesteps");
        for (std::int64_t i = 0; i < stepTimes.size(0); ++i) {
            EXPECT_NEAR(settings.timesteps[static_cast<std::size_t>(i)], stepTimes[i].item<float>(), 1e-7)
                << name;
        }
        const hb::GuidanceContexts contexts = contextsFor(g);
        const auto [h, w] = latentGrid(g);
        int steps = 0;
        const auto result = hb::sampleFlow(
            *model, contexts, h, w, g.at("input.init_noise"), settings, [&](const hb::SamplerStep& s) {
                EXPECT_LT(hbtest::relativeError(s.x, g.at("step.x_t")[s.index]), kSamplerTolerance)
                    << name << " step " << s.index;
                EXPECT_LT(hbtest::relativeError(s.velocity, g.at("step.v_t")[s.index]), kSamplerTolerance)
                    << name << " step " << s.index;
                ++steps;
            });
        EXPECT_EQ(steps, stepTimes.size(0));
        EXPECT_LT(hbtest::relativeError(result.latent, g.at("output.final_latent")), kSamplerTolerance)
            << name;

        const std::int64_t p = model->config().latentPatchSize;
        const at::Tensor decoded = model->vae().decode(
            hb::unpatchifyLatent(result.latent, h, w, model->config().latentChannels(), p));
        EXPECT_LT(hbtest::relativeError(decoded, g.at("output.decoded")), kSamplerTolerance) << name;
        const at::Tensor pixels = hb::imageToUint8(decoded).to(at::kInt);
        const at::Tensor expected = g.at("output.image_u8").to(at::kInt);
        // Truncation to uint8 may move a value sitting on a level boundary by one.
        EXPECT_LE((pixels - expected).abs().max().item<std::int64_t>(), 1) << name;
        EXPECT_LT((pixels != expected).sum().item<std::int64_t>(), expected.numel() / 1000 + 1) << name;
    }
}

} // namespace
