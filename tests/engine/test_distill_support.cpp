#include "test_distill_support.h"

#include <atomic>
#include <filesystem>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/engine/runtime.h"

#include "shapeworld_model_fixture.h"
#include "test_support.h"
#include "training/loss_log.h"
#include "training/tensor_file.h"

namespace hbtest {

const std::string& distillTeacherDir() {
    static const std::string dir = [] {
        hb::RuntimeOptions runtime;
        runtime.appName = "test-distill";
        runtime.logDir = (std::filesystem::path(HB_TEST_TMP) / "distill_logs").string();
        runtime.logToConsole = false;
        runtime.checkBlas = false;
        (void)hb::initRuntime(runtime); // threads from HB_THREADS when set
        return makeRandomShapeWorldModel("distill_teacher", 11);
    }();
    return dir;
}

hb::DistillCfgRequest tinyDistillRequest(const std::string& outName, std::int64_t steps) {
    hb::DistillCfgRequest r;
    r.teacherDir = distillTeacherDir();
    r.outDir = tempDir(outName);
    r.steps = steps;
    r.textToImageBatch = 1;
    r.editBatch = 1;
    r.peakLr = 1e-3;
    r.logEvery = 1;
    r.checkpointEvery = 1000;
    r.seed = 3;
    return r;
}

void stopThenResume(hb::DistillRequest& request, std::int64_t stopAt) {
    std::atomic<bool> stop{false};
    request.cancel = &stop;
    request.onProgress = [&](const hb::TrainingProgress& p) {
        if (p.step == stopAt) {
            stop.store(true);
        }
    };
    auto first = hb::distill(request);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_TRUE(first->stoppedEarly);
    EXPECT_EQ(first->steps, stopAt);

    stop.store(false);
    std::vector<std::string> messages;
    request.onProgress = [&](const hb::TrainingProgress& p) {
        if (!p.message.empty()) {
            messages.push_back(p.message);
        }
    };
    auto second = hb::distill(request);
    request.cancel = nullptr;
    request.onProgress = nullptr;
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_FALSE(second->stoppedEarly);
    EXPECT_EQ(second->steps, request.steps);
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.front(), "resuming at step " + std::to_string(stopAt));
}

std::vector<std::vector<double>> distillLossRows(const std::string& outDir, const std::string& stage,
                                                 const std::vector<std::string>& columns) {
    auto log = hb::LossLog::open((std::filesystem::path(outDir) / ("distill-" + stage) / "loss.csv").string(),
                                 columns, 1 << 30);
    EXPECT_TRUE(log.ok()) << log.error().message;
    return log.ok() ? log->rows() : std::vector<std::vector<double>>{};
}

void expectTeacherFilesCopied(const std::string& teacherDir, const std::string& outDir) {
    namespace fs = std::filesystem;
    for (const auto& entry : fs::directory_iterator(teacherDir)) {
        if (entry.is_regular_file() && entry.path().filename() != "hyperbagel.json") {
            const std::string name = entry.path().filename().string();
            ASSERT_TRUE(fs::exists(fs::path(outDir) / name)) << name;
            EXPECT_TRUE(readFile(entry.path().string()) == readFile((fs::path(outDir) / name).string()))
                << name << " differs from the teacher's";
        }
    }
}

void expectSameWeightFiles(const std::string& dirA, const std::string& dirB, const std::vector<std::string>& files) {
    for (const std::string& file : files) {
        auto a = hb::loadTensorFile((std::filesystem::path(dirA) / file).string());
        auto b = hb::loadTensorFile((std::filesystem::path(dirB) / file).string());
        ASSERT_TRUE(a.ok() && b.ok()) << file;
        ASSERT_EQ(a->size(), b->size()) << file;
        for (const auto& [name, t] : *a) {
            EXPECT_TRUE(at::equal(t, b->at(name))) << file << ": " << name;
        }
    }
}

} // namespace hbtest
