// BAGEL config parsing: Qwen2 / SigLIP defaults, the official overrides, every kind of bad input as
// a BadConfig finding naming file and key, and the presets' config files reading back unchanged.

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "models/bagel/bagel_config.h"
#include "models/bagel/presets.h"
#include "test_support.h"

namespace {

using hb::Finding;
using hb::FindingKind;
using hb::Severity;

const Finding* findFinding(const std::vector<Finding>& findings, FindingKind kind,
                           const std::string& subject) {
    for (const Finding& f : findings) {
        if (f.kind == kind && f.subject == subject) {
            return &f;
        }
    }
    return nullptr;
}

std::size_t errorCount(const std::vector<Finding>& findings) {
    return static_cast<std::size_t>(std::count_if(
        findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::Error; }));
}

/// Parses an llm_config text and expects exactly one Error naming `key`.
void expectLlmError(const std::string& text, const std::string& key) {
    SCOPED_TRACE(text);
    hb::LlmConfig config;
    std::vector<Finding> findings;
    EXPECT_FALSE(hb::parseLlmConfig(text, "llm_config.json", config, findings));
    const Finding* f = findFinding(findings, FindingKind::BadConfig, key);
    ASSERT_NE(f, nullptr) << "no BadConfig finding for '" << key << "'";
    EXPECT_EQ(f->severity, Severity::Error);
    EXPECT_EQ(f->file, "llm_config.json");
    EXPECT_FALSE(f->message.empty());
}

TEST(BagelConfig, QwenDefaultsWhenKeysAreAbsent) {
    hb::LlmConfig c;
    std::vector<Finding> findings;
    ASSERT_TRUE(hb::parseLlmConfig("{}", "llm_config.json", c, findings));
    EXPECT_EQ(c.vocabSize, 151936);
    EXPECT_EQ(c.hiddenSize, 4096);
    EXPECT_EQ(c.intermediateSize, 22016);
    EXPECT_EQ(c.numHiddenLayers, 32);
    EXPECT_EQ(c.numAttentionHeads, 32);
    EXPECT_EQ(c.numKeyValueHeads, 32);
    EXPECT_EQ(c.hiddenAct, "silu");
    EXPECT_EQ(c.maxPositionEmbeddings, 32768);
    EXPECT_DOUBLE_EQ(c.rmsNormEps, 1e-6);
    EXPECT_DOUBLE_EQ(c.ropeTheta, 10000.0);
    EXPECT_TRUE(c.qkNorm);
    EXPECT_FALSE(c.tieWordEmbeddings);
    EXPECT_EQ(c.layerModule, "Qwen2MoTDecoderLayer");
    for (const char* key : {"qk_norm", "tie_word_embeddings", "layer_module"}) {
        const Finding* f = findFinding(findings, FindingKind::ConfigOverride, key);
        ASSERT_NE(f, nullptr) << key;
        EXPECT_EQ(f->severity, Severity::Info);
    }
}

TEST(BagelConfig, KvHeadsDefaultToHeadsAlsoWhenNull) {
    hb::LlmConfig c;
    std::vector<Finding> findings;
    ASSERT_TRUE(
        hb::parseLlmConfig(R"({"hidden_size": 128, "num_attention_heads": 8, "num_key_value_heads": null})",
                           "llm_config.json", c, findings));
    EXPECT_EQ(c.numKeyValueHeads, 8);
    EXPECT_EQ(c.headDim(), 16);
}

TEST(BagelConfig, TieWordEmbeddingsIsForcedOff) {
    hb::LlmConfig c;
    std::vector<Finding> findings;
    ASSERT_TRUE(hb::parseLlmConfig(R"({"tie_word_embeddings": true})", "llm_config.json", c, findings));
    EXPECT_FALSE(c.tieWordEmbeddings);
    const Finding* f = findFinding(findings, FindingKind::ConfigOverride, "tie_word_embeddings");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->message.find("true -> false"), std::string::npos) << f->message;
}

