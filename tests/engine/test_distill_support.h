#pragma once
// Shared by the CFG-distillation tests: one random ShapeWorld teacher per test process (the real
// folder layout and sizes with untrained weights, so the guided and conditional velocities differ)
// and a request small enough for a test (one text-to-image and one edit example per step).

#include <cstdint>
#include <string>
#include <vector>

#include "hyperbagel/engine/distill.h"

namespace hbtest {

/// The teacher folder, written on first use (runtime initialised, threads from HB_THREADS).
const std::string& distillTeacherDir();

/// A distillCfg() request on the teacher into a fresh folder `outName`: 1 + 1 examples per step,
/// `steps` steps, a loss row every step, no intermediate checkpoint.
hb::DistillCfgRequest tinyDistillRequest(const std::string& outName, std::int64_t steps);

/// Runs `request` until its progress reports step `stopAt` (a cancel there: the run checkpoints and
/// reports stoppedEarly), then runs it again to the end and expects the second run to say it resumed
/// at that step. The request's cancel and onProgress are replaced.
void stopThenResume(hb::DistillRequest& request, std::int64_t stopAt);

/// The rows of outDir/distill-<stage>/loss.csv, whose header must be `columns`.
std::vector<std::vector<double>> distillLossRows(const std::string& outDir, const std::string& stage,
                                                 const std::vector<std::string>& columns);

/// Every file of the teacher folder but hyperbagel.json is in `outDir`, byte for byte (the
/// understanding branch and the teacher's own generation branch untouched).
void expectTeacherFilesCopied(const std::string& teacherDir, const std::string& outDir);

/// Every tensor of the weight files `files` (paths relative to the two folders) is bit-for-bit equal.
void expectSameWeightFiles(const std::string& dirA, const std::string& dirB, const std::vector<std::string>& files);

} // namespace hbtest
