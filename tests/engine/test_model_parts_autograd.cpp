// The VAE, the ViT and the adapters are trainable: a backward pass through each gives a finite,
// non-zero gradient on every parameter (the golden weights are random, so none is degenerate).

#include <string>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "golden_case.h"
#include "model_parts_support.h"
#include "models/bagel/vit_patchify.h"

namespace {

// A loss that weighs every output element differently, so no gradient cancels by symmetry.
at::Tensor weightedSum(const at::Tensor& out) { return (out * at::randn_like(out)).sum(); }

void expectGradients(torch::nn::Module& module, const std::string& what) {
    std::size_t checked = 0;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) {
        const at::Tensor& grad = item.value().grad();
        ASSERT_TRUE(grad.defined()) << what << ": no gradient for " << item.key();
        EXPECT_TRUE(hbtest::allFinite(grad)) << what << ": non-finite gradient for " << item.key();
        EXPECT_GT(grad.abs().max().item<double>(), 0.0) << what << ": zero gradient for " << item.key();
        ++checked;
    }
    EXPECT_GT(checked, 0U) << what;
}

class ModelPartsAutograd : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden cases under " << hbtest::goldenRoot();
        }
        at::manual_seed(7);
    }
};

TEST_F(ModelPartsAutograd, VaeEncodeDecode) {
    hb::FluxVae vae = hbtest::loadGoldenVae();
    const auto c = hbtest::loadGoldenCase("vae");
    // Sampling uses both posterior halves, so every encoder parameter takes part.
    const at::Tensor latent = vae->encodeSample(c.at("input.image"), c.at("input.noise"));
    weightedSum(vae->decode(latent)).backward();
    expectGradients(*vae, "FluxVae");
}

TEST_F(ModelPartsAutograd, VitConnectorAndLatentAdapters) {
    hbtest::GoldenParts m = hbtest::loadGoldenParts();
    const auto c = hbtest::loadGoldenCase("vit_prefill");
    const at::Tensor image = c.at("input.image");
    const std::int64_t p = m.config.vit.patchSize;
    const at::Tensor tokens = hb::patchifyVitImage(image, p);
    const at::Tensor ids =
        hb::vitPositionIds(image.size(1) / p, image.size(2) / p, m.config.vitMaxNumPatchPerSide);
    // Two packed copies exercise the block-diagonal path in the backward pass as well.
    const at::Tensor vit =
        m.vit->forward(at::cat({tokens, tokens}), at::cat({ids, ids}), {ids.size(0), ids.size(0)});
    at::Tensor loss = weightedSum(m.connector->forward(vit) + m.vitPosEmbed->forward(at::cat({ids, ids})));

    const auto v = hbtest::loadGoldenCase("velocity_t2i");
    const at::Tensor hidden = m.vae2llm->forward(v.at("input.x_t")) +
                              m.timeEmbedder->forward(v.at("input.timestep")) +
                              m.latentPosEmbed->forward(v.at("layout.packed_vae_position_ids"));
    loss = loss + weightedSum(m.llm2vae->forward(hidden));
    loss.backward();
    expectGradients(*m.vit, "SiglipNavit");
    expectGradients(*m.connector, "Connector");
    expectGradients(*m.timeEmbedder, "TimestepEmbedder");
    expectGradients(*m.vae2llm, "vae2llm");
    expectGradients(*m.llm2vae, "llm2vae");
    EXPECT_FALSE(m.latentPosEmbed->table().requires_grad());
}

} // namespace
