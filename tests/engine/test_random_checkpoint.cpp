// Random checkpoints: presets, determinism, init statistics, dtypes, shards, cancellation, progress
// and bounded memory while streaming.

#include <atomic>
#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>

#include "hyperbagel/engine/checkpoint.h"
#include "hyperbagel/engine/random_checkpoint.h"
#include "hyperbagel/engine/safetensors.h"

#include "checkpoint/random_values.h"
#include "test_support.h"
#include <sys/resource.h>

namespace {

namespace fs = std::filesystem;

hb::Result<hb::RandomCheckpointSummary> make(const std::string& dir, std::uint64_t seed,
                                             const std::string& dtype = "auto",
                                             std::uint64_t maxShardBytes = 0) {
    hb::RandomCheckpointOptions options;
    options.preset = "tiny";
    options.outDir = dir;
    options.seed = seed;
    options.dtype = dtype;
    options.maxShardBytes = maxShardBytes;
    return hb::makeRandomCheckpoint(options);
}

struct Moments {
    double mean = 0;
    double stddev = 0;
};

Moments moments(const hb::TensorStore& store, const std::string& name) {
    const hb::TensorView view = store.view(name);
    const std::int64_t n = view.info->numel();
    double sum = 0;
    double sumSq = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const double v = view.at(i);
        sum += v;
        sumSq += v * v;
    }
    const double mean = sum / static_cast<double>(n);
    return {mean, std::sqrt(sumSq / static_cast<double>(n) - mean * mean)};
}

long maxRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

TEST(RandomCheckpoint, PresetsSmallestFirst) {
    const auto presets = hb::randomCheckpointPresets();
    ASSERT_EQ(presets.size(), 5u);
    EXPECT_EQ(presets[0].name, "tiny");
    EXPECT_EQ(presets[1].name, "shapeworld");
    EXPECT_EQ(presets[2].name, "small");
    EXPECT_EQ(presets[3].name, "base");
    EXPECT_EQ(presets[4].name, "7b-mot");
    for (const auto& preset : presets) {
        EXPECT_FALSE(preset.description.empty());
    }
}

TEST(RandomCheckpoint, InvalidRequests) {
    hb::RandomCheckpointOptions options;
    options.outDir = hbtest::tempDir("random_invalid");
    options.preset = "huge";
    EXPECT_EQ(hb::makeRandomCheckpoint(options).error().code, hb::ErrorCode::InvalidRequest);
    options.preset = "tiny";
    options.dtype = "f8";
    EXPECT_EQ(hb::makeRandomCheckpoint(options).error().code, hb::ErrorCode::InvalidRequest);
    options.dtype = "auto";
    options.outDir.clear();
    EXPECT_EQ(hb::makeRandomCheckpoint(options).error().code, hb::ErrorCode::InvalidRequest);
}

TEST(RandomCheckpoint, SameSeedSameBytesOtherSeedOtherBytes) {
    const std::string a = hbtest::tempDir("random_seed_a");
    const std::string b = hbtest::tempDir("random_seed_b");
    const std::string c = hbtest::tempDir("random_seed_c");
    ASSERT_TRUE(make(a, 5).ok());
    ASSERT_TRUE(make(b, 5).ok());
    ASSERT_TRUE(make(c, 6).ok());
    for (const char* file : {"ema.safetensors", "ae.safetensors", "llm_config.json", "bagel_config.json"}) {
        EXPECT_EQ(hbtest::readFile(a + "/" + file), hbtest::readFile(b + "/" + file)) << file;
    }
    EXPECT_NE(hbtest::readFile(a + "/ema.safetensors"), hbtest::readFile(c + "/ema.safetensors"));
    EXPECT_NE(hbtest::readFile(a + "/ae.safetensors"), hbtest::readFile(c + "/ae.safetensors"));
}

TEST(RandomCheckpoint, ChunksAreIndependentOfTheSplit) {
    const hb::TensorInit init = hb::initFor("connector.fc1.weight", {64, 32});
    const std::uint64_t key = hb::tensorStreamKey(3, "connector.fc1.weight");
    std::vector<float> whole(101);
    hb::generateValues(init, key, 0, whole.size(), whole.data());
    std::vector<float> parts(101);
    hb::generateValues(init, key, 0, 37, parts.data());
    hb::generateValues(init, key, 37, 64, parts.data() + 37);
    EXPECT_EQ(whole, parts);
}

TEST(RandomCheckpoint, TinyFollowsTheInitRules) {
    const std::string dir = hbtest::tempDir("random_init");
    auto summary = make(dir, 0);
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    EXPECT_EQ(summary->tensors, 111 + 176);
    EXPECT_EQ(summary->parameters, 759968 + 1271427);
    auto ema = hb::TensorStore::open(dir + "/ema.safetensors");
    ASSERT_TRUE(ema.ok());
    const hb::TensorStore& store = **ema;
    EXPECT_EQ(store.find("language_model.lm_head.weight")->dtype, hb::DType::F32); // tiny: auto = f32
    const Moments embed = moments(store, "language_model.model.embed_tokens.weight");
    EXPECT_NEAR(embed.mean, 0.0, 0.02);
    EXPECT_NEAR(embed.stddev, 1.0, 0.02);
    const Moments pos = moments(store, "vit_model.vision_model.embeddings.position_embedding.weight");
    EXPECT_NEAR(pos.stddev, 0.2, 0.004);
    const Moments linear = moments(store, "time_embedder.mlp.0.weight"); // fan_in 256
    EXPECT_NEAR(linear.stddev, 1.0 / 16.0, 0.003);
    const Moments norm = moments(store, "language_model.model.norm.weight");
    EXPECT_NEAR(norm.mean, 1.0, 0.05);
    if (hbtest::haveGolden()) {
        auto golden = hb::TensorStore::open(hbtest::goldenDir() + "/model/ema.safetensors");
        ASSERT_TRUE(golden.ok());
        for (const char* table : {"latent_pos_embed.pos_embed", "vit_pos_embed.pos_embed"}) {
            const hb::TensorView want = (*golden)->view(table);
            const hb::TensorView have = store.view(table);
            ASSERT_EQ(want.info->shape, have.info->shape) << table;
            double worst = 0;
            for (std::int64_t i = 0; i < want.info->numel(); ++i) {
                worst = std::max(worst, std::abs(want.at(i) - have.at(i)));
            }
            EXPECT_LT(worst, 1e-6) << table;
        }
    }
}