TEST(BagelConfig, BadLlmValuesAreFindingsNamingTheKey) {
    expectLlmError(R"({"hidden_size": "64"})", "hidden_size");
    expectLlmError(R"({"hidden_size": 64.5})", "hidden_size");
    expectLlmError(R"({"num_hidden_layers": 0})", "num_hidden_layers");
    expectLlmError(R"({"vocab_size": -3})", "vocab_size");
    expectLlmError(R"({"hidden_size": 66, "num_attention_heads": 4, "num_key_value_heads": 2})",
                   "hidden_size");
    expectLlmError(R"({"hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 3})",
                   "num_key_value_heads");
    expectLlmError(R"({"hidden_act": "relu"})", "hidden_act");
    expectLlmError(R"({"rope_scaling": {"type": "linear", "factor": 2.0}})", "rope_scaling");
    expectLlmError(R"({"rms_norm_eps": 0})", "rms_norm_eps");
    expectLlmError(R"({"rope_theta": "big"})", "rope_theta");
    expectLlmError(R"({"tie_word_embeddings": "no"})", "tie_word_embeddings");
    expectLlmError(R"({"num_attention_heads": 99999999999999999999})", "num_attention_heads");
    expectLlmError(R"({"num_hidden_layers": 1000000000})", "num_hidden_layers"); // implausible: bounded
    expectLlmError(R"({"vocab_size": 18446744073709551615})", "vocab_size");
}

TEST(BagelConfig, NullRopeScalingIsPlainRope) {
    hb::LlmConfig c;
    std::vector<Finding> findings;
    EXPECT_TRUE(hb::parseLlmConfig(R"({"rope_scaling": null})", "llm_config.json", c, findings));
    EXPECT_EQ(errorCount(findings), 0u);
}

TEST(BagelConfig, MalformedJsonNeverThrows) {
    const std::vector<std::string> texts = {"",
                                            "{",
                                            "[1, 2]",
                                            "42",
                                            "{\"hidden_size\": }",
                                            "\xff\xfe{}",
                                            "{\"a\": [[[[[[[[[[[[]]]]]]]]]]]]}",
                                            "null",
                                            "{\"x\": 1e99999}"};
    for (const std::string& text : texts) {
        SCOPED_TRACE(text);
        std::vector<Finding> findings;
        hb::LlmConfig llm;
        hb::VitConfig vit;
        hb::VaeConfig vae;
        hb::BagelConfig bagel;
        EXPECT_NO_THROW({
            hb::parseLlmConfig(text, "llm_config.json", llm, findings);
            hb::parseVitConfig(text, "vit_config.json", vit, findings);
            hb::parseAeConfig(text, "ae_config.json", vae, findings);
            hb::parseBagelConfig(text, "bagel_config.json", bagel, findings);
        });
    }
    std::vector<Finding> findings;
    hb::LlmConfig llm;
    EXPECT_FALSE(hb::parseLlmConfig("{\"hidden_size\": 64,", "llm_config.json", llm, findings));
    ASSERT_FALSE(findings.empty());
    EXPECT_EQ(findings[0].kind, FindingKind::BadConfig);
    EXPECT_EQ(findings[0].severity, Severity::Error);
    EXPECT_EQ(findings[0].file, "llm_config.json");
    EXPECT_NE(findings[0].message.find("not valid JSON"), std::string::npos) << findings[0].message;
}

TEST(BagelConfig, SiglipDefaultsAndOverrides) {
    hb::VitConfig c;
    std::vector<Finding> findings;
    ASSERT_TRUE(hb::parseVitConfig("{}", "vit_config.json", c, findings));
    EXPECT_EQ(c.hiddenSize, 768);
    EXPECT_EQ(c.intermediateSize, 3072);
    EXPECT_EQ(c.numHiddenLayers, 11); // 12 - 1
    EXPECT_EQ(c.numAttentionHeads, 12);
    EXPECT_EQ(c.numChannels, 3);
    EXPECT_EQ(c.imageSize, 224);
    EXPECT_EQ(c.patchSize, 16);
    EXPECT_EQ(c.hiddenAct, "gelu_pytorch_tanh");
    EXPECT_FALSE(c.rope);
    EXPECT_NE(findFinding(findings, FindingKind::ConfigOverride, "num_hidden_layers"), nullptr);
    EXPECT_NE(findFinding(findings, FindingKind::ConfigOverride, "rope"), nullptr);
}

