// The expected-tensor schema: equal to the golden checkpoint (names and shapes) for the golden
// configs, and matching bagel-spec §1.3 / §7 for the released sizes.

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/bagel_schema.h"
#include "models/bagel/presets.h"
#include "test_support.h"

namespace {

using Shape = std::vector<std::int64_t>;

std::map<std::string, Shape> schemaMap(const std::vector<hb::TensorExpectation>& schema) {
    std::map<std::string, Shape> out;
    for (const auto& t : schema) {
        out[t.name] = t.shape;
    }
    return out;
}

std::map<std::string, Shape> fileMap(const std::string& path) {
    auto store = hb::TensorStore::open(path);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().describe());
    std::map<std::string, Shape> out;
    if (store.ok()) {
        for (const std::string& name : (*store)->names()) {
            out[name] = (*store)->find(name)->shape;
        }
    }
    return out;
}

void expectSameTensors(const std::map<std::string, Shape>& want, const std::map<std::string, Shape>& have) {
    for (const auto& [name, shape] : want) {
        const auto it = have.find(name);
        if (it == have.end()) {
            ADD_FAILURE() << "schema tensor missing from the file: " << name;
        } else {
            EXPECT_EQ(it->second, shape) << name;
        }
    }
    for (const auto& [name, shape] : have) {
        EXPECT_TRUE(want.count(name)) << "file tensor not in the schema: " << name;
    }
}

hb::BagelConfig presetConfig(const std::string& name) {
    auto preset = hb::findBagelPreset(name);
    EXPECT_TRUE(preset.has_value()) << name;
    return preset ? preset->config : hb::BagelConfig{};
}

TEST(BagelSchema, EqualsTheGoldenCheckpoint) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    const std::string dir = hbtest::goldenDir() + "/model";
    const hb::BagelConfigLoad load = hb::loadBagelConfig(dir);
    const auto ema = hb::emaSchema(load.config);
    const auto ae = hb::aeSchema(load.config.vae);
    EXPECT_EQ(ema.size(), 111u);
    EXPECT_EQ(ae.size(), 176u);
    EXPECT_EQ(hb::parameterCount(ema), 759968);
    EXPECT_EQ(hb::parameterCount(ae), 1271427);
    expectSameTensors(schemaMap(ema), fileMap(dir + "/ema.safetensors"));
    expectSameTensors(schemaMap(ae), fileMap(dir + "/ae.safetensors"));
}

TEST(BagelSchema, SortedUniqueAndComponentsConsistent) {
    for (const hb::BagelPreset& preset : hb::bagelPresets()) {
        SCOPED_TRACE(preset.name);
        const auto ema = hb::emaSchema(preset.config);
        std::set<std::string> names;
        for (std::size_t i = 0; i < ema.size(); ++i) {
            EXPECT_TRUE(names.insert(ema[i].name).second) << ema[i].name;
            if (i > 0) {
                EXPECT_LT(ema[i - 1].name, ema[i].name);
            }
            EXPECT_EQ(hb::emaComponentOf(ema[i].name), ema[i].component) << ema[i].name;
            EXPECT_EQ(ema[i].optional,
                      ema[i].name == hb::kLatentPosEmbedName || ema[i].name == hb::kVitPosEmbedName);
        }
        for (const auto& t : hb::aeSchema(preset.config.vae)) {
            EXPECT_EQ(t.component, hb::Component::Vae);
        }
    }
}

TEST(BagelSchema, ComponentOfNames) {
    using hb::Component;
    EXPECT_EQ(hb::emaComponentOf("language_model.model.layers.3.self_attn.q_proj.weight"),
              Component::LlmUnderstanding);
    EXPECT_EQ(hb::emaComponentOf("language_model.model.layers.3.self_attn.q_norm_moe_gen.weight"),
              Component::LlmGeneration);
    EXPECT_EQ(hb::emaComponentOf("language_model.model.layers.0.mlp_moe_gen.up_proj.weight"),
              Component::LlmGeneration);
    EXPECT_EQ(hb::emaComponentOf("language_model.model.norm.weight"), Component::LlmUnderstanding);
    EXPECT_EQ(hb::emaComponentOf("language_model.model.norm_moe_gen.weight"), Component::LlmGeneration);
    EXPECT_EQ(hb::emaComponentOf("language_model.model.embed_tokens.weight"), Component::EmbeddingsHead);
    EXPECT_EQ(hb::emaComponentOf("language_model.lm_head.weight"), Component::EmbeddingsHead);
    EXPECT_EQ(hb::emaComponentOf("vit_model.vision_model.post_layernorm.bias"), Component::Vit);
    EXPECT_EQ(hb::emaComponentOf("connector.fc1.weight"), Component::Connector);
    EXPECT_EQ(hb::emaComponentOf("vit_pos_embed.pos_embed"), Component::Connector);
    EXPECT_EQ(hb::emaComponentOf("latent_pos_embed.pos_embed"), Component::Adapters);
    EXPECT_EQ(hb::emaComponentOf("time_embedder.mlp.2.bias"), Component::Adapters);
    EXPECT_EQ(hb::emaComponentOf("vae2llm.weight"), Component::Adapters);
    EXPECT_EQ(hb::emaComponentOf("llm2vae.bias"), Component::Adapters);
    EXPECT_EQ(hb::emaComponentOf("something.else"), Component::Other);
}

