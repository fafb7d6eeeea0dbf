#include "test_distill_support.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "hyperbagel/engine/runtime.h"

#include "shapeworld_model_fixture.h"
#include "test_support.h"

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

} // namespace hbtest
