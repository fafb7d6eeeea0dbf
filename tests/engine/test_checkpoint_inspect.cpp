// The checkpoint inspector on copies of a tiny random checkpoint, each broken in one way, and on
// the golden folder: every problem must be reported precisely, and nothing may throw or crash.

#include <algorithm>
#include <filesystem>
#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hyperbagel/engine/checkpoint.h"
#include "hyperbagel/engine/random_checkpoint.h"
#include "hyperbagel/engine/safetensors.h"

#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using hb::FindingKind;
using hb::Severity;

struct OwnedTensor {
    hb::TensorSpec spec;
    std::string bytes;
};

/// Reads every tensor of a (small) safetensors file into memory.
std::vector<OwnedTensor> readAll(const std::string& path) {
    auto file = hb::SafetensorsFile::open(path);
    EXPECT_TRUE(file.ok()) << (file.ok() ? "" : file.error().describe());
    std::vector<OwnedTensor> tensors;
    if (file.ok()) {
        for (const hb::TensorInfo& info : (*file)->tensors()) {
            const hb::TensorView view = (*file)->view(info);
            tensors.push_back({{info.name, info.dtype, info.shape},
                               std::string(reinterpret_cast<const char*>(view.data), view.byteSize())});
        }
    }
    return tensors;
}

void writeAll(const std::string& path, const std::vector<OwnedTensor>& tensors) {
    std::vector<hb::TensorSpec> specs;
    for (const OwnedTensor& t : tensors) {
        specs.push_back(t.spec);
    }
    auto writer = hb::SafetensorsWriter::create(path, specs);
    ASSERT_TRUE(writer.ok()) << writer.error().describe();
    for (const OwnedTensor& t : tensors) {
        ASSERT_TRUE((*writer)->append(t.bytes.data(), t.bytes.size()).ok());
    }
    ASSERT_TRUE((*writer)->finish().ok());
}

/// Rewrites `path` after `edit` changed its tensor list.
void rewrite(const std::string& path, const std::function<void(std::vector<OwnedTensor>&)>& edit) {
    std::vector<OwnedTensor> tensors = readAll(path);
    edit(tensors);
    writeAll(path, tensors);
}

class CheckpointInspect : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_base = hbtest::tempDir("inspect_base");
        hb::RandomCheckpointOptions options;
        options.preset = "tiny";
        options.outDir = s_base;
        options.seed = 11;
        auto made = hb::makeRandomCheckpoint(options);
        ASSERT_TRUE(made.ok()) << made.error().describe();
    }

    /// A fresh copy of the tiny checkpoint.
    static std::string copy(const std::string& name) {
        const std::string dir = hbtest::tempDir("inspect_" + name);
        fs::copy(s_base, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        return dir;
    }

    static hb::CheckpointReport inspect(const std::string& dir) {
        auto report = hb::inspectCheckpoint(dir);
        EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().describe());
        return report.ok() ? std::move(report.value()) : hb::CheckpointReport{};
    }

    static const hb::Finding* find(const hb::CheckpointReport& r, FindingKind kind,
                                   const std::string& subject = "") {
        for (const hb::Finding& f : r.findings) {
            if (f.kind == kind && (subject.empty() || f.subject == subject)) {
                return &f;
            }
        }
        return nullptr;
    }

    static inline std::string s_base;
};

TEST_F(CheckpointInspect, TinyRandomCheckpointIsValid) {
    const hb::CheckpointReport r = inspect(s_base);
    EXPECT_EQ(r.kind, "bagel");
    EXPECT_TRUE(r.valid) << hb::formatReportText(r);
    EXPECT_EQ(r.count(Severity::Error), 0u);
    EXPECT_EQ(r.tensorCount, 111 + 176);
    EXPECT_EQ(r.parameterCount, 759968 + 1271427);
    ASSERT_EQ(r.components.size(), 7u); // all but Extension and Other
    EXPECT_EQ(r.components.front().component, hb::Component::LlmUnderstanding);
    EXPECT_EQ(r.memory.size(), 4u);
    ASSERT_EQ(r.dtypes.size(), 1u);
    EXPECT_EQ(r.dtypes[0].first, "F32");
    EXPECT_NE(find(r, FindingKind::ConfigOverride, "qk_norm"), nullptr);
    const hb::Finding* tokenizer = find(r, FindingKind::MissingFile);
    ASSERT_NE(tokenizer, nullptr);
    EXPECT_EQ(tokenizer->severity, Severity::Warning);
    bool sawEma = false;
    for (const hb::FileEntry& f : r.files) {
        if (f.name == "ema.safetensors") {
            sawEma = true;
            EXPECT_EQ(f.tensors, 111);
        }
    }
    EXPECT_TRUE(sawEma);
}

