// The SigLIP NaViT, the connector, the fixed position tables and the latent-token adapters against
// the official code's golden tensors (vit_prefill, generate_edit, velocity_*), plus packing, range
// errors and bf16. Sizes come from the golden config files and case tensors.

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "golden_case.h"
#include "model_parts_support.h"
#include "models/bagel/position_tables.h"
#include "models/bagel/vit_patchify.h"

namespace {

using hbtest::reportError;

constexpr double kTolerance = 1e-5;
constexpr double kBf16Tolerance = 5e-2;

std::string errorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const c10::Error& e) {
        return e.what_without_backtrace();
    }
    return {};
}

class GoldenVitTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden cases under " << hbtest::goldenRoot();
        }
        m = hbtest::loadGoldenParts();
        c = hbtest::loadGoldenCase("vit_prefill");
    }
    at::Tensor patches(const at::Tensor& image) const {
        return hb::patchifyVitImage(image, m.config.vit.patchSize);
    }
    at::Tensor ids(const at::Tensor& image) const {
        const std::int64_t p = m.config.vit.patchSize;
        return hb::vitPositionIds(image.size(1) / p, image.size(2) / p, m.config.vitMaxNumPatchPerSide);
    }
    const at::InferenceMode inference;
    hbtest::GoldenParts m;
    hbtest::GoldenCase c;
};

TEST_F(GoldenVitTest, PatchifyAndPositionIdsAreExact) {
    const at::Tensor image = c.at("input.image");
    EXPECT_TRUE(patches(image).equal(c.at("input.packed_vit_tokens")));
    EXPECT_TRUE(ids(image).equal(c.at("input.vit_position_ids")));
    const auto edit = hbtest::loadGoldenCase("generate_edit");
    const at::Tensor editImage = hbtest::pixelsFromU8(edit.at("input.vit_image_u8"));
    EXPECT_TRUE(ids(editImage).equal(edit.at("input.vit_position_ids")));
    EXPECT_EQ(patches(editImage).size(0), edit.at("input.vit_position_ids").size(0));
}

TEST_F(GoldenVitTest, VisionTowerConnectorAndPositions) {
    const at::Tensor tokens = c.at("input.packed_vit_tokens");
    const at::Tensor positions = c.at("input.vit_position_ids");
    const hb::VitOutputs out = m.vit->forwardWithIntermediates(tokens, positions, {tokens.size(0)});
    EXPECT_LT(reportError("vit_prefill output.vit.embeddings", out.embeddings, c.at("output.vit.embeddings")),
              kTolerance);
    EXPECT_LT(reportError("vit_prefill output.vit.encoder_out", out.encoderOut, c.at("output.vit.encoder_out")),
              kTolerance);
    EXPECT_LT(reportError("vit_prefill output.vit.out", out.out, c.at("output.vit.out")), kTolerance);
    const at::Tensor connected = m.connector->forward(out.out);
    EXPECT_LT(reportError("vit_prefill output.connector.out", connected, c.at("output.connector.out")),
              kTolerance);
    const at::Tensor pos = m.vitPosEmbed->forward(positions);
    EXPECT_LT(reportError("vit_prefill output.vit_pos_embed.out", pos, c.at("output.vit_pos_embed.out")),
              kTolerance);
    EXPECT_LT(
        reportError("vit_prefill output.connector_plus_pos", connected + pos, c.at("output.connector_plus_pos")),
        kTolerance);
}

TEST_F(GoldenVitTest, PackedImagesAttendOnlyToThemselves) {
    const at::Tensor a = c.at("input.image");
    const at::Tensor b =
        hbtest::pixelsFromU8(hbtest::loadGoldenCase("generate_edit").at("input.vit_image_u8"));
    const at::Tensor outA = m.vit->forward(patches(a), ids(a));
    const at::Tensor outB = m.vit->forward(patches(b), ids(b));
    const at::Tensor packed = m.vit->forward(at::cat({patches(a), patches(b)}), at::cat({ids(a), ids(b)}),
                                             {outA.size(0), outB.size(0)});
    EXPECT_LT(reportError("packed vs single image A", packed.narrow(0, 0, outA.size(0)), outA), 1e-6);
    EXPECT_LT(reportError("packed vs single image B", packed.narrow(0, outA.size(0), outB.size(0)), outB), 1e-6);
    EXPECT_LT(reportError("single image A vs golden", outA, c.at("output.vit.out")), kTolerance);
    EXPECT_THROW(m.vit->forward(patches(a), ids(a), {5, 5}), c10::Error);
}

