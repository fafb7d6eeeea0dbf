// Lossless speculative decoding on the bundled ShapeWorld model with its trained draft: 200 questions
// of the fixed VQA evaluation set (every question kind, each with its scene image), answered greedily
// in one process without and with the draft, must agree token for token, for a chain and for a
// dynamic tree. (The random-model counterpart is test_speculative.cpp.) Skips when the bundled
// folder has no draft yet.

#include <filesystem>

#include <gtest/gtest.h>

#include "hyperbagel/engine/draft.h"

namespace {

const std::string kModel = HB_BUNDLED_MODEL_DIR;

void expectIdentical(const std::string& plan) {
    hb::DraftBenchRequest request;
    request.modelDir = kModel;
    request.questions = 200;
    request.plan = plan;
    auto report = hb::benchmarkDraft(request);
    if (!report && report.error().code == hb::ErrorCode::Unsupported) {
        GTEST_SKIP() << "the bundled model has no draft: " << report.error().message;
    }
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->questions, 200);
    EXPECT_EQ(report->identical, 200) << plan << ": answers differ with the draft";
    EXPECT_GT(report->tokens, 200);
    EXPECT_GE(report->tau, 1.0);
}

TEST(SpeculativeBundled, ChainAnswersEqualPlainGreedy) {
    if (!std::filesystem::exists(std::filesystem::path(kModel) / "ema.safetensors")) {
        GTEST_SKIP() << "no bundled model in " << kModel;
    }
    expectIdentical("chain:4");
}

TEST(SpeculativeBundled, TreeAnswersEqualPlainGreedy) {
    if (!std::filesystem::exists(std::filesystem::path(kModel) / "ema.safetensors")) {
        GTEST_SKIP() << "no bundled model in " << kModel;
    }
    expectIdentical("tree:4,16,5");
}

} // namespace
