// Runtime start-up: thread count, the per-run log file, the BLAS check, idempotence.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "hyperbagel/engine/runtime.h"

namespace fs = std::filesystem;

TEST(Runtime, InitialisesOnceWithLogFileThreadsAndBlasFigures) {
    const fs::path logDir = fs::path(HB_TEST_TMP) / "runtime_logs";
    fs::remove_all(logDir);
    hb::RuntimeOptions options;
    options.appName = "test-runtime";
    options.logDir = logDir.string();
    options.threads = 2;
    auto info = hb::initRuntime(options);
    ASSERT_TRUE(info.ok()) << info.error().message;
    EXPECT_EQ(info->threads, 2);
    EXPECT_FALSE(info->torchVersion.empty());
    EXPECT_GT(info->matmulGflops, 0.0);
    ASSERT_FALSE(info->logFile.empty());
    EXPECT_EQ(fs::path(info->logFile).parent_path(), logDir);
    EXPECT_EQ(fs::path(info->logFile).filename().string().rfind("test-runtime-", 0), 0u);

    hb::logWarning("a line from the test");
    std::ifstream in(info->logFile);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("a line from the test"), std::string::npos); // warnings flush at once
    EXPECT_NE(text.str().find("runtime: libtorch"), std::string::npos);

    // A slow BLAS is reported with the fix; a fast one is not.
    if (info->slowBlas) {
        ASSERT_FALSE(info->warnings.empty());
        EXPECT_NE(info->warnings.back().find("libopenblas0-openmp"), std::string::npos);
    }
    options.threads = 1;
    auto again = hb::initRuntime(options);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->threads, 2) << "second call must return the first result";
    EXPECT_EQ(again->logFile, info->logFile);
}