TEST_F(CheckpointInspect, DeletedTensorIsMissingTensor) {
    const std::string dir = copy("deleted");
    const std::string victim = "language_model.model.layers.1.mlp_moe_gen.down_proj.weight";
    rewrite(dir + "/ema.safetensors", [&](std::vector<OwnedTensor>& t) {
        t.erase(
            std::remove_if(t.begin(), t.end(), [&](const OwnedTensor& x) { return x.spec.name == victim; }),
            t.end());
    });
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::MissingTensor, victim);
    ASSERT_NE(f, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(f->severity, Severity::Error);
    EXPECT_EQ(f->file, "ema.safetensors");
    EXPECT_NE(f->message.find(victim), std::string::npos);
}

TEST_F(CheckpointInspect, DeletedSinCosTableIsOnlyAWarning) {
    const std::string dir = copy("deleted_table");
    rewrite(dir + "/ema.safetensors", [&](std::vector<OwnedTensor>& t) {
        t.erase(
            std::remove_if(t.begin(), t.end(),
                           [&](const OwnedTensor& x) { return x.spec.name == "vit_pos_embed.pos_embed"; }),
            t.end());
    });
    const hb::CheckpointReport r = inspect(dir);
    const hb::Finding* f = find(r, FindingKind::MissingTensor, "vit_pos_embed.pos_embed");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, Severity::Warning);
    EXPECT_TRUE(r.valid);
}

TEST_F(CheckpointInspect, ReshapedTensorIsWrongShapeWithBothShapes) {
    const std::string dir = copy("reshaped");
    rewrite(dir + "/ema.safetensors", [](std::vector<OwnedTensor>& t) {
        for (OwnedTensor& x : t) {
            if (x.spec.name == "vae2llm.weight") {
                x.spec.shape = {32, 128};
            }
        }
    });
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::WrongShape, "vae2llm.weight");
    ASSERT_NE(f, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(f->severity, Severity::Error);
    EXPECT_NE(f->message.find("[32, 128]"), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("[64, 64]"), std::string::npos) << f->message;
}

TEST_F(CheckpointInspect, TruncatedEmaIsBadFile) {
    const std::string dir = copy("truncated");
    const std::string path = dir + "/ema.safetensors";
    fs::resize_file(path, fs::file_size(path) - 1000);
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::BadFile);
    ASSERT_NE(f, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(f->severity, Severity::Error);
    EXPECT_EQ(f->file, "ema.safetensors");
    EXPECT_GT(f->message.size(), std::string("ema.safetensors cannot be read: ").size());
    // The VAE is still checked.
    EXPECT_NE(find(r, FindingKind::ConfigOverride), nullptr);
}

TEST_F(CheckpointInspect, InvalidJsonLlmConfigIsBadConfig) {
    const std::string dir = copy("broken_json");
    hbtest::writeFile(dir + "/llm_config.json", "{\n  \"hidden_size\": 64,\n  \"num_hidden_layers\": \n}\n");
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::BadConfig);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->severity, Severity::Error);
    EXPECT_EQ(f->file, "llm_config.json");
    EXPECT_NE(hb::formatReportText(r).find("llm_config.json"), std::string::npos);
}

TEST_F(CheckpointInspect, BadLlmValueIsBadConfigNamingTheKey) {
    const std::string dir = copy("bad_value");
    std::string text = hbtest::readFile(dir + "/llm_config.json");
    const std::string from = "\"num_key_value_heads\": 2";
    ASSERT_NE(text.find(from), std::string::npos) << text;
    text.replace(text.find(from), from.size(), "\"num_key_value_heads\": 3");
    hbtest::writeFile(dir + "/llm_config.json", text);
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::BadConfig, "num_key_value_heads");
    ASSERT_NE(f, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(f->file, "llm_config.json");
    EXPECT_EQ(f->severity, Severity::Error);
}