TEST(BagelConfig, BadVitAndVaeValues) {
    {
        hb::VitConfig c;
        std::vector<Finding> findings;
        EXPECT_FALSE(hb::parseVitConfig(R"({"hidden_size": 30, "num_attention_heads": 4})", "vit_config.json",
                                        c, findings));
        EXPECT_NE(findFinding(findings, FindingKind::BadConfig, "hidden_size"), nullptr);
    }
    {
        hb::VitConfig c;
        std::vector<Finding> findings;
        EXPECT_FALSE(hb::parseVitConfig(R"({"hidden_act": "gelu_new"})", "vit_config.json", c, findings));
        EXPECT_NE(findFinding(findings, FindingKind::BadConfig, "hidden_act"), nullptr);
    }
    {
        hb::VaeConfig c;
        std::vector<Finding> findings;
        EXPECT_FALSE(
            hb::parseAeConfig(R"({"ch_mult": [1, 2, 4], "downsample": 8})", "ae_config.json", c, findings));
        EXPECT_NE(findFinding(findings, FindingKind::BadConfig, "downsample"), nullptr);
    }
    {
        hb::VaeConfig c;
        std::vector<Finding> findings;
        EXPECT_FALSE(hb::parseAeConfig(R"({"ch_mult": "1,2,4,4"})", "ae_config.json", c, findings));
        EXPECT_NE(findFinding(findings, FindingKind::BadConfig, "ch_mult"), nullptr);
    }
    {
        hb::VaeConfig c;
        std::vector<Finding> findings;
        EXPECT_FALSE(hb::parseAeConfig(R"({"ch": 48})", "ae_config.json", c, findings));
        EXPECT_NE(findFinding(findings, FindingKind::BadConfig, "ch_mult"), nullptr); // GroupNorm(32)
    }
}

TEST(BagelConfig, FluxDefaultsWithoutAeConfig) {
    const hb::VaeConfig c;
    EXPECT_TRUE(c.isFluxSized());
    EXPECT_EQ(c.ch, 128);
    EXPECT_EQ(c.chMult, (std::vector<std::int64_t>{1, 2, 4, 4}));
    EXPECT_EQ(c.numResBlocks, 2);
    EXPECT_EQ(c.zChannels, 16);
    EXPECT_DOUBLE_EQ(c.scaleFactor, 0.3611);
    EXPECT_DOUBLE_EQ(c.shiftFactor, 0.1159);
    const hb::BagelConfig b;
    EXPECT_EQ(b.latentPatchSize, 2);
    EXPECT_EQ(b.maxLatentSize, 64);
    EXPECT_EQ(b.vitMaxNumPatchPerSide, 70);
    EXPECT_EQ(b.connectorAct, "gelu_pytorch_tanh");
    EXPECT_EQ(b.patchLatentDim(), 64);
}

TEST(BagelConfig, GoldenFolder) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    const hb::BagelConfigLoad load = hb::loadBagelConfig(hbtest::goldenDir() + "/model");
    EXPECT_TRUE(load.llmUsable && load.vitUsable && load.vaeUsable && load.bagelUsable);
    EXPECT_TRUE(load.haveAeConfig && load.haveBagelConfig);
    EXPECT_EQ(errorCount(load.findings), 0u);
    const hb::BagelConfig& c = load.config;
    EXPECT_EQ(c.llm.hiddenSize, 64);
    EXPECT_EQ(c.llm.numHiddenLayers, 2);
    EXPECT_EQ(c.llm.numAttentionHeads, 4);
    EXPECT_EQ(c.llm.numKeyValueHeads, 2);
    EXPECT_EQ(c.llm.headDim(), 16);
    EXPECT_EQ(c.llm.vocabSize, 512);
    EXPECT_DOUBLE_EQ(c.llm.ropeTheta, 1e6);
    EXPECT_EQ(c.vit.numHiddenLayers, 2);
    EXPECT_EQ(c.vit.positionGridSide(), 70);
    EXPECT_EQ(c.vit.patchDim(), 588);
    EXPECT_EQ(c.vae.chMult, (std::vector<std::int64_t>{1, 2, 2, 2}));
    EXPECT_EQ(c.vae.numResBlocks, 1);
    EXPECT_EQ(c.maxLatentSize, 8);
    EXPECT_EQ(c.maxLatentSizeSource, "bagel_config.json");
    EXPECT_EQ(c.vaeTransform, (std::array<std::int64_t, 3>{128, 64, 16}));
    EXPECT_FALSE(c.describe().empty());
}

