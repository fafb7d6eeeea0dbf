#pragma once
// Shared by the CFG-distillation tests: one random ShapeWorld teacher per test process (the real
// folder layout and sizes with untrained weights, so the guided and conditional velocities differ)
// and a request small enough for a test (one text-to-image and one edit example per step).

#include <string>

#include "hyperbagel/engine/distill.h"

namespace hbtest {

/// The teacher folder, written on first use (runtime initialised, threads from HB_THREADS).
const std::string& distillTeacherDir();

/// A distillCfg() request on the teacher into a fresh folder `outName`: 1 + 1 examples per step,
/// `steps` steps, a loss row every step, no intermediate checkpoint.
hb::DistillCfgRequest tinyDistillRequest(const std::string& outName, std::int64_t steps);

} // namespace hbtest