TEST(RandomCheckpoint, Bf16EmaKeepsF32VaeAndIsValid) {
    const std::string dir = hbtest::tempDir("random_bf16");
    ASSERT_TRUE(make(dir, 1, "bf16").ok());
    auto ema = hb::TensorStore::open(dir + "/ema.safetensors");
    auto ae = hb::TensorStore::open(dir + "/ae.safetensors");
    ASSERT_TRUE(ema.ok() && ae.ok());
    EXPECT_EQ((*ema)->find("vae2llm.weight")->dtype, hb::DType::BF16);
    EXPECT_EQ((*ae)->find("decoder.conv_out.weight")->dtype, hb::DType::F32);
    EXPECT_NE(hbtest::readFile(dir + "/llm_config.json").find("bfloat16"), std::string::npos);
    auto report = hb::inspectCheckpoint(dir);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->valid) << hb::formatReportText(*report);
}

TEST(RandomCheckpoint, ShardedOutputIsValid) {
    const std::string dir = hbtest::tempDir("random_sharded");
    ASSERT_TRUE(make(dir, 2, "f32").ok());
    // Re-running sharded into the same folder replaces the single file.
    auto summary = make(dir, 2, "f32", 600'000);
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    EXPECT_FALSE(fs::exists(dir + "/ema.safetensors"));
    ASSERT_TRUE(fs::exists(dir + "/ema.safetensors.index.json"));
    int shards = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("ema-", 0) == 0) {
            ++shards;
            // A shard stays under the limit unless it holds a single tensor larger than the limit.
            auto shard = hb::SafetensorsFile::open(entry.path().string());
            ASSERT_TRUE(shard.ok()) << name;
            if ((*shard)->tensors().size() > 1) {
                EXPECT_LE((*shard)->header().dataBytes, 600'000u) << name;
            }
        }
    }
    EXPECT_GE(shards, 3); // ~3 MB of f32 weights
    EXPECT_TRUE(fs::exists(dir + "/ema-00001-of-0000" + std::to_string(shards) + ".safetensors"));
    auto store = hb::TensorStore::open(dir + "/ema.safetensors.index.json");
    ASSERT_TRUE(store.ok()) << store.error().describe();
    EXPECT_EQ((*store)->size(), 111u);
    auto report = hb::inspectCheckpoint(dir);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->valid) << hb::formatReportText(*report);
    EXPECT_EQ(report->tensorCount, 287);
}

TEST(RandomCheckpoint, ProgressReachesTotal) {
    const std::string dir = hbtest::tempDir("random_progress");
    hb::RandomCheckpointOptions options;
    options.outDir = dir;
    std::uint64_t last = 0;
    std::uint64_t total = 0;
    int calls = 0;
    options.progress = [&](std::uint64_t done, std::uint64_t all) {
        EXPECT_GE(done, last);
        last = done;
        total = all;
        ++calls;
    };
    ASSERT_TRUE(hb::makeRandomCheckpoint(options).ok());
    EXPECT_GE(calls, 287); // at least once per tensor
    EXPECT_EQ(last, total);
    EXPECT_EQ(total, (759968u + 1271427u) * 4u);
}

TEST(RandomCheckpoint, CancelRemovesPartialFiles) {
    const std::string dir = hbtest::tempDir("random_cancel");
    std::atomic<bool> cancel{false};
    hb::RandomCheckpointOptions options;
    options.outDir = dir;
    options.cancel = &cancel;
    options.progress = [&](std::uint64_t done, std::uint64_t) {
        if (done > 100'000) {
            cancel = true;
        }
    };
    auto result = hb::makeRandomCheckpoint(options);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, hb::ErrorCode::Cancelled);
    EXPECT_TRUE(fs::is_empty(dir)) << "files left behind after cancelling";
}

// Slow-ish (a few seconds): streams ~250 MB and checks the process never held it in memory.
TEST(RandomCheckpoint, MemoryStaysBoundedWhileStreaming) {
    const std::string dir = hbtest::tempDir("random_rss");
    const long before = maxRssKiB();
    hb::RandomCheckpointOptions options;
    options.preset = "small";
    options.dtype = "f32";
    options.outDir = dir;
    auto summary = hb::makeRandomCheckpoint(options);
    ASSERT_TRUE(summary.ok()) << summary.error().describe();
    const long grownKiB = maxRssKiB() - before;
    EXPECT_GT(summary->bytes, 200'000'000u);
    EXPECT_LT(static_cast<std::uint64_t>(grownKiB) * 1024, summary->bytes / 8)
        << "max RSS grew by " << grownKiB << " KiB while writing " << summary->bytes << " bytes";
    fs::remove_all(dir);
}

} // namespace