TEST_F(GoldenVitTest, PositionTablesMatchTheComputedOnes) {
    EXPECT_TRUE(m.latentPosLoad.fromFile);
    EXPECT_TRUE(m.vitPosLoad.fromFile);
    std::cout << "  stored vs computed: latent_pos_embed " << m.latentPosLoad.maxDifference
              << ", vit_pos_embed " << m.vitPosLoad.maxDifference << "\n";
    EXPECT_LT(m.latentPosLoad.maxDifference, 1e-6);
    EXPECT_LT(m.vitPosLoad.maxDifference, 1e-6);
    EXPECT_EQ(m.latentPosEmbed->table().size(0), m.config.maxLatentSize * m.config.maxLatentSize);

    // A file without the table: it is computed, in the requested dtype.
    hb::PositionTable table(m.config.maxLatentSize, m.config.llm.hiddenSize, "latent_pos_embed");
    const auto store = hbtest::openGoldenStore("ae.safetensors");
    const auto load = hb::loadPositionTable(*table, *store, "latent_pos_embed.", {at::kBFloat16, at::kCPU});
    ASSERT_TRUE(load.ok()) << load.error().message;
    EXPECT_FALSE(load->fromFile);
    EXPECT_EQ(table->table().scalar_type(), at::kBFloat16);
    EXPECT_LT(table->maxDifferenceFromComputed(), 4e-3); // bf16 rounding of values in [-1, 1]
    EXPECT_TRUE(table->parameters().empty());            // frozen: a buffer, never trained
}

TEST_F(GoldenVitTest, OutOfRangePositionIdsAreErrors) {
    const std::int64_t vitRows = m.vitPosEmbed->table().size(0);
    const at::Tensor beyond = at::full({1}, vitRows, at::kLong);
    EXPECT_NE(errorOf([&] { m.vitPosEmbed->forward(beyond); }).find("vit_pos_embed"), std::string::npos);
    EXPECT_NE(
        errorOf([&] { m.latentPosEmbed->forward(at::full({1}, -1, at::kLong)); }).find("latent_pos_embed"),
        std::string::npos);
    const at::Tensor tokens = c.at("input.packed_vit_tokens");
    at::Tensor badIds = c.at("input.vit_position_ids").clone();
    badIds[0] = vitRows;
    EXPECT_NE(errorOf([&] { m.vit->forward(tokens, badIds); }).find("position_embedding"), std::string::npos);
    const std::int64_t side = m.config.vitMaxNumPatchPerSide;
    EXPECT_THROW(hb::vitPositionIds(side + 1, 1, side), c10::Error);
    EXPECT_THROW(hb::patchifyVitImage(at::zeros({3, 15, 14}), m.config.vit.patchSize), c10::Error);
}

TEST_F(GoldenVitTest, TimestepEmbedderMatchesTheFormula) {
    const at::Tensor t = at::tensor(std::vector<float>{0.0F, 0.25F, 0.7F, 1.0F});
    const at::Tensor freq = hb::TimestepEmbedderImpl::frequencyEmbedding(t, hb::kTimestepEmbeddingDim);
    const auto store = hbtest::openGoldenStore("ema.safetensors");
    auto weight = [&](const std::string& name) {
        return hb::loadTensor(*store, "time_embedder.mlp." + name, {at::kDouble, at::kCPU}).value();
    };
    for (std::int64_t i = 0; i < t.size(0); ++i) {
        const std::vector<double> expected = hb::timestepEmbedding(t[i].item<float>());
        const at::Tensor e = at::tensor(expected);
        EXPECT_LT((freq[i].to(at::kDouble) - e).abs().max().item<double>(), 1e-6)
            << "t=" << t[i].item<float>();
        // Linear(256->hidden), SiLU, Linear, in float64 from the stored weights.
        const at::Tensor h = at::silu(at::matmul(weight("0.weight"), e) + weight("0.bias"));
        const at::Tensor reference = at::matmul(weight("2.weight"), h) + weight("2.bias");
        EXPECT_LT(reportError("time_embedder vs float64 formula", m.timeEmbedder->forward(t.narrow(0, i, 1))[0],
                         reference.to(at::kFloat)),
                  kTolerance);
    }
}

TEST_F(GoldenVitTest, LatentTokenEmbeddingMatchesTheLlmInput) {
    for (const std::string name : {"velocity_t2i", "velocity_edit"}) {
        const auto v = hbtest::loadGoldenCase(name);
        const at::Tensor rows = v.at("layout.packed_vae_token_indexes");
        const at::Tensor embedded = m.vae2llm->forward(v.at("input.x_t")) +
                                    m.timeEmbedder->forward(v.at("input.timestep")) +
                                    m.latentPosEmbed->forward(v.at("layout.packed_vae_position_ids"));
        EXPECT_LT(reportError(name + " output.cond_llm_input_sequence (latent rows)", embedded,
                         v.at("output.cond_llm_input_sequence").index_select(0, rows)),
                  kTolerance);
    }
}

TEST_F(GoldenVitTest, Bf16AgreesWithFloat32) {
    const hbtest::GoldenParts bf16 = hbtest::loadGoldenParts(at::kBFloat16);
    const at::Tensor tokens = c.at("input.packed_vit_tokens");
    const at::Tensor positions = c.at("input.vit_position_ids");
    const at::Tensor out16 = bf16.connector->forward(bf16.vit->forward(tokens, positions));
    EXPECT_EQ(out16.scalar_type(), at::kBFloat16);
    EXPECT_LT(reportError("bf16 vs fp32 vit+connector", out16, c.at("output.connector.out")), kBf16Tolerance);
}

} // namespace