TEST(BagelSchema, ReleasedSizesMatchTheSpec) {
    const hb::BagelConfig config = presetConfig("7b-mot");
    const auto ema = schemaMap(hb::emaSchema(config));
    EXPECT_EQ(ema.at("language_model.model.embed_tokens.weight"), (Shape{152064, 3584}));
    EXPECT_EQ(ema.at("language_model.lm_head.weight"), (Shape{152064, 3584}));
    EXPECT_EQ(ema.at("language_model.model.layers.27.self_attn.q_proj.weight"), (Shape{3584, 3584}));
    EXPECT_EQ(ema.at("language_model.model.layers.27.self_attn.k_proj_moe_gen.bias"), (Shape{512}));
    EXPECT_EQ(ema.at("language_model.model.layers.0.self_attn.q_norm_moe_gen.weight"), (Shape{128}));
    EXPECT_EQ(ema.at("language_model.model.layers.0.mlp.down_proj.weight"), (Shape{3584, 18944}));
    EXPECT_EQ(ema.count("language_model.model.layers.0.self_attn.o_proj.bias"), 0u);
    EXPECT_EQ(ema.count("language_model.model.layers.28.self_attn.q_proj.weight"), 0u);
    EXPECT_EQ(ema.at("time_embedder.mlp.0.weight"), (Shape{3584, 256}));
    EXPECT_EQ(ema.at("vae2llm.weight"), (Shape{3584, 64}));
    EXPECT_EQ(ema.at("llm2vae.weight"), (Shape{64, 3584}));
    EXPECT_EQ(ema.at("latent_pos_embed.pos_embed"), (Shape{4096, 3584}));
    EXPECT_EQ(ema.at("vit_pos_embed.pos_embed"), (Shape{4900, 3584}));
    EXPECT_EQ(ema.at("connector.fc1.weight"), (Shape{3584, 1152}));
    EXPECT_EQ(ema.at("vit_model.vision_model.embeddings.patch_embedding.weight"), (Shape{1152, 588}));
    EXPECT_EQ(ema.at("vit_model.vision_model.embeddings.position_embedding.weight"), (Shape{4900, 1152}));
    EXPECT_EQ(ema.at("vit_model.vision_model.encoder.layers.25.mlp.fc1.weight"), (Shape{4304, 1152}));
    EXPECT_EQ(ema.count("vit_model.vision_model.encoder.layers.26.mlp.fc1.weight"), 0u);
    // bagel-spec §1.3: about 14.6 B parameters in all.
    const std::int64_t params = hb::parameterCount(hb::emaSchema(config));
    EXPECT_NEAR(static_cast<double>(params), 14.6e9, 0.1e9);
}

TEST(BagelSchema, FluxVaeMatchesSpecSection7) {
    const auto ae = schemaMap(hb::aeSchema(hb::VaeConfig{}));
    EXPECT_EQ(ae.at("encoder.conv_in.weight"), (Shape{128, 3, 3, 3}));
    EXPECT_EQ(ae.at("encoder.down.1.block.0.nin_shortcut.weight"), (Shape{256, 128, 1, 1}));
    EXPECT_EQ(ae.at("encoder.down.2.block.0.nin_shortcut.weight"), (Shape{512, 256, 1, 1}));
    EXPECT_EQ(ae.count("encoder.down.3.block.0.nin_shortcut.weight"), 0u);
    EXPECT_EQ(ae.count("encoder.down.3.downsample.conv.weight"), 0u);
    EXPECT_EQ(ae.at("encoder.down.2.downsample.conv.weight"), (Shape{512, 512, 3, 3}));
    EXPECT_EQ(ae.at("encoder.mid.attn_1.q.weight"), (Shape{512, 512, 1, 1}));
    EXPECT_EQ(ae.at("encoder.conv_out.weight"), (Shape{32, 512, 3, 3}));
    EXPECT_EQ(ae.at("decoder.conv_in.weight"), (Shape{512, 16, 3, 3}));
    EXPECT_EQ(ae.at("decoder.up.3.block.2.conv2.weight"), (Shape{512, 512, 3, 3}));
    EXPECT_EQ(ae.at("decoder.up.1.block.0.nin_shortcut.weight"), (Shape{256, 512, 1, 1}));
    EXPECT_EQ(ae.at("decoder.up.0.block.0.nin_shortcut.weight"), (Shape{128, 256, 1, 1}));
    EXPECT_EQ(ae.count("decoder.up.0.upsample.conv.weight"), 0u);
    EXPECT_EQ(ae.at("decoder.up.1.upsample.conv.weight"), (Shape{256, 256, 3, 3}));
    EXPECT_EQ(ae.at("decoder.conv_out.weight"), (Shape{3, 128, 3, 3}));
    // The FLUX autoencoder has about 83.8 M parameters (~335 MB in f32, bagel-spec §1.2).
    EXPECT_NEAR(static_cast<double>(hb::parameterCount(hb::aeSchema(hb::VaeConfig{}))), 83.8e6, 0.3e6);
}

TEST(BagelSchema, PresetSizes) {
    const auto emaBytesBf16 = [](const std::string& name) {
        return 2.0 * static_cast<double>(hb::parameterCount(hb::emaSchema(presetConfig(name))));
    };
    EXPECT_GT(emaBytesBf16("small"), 100e6);
    EXPECT_LT(emaBytesBf16("small"), 200e6);
    EXPECT_GT(emaBytesBf16("base"), 1.074e9); // more than 1 GiB in bf16
    EXPECT_NEAR(emaBytesBf16("7b-mot"), 29.2e9, 0.6e9);
}

} // namespace