TEST(BagelConfig, MissingConfigFilesAreMissingFileErrors) {
    const std::string dir = hbtest::tempDir("config_missing");
    const hb::BagelConfigLoad load = hb::loadBagelConfig(dir);
    EXPECT_FALSE(load.llmUsable);
    EXPECT_FALSE(load.vitUsable);
    EXPECT_TRUE(load.vaeUsable); // FLUX defaults
    EXPECT_EQ(errorCount(load.findings), 2u);
    EXPECT_EQ(load.findings[0].kind, FindingKind::MissingFile);
}

TEST(BagelConfig, MaxLatentSizeInferredFromTableRows) {
    hb::BagelConfigLoad load;
    hb::inferMaxLatentSize(load, 4096, "ema.safetensors");
    EXPECT_EQ(load.config.maxLatentSize, 64);
    EXPECT_EQ(load.config.maxLatentSizeSource, "latent_pos_embed.pos_embed");

    hb::BagelConfigLoad odd;
    hb::inferMaxLatentSize(odd, 4097, "ema.safetensors");
    EXPECT_EQ(odd.config.maxLatentSize, 64);
    ASSERT_EQ(errorCount(odd.findings), 1u);
    EXPECT_EQ(odd.findings[0].kind, FindingKind::WrongShape);

    hb::BagelConfigLoad fromFile;
    fromFile.config.maxLatentSize = 8;
    fromFile.config.maxLatentSizeSource = "bagel_config.json";
    hb::inferMaxLatentSize(fromFile, 4096, "ema.safetensors");
    EXPECT_EQ(fromFile.config.maxLatentSize, 8); // the file wins
}

TEST(BagelConfig, PresetConfigsReadBackUnchanged) {
    for (const hb::BagelPreset& preset : hb::bagelPresets()) {
        SCOPED_TRACE(preset.name);
        const std::string dir = hbtest::tempDir("preset_configs_" + preset.name);
        auto written = hb::writePresetConfigs(preset, dir, "bfloat16");
        ASSERT_TRUE(written.ok()) << written.error().describe();
        hb::BagelConfigLoad load = hb::loadBagelConfig(dir);
        EXPECT_EQ(errorCount(load.findings), 0u);
        if (preset.releaseLayout) {
            EXPECT_FALSE(load.haveBagelConfig);
            hb::inferMaxLatentSize(load, preset.config.maxLatentSize * preset.config.maxLatentSize,
                                   "ema.safetensors");
        }
        EXPECT_EQ(load.haveAeConfig, !preset.config.vae.isFluxSized());
        EXPECT_EQ(load.config.describe(), preset.config.describe());
        EXPECT_EQ(load.config.llm.bosTokenId, preset.config.llm.bosTokenId);
        EXPECT_EQ(load.config.llm.torchDtype, "bfloat16");
        EXPECT_EQ(load.config.vaeTransform, preset.config.vaeTransform);
    }
}

TEST(BagelConfig, TinyPresetIsTheGoldenConfig) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    const hb::BagelConfigLoad golden = hb::loadBagelConfig(hbtest::goldenDir() + "/model");
    const auto tiny = hb::findBagelPreset("tiny");
    ASSERT_TRUE(tiny.has_value());
    EXPECT_EQ(tiny->config.describe(), golden.config.describe());
    EXPECT_EQ(tiny->config.llm.bosTokenId, golden.config.llm.bosTokenId);
    EXPECT_EQ(tiny->config.llm.eosTokenId, golden.config.llm.eosTokenId);
    EXPECT_EQ(tiny->config.vae.resolution, golden.config.vae.resolution);
}

} // namespace