TEST_F(CheckpointInspect, ConfigThatDisagreesWithTheFilesGivesWrongShapes) {
    const std::string dir = copy("disagree");
    std::string text = hbtest::readFile(dir + "/vit_config.json");
    const std::string from = "\"hidden_size\": 32";
    ASSERT_NE(text.find(from), std::string::npos) << text;
    text.replace(text.find(from), from.size(), "\"hidden_size\": 64");
    hbtest::writeFile(dir + "/vit_config.json", text);
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::WrongShape, "connector.fc1.weight");
    ASSERT_NE(f, nullptr) << hb::formatReportText(r);
    EXPECT_NE(f->message.find("[64, 32]"), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("[64, 64]"), std::string::npos) << f->message;
    EXPECT_NE(find(r, FindingKind::WrongShape, "vit_model.vision_model.post_layernorm.weight"), nullptr);
}

TEST_F(CheckpointInspect, ExtraTensorIsUnexpected) {
    const std::string dir = copy("extra");
    rewrite(dir + "/ema.safetensors", [](std::vector<OwnedTensor>& t) {
        t.push_back({{"language_model.model.layers.2.mlp.up_proj.weight", hb::DType::F32, {2}},
                     std::string(8, '\0')});
    });
    const hb::CheckpointReport r = inspect(dir);
    const hb::Finding* f =
        find(r, FindingKind::UnexpectedTensor, "language_model.model.layers.2.mlp.up_proj.weight");
    ASSERT_NE(f, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(f->severity, Severity::Warning);
    EXPECT_TRUE(r.valid);
}

TEST_F(CheckpointInspect, OddDtypesAreWrongDtype) {
    const std::string dir = copy("dtype");
    rewrite(dir + "/ema.safetensors", [](std::vector<OwnedTensor>& t) {
        for (OwnedTensor& x : t) {
            if (x.spec.name == "llm2vae.bias") { // 64 f32 values -> 128 f16 values' worth of bytes
                x.spec.dtype = hb::DType::F16;
                x.bytes.resize(64 * 2);
            } else if (x.spec.name == "vae2llm.bias") {
                x.spec.dtype = hb::DType::I32;
            }
        }
    });
    const hb::CheckpointReport r = inspect(dir);
    const hb::Finding* f16 = find(r, FindingKind::WrongDtype, "llm2vae.bias");
    ASSERT_NE(f16, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(f16->severity, Severity::Warning);
    const hb::Finding* i32 = find(r, FindingKind::WrongDtype, "vae2llm.bias");
    ASSERT_NE(i32, nullptr);
    EXPECT_EQ(i32->severity, Severity::Error);
    EXPECT_FALSE(r.valid);
}

TEST_F(CheckpointInspect, MissingAeIsMissingFile) {
    const std::string dir = copy("no_ae");
    fs::remove(dir + "/ae.safetensors");
    const hb::CheckpointReport r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* f = find(r, FindingKind::MissingFile);
    bool found = false;
    for (const hb::Finding& x : r.findings) {
        found |=
            x.kind == FindingKind::MissingFile && x.file == "ae.safetensors" && x.severity == Severity::Error;
    }
    EXPECT_TRUE(found) << (f ? f->message : "");
    EXPECT_EQ(r.memory.size(), 4u); // planned from the configs
}

TEST_F(CheckpointInspect, ExtensionManifest) {
    const std::string dir = copy("extension");
    fs::create_directories(dir + "/tiers");
    writeAll(dir + "/tiers/fast.safetensors",
             {{{"text_guidance_embedder.mlp.0.weight", hb::DType::F32, {2, 2}}, std::string(16, '\0')}});
    hbtest::writeFile(dir + "/hyperbagel.json",
                      R"({"tiers": {"fast": {"weights": "tiers/fast.safetensors"}}})");
    hb::CheckpointReport r = inspect(dir);
    EXPECT_TRUE(r.valid) << hb::formatReportText(r);
    EXPECT_EQ(r.components.back().component, hb::Component::Extension);
    EXPECT_EQ(r.components.back().tensors, 1);

    hbtest::writeFile(dir + "/hyperbagel.json", R"({"draft": ["draft.safetensors"]})");
    r = inspect(dir);
    EXPECT_FALSE(r.valid);
    const hb::Finding* missing = find(r, FindingKind::MissingFile, "/draft/0");
    ASSERT_NE(missing, nullptr) << hb::formatReportText(r);
    EXPECT_EQ(missing->file, "draft.safetensors");

    hbtest::writeFile(dir + "/tiers/fast.safetensors", "not a safetensors file at all");
    hbtest::writeFile(dir + "/hyperbagel.json", R"({"fast": "tiers/fast.safetensors"})");
    r = inspect(dir);
    EXPECT_NE(find(r, FindingKind::BadFile, "/fast"), nullptr) << hb::formatReportText(r);

    hbtest::writeFile(dir + "/hyperbagel.json", "{ nope");
    r = inspect(dir);
    const hb::Finding* bad = find(r, FindingKind::BadConfig);
    ASSERT_NE(bad, nullptr);
    EXPECT_EQ(bad->file, "hyperbagel.json");
}

TEST_F(CheckpointInspect, GoldenFolderIsValid) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    const hb::CheckpointReport r = inspect(hbtest::goldenDir() + "/model");
    EXPECT_TRUE(r.valid) << hb::formatReportText(r);
    EXPECT_EQ(r.tensorCount, 111 + 176);
    EXPECT_EQ(find(r, FindingKind::MissingTensor), nullptr);
    EXPECT_EQ(find(r, FindingKind::UnexpectedTensor), nullptr);
    EXPECT_EQ(find(r, FindingKind::WrongShape), nullptr);
}

TEST_F(CheckpointInspect, UnknownAndMissingFolders) {
    const std::string empty = hbtest::tempDir("inspect_empty");
    const hb::CheckpointReport r = inspect(empty);
    EXPECT_EQ(r.kind, "unknown");
    EXPECT_FALSE(r.valid);
    auto missing = hb::inspectCheckpoint(empty + "/does_not_exist");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, hb::ErrorCode::FileNotFound);
    EXPECT_NE(missing.error().message.find("does_not_exist"), std::string::npos);
}

TEST_F(CheckpointInspect, TextAndJsonReports) {
    const hb::CheckpointReport r = inspect(s_base);
    const std::string text = hb::formatReportText(r);
    for (const char* part : {"VALID", "Configs", "Files", "Components", "Dtypes", "Memory plan", "Findings",
                             "ema.safetensors", "llm_generation"}) {
        EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
    }
    const nlohmann::json json = nlohmann::json::parse(hb::formatReportJson(r));
    EXPECT_EQ(json["valid"], true);
    EXPECT_EQ(json["kind"], "bagel");
    EXPECT_EQ(json["totals"]["tensors"], 287);
    EXPECT_EQ(json["memory"].size(), 4u);
    EXPECT_EQ(json["findings"].size(), r.findings.size());
    EXPECT_EQ(json["counts"]["error"], 0);
}

TEST(ReportFormat, NamesAndBytes) {
    EXPECT_EQ(hb::formatBytes(512), "512 B");
    EXPECT_EQ(hb::formatBytes(1536), "1.5 KiB");
    EXPECT_EQ(hb::formatBytes(std::uint64_t{3} << 30), "3.0 GiB");
    for (int i = 0; i < static_cast<int>(FindingKind::Count); ++i) {
        const auto kind = static_cast<FindingKind>(i);
        EXPECT_EQ(hb::findingKindFromString(hb::toString(kind)), kind);
    }
    for (int i = 0; i < static_cast<int>(hb::Component::Count); ++i) {
        const auto component = static_cast<hb::Component>(i);
        EXPECT_EQ(hb::componentFromString(hb::toString(component)), component);
    }
    EXPECT_EQ(hb::severityFromString("error"), Severity::Error);
    EXPECT_FALSE(hb::severityFromString("fatal").has_value());
}

} // namespace
