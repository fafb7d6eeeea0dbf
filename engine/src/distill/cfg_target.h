#pragma once
// The training target of stage 1 (CFG distillation): the teacher's official guided velocity at one
// point (x_t, t), exactly what the Full tier's sampler computes at that step (bagel-spec §5.2-5.4):
// the conditional branch, the text-unconditional branch when the text scale is above 1 and the
// image-unconditional branch when the image scale is above 1, both only inside the CFG interval,
// combined with the request's renorm. The interval and renorm are the official defaults of the task
// (GenerationRequest::textToImage / edit), so the student learns what the app asks of the Full tier.
// Engine-internal. Thread safety: engine thread; reads the contexts, never writes them.

#include <cstdint>

#include <ATen/core/Tensor.h>

#include "demo/teacher_batch.h"
#include "generation/flow_sampler.h"

namespace hb {

class BagelModel;

/// Guidance of one example: the drawn scales with the task's official interval and renorm.
struct CfgGuidance {
    GuidanceScales scales;
    double intervalLow = 0.4; ///< guided when low < t <= high (in float32, as the sampler compares)
    double intervalHigh = 1.0;
};

/// The official settings of `task` (TextToImage or Edit) with the given scales.
CfgGuidance officialGuidance(TeacherTask task, double textScale, double imageScale);

struct GuidedVelocity {
    at::Tensor guided;      ///< the target [h*w, c] float32
    at::Tensor conditional; ///< the conditional branch alone (what the student starts from)
    int forwards = 0;       ///< teacher forwards spent (1 to 3)
};

/// The teacher's guided velocity of x_t [h*w, c] at flow time t over the three contexts. Runs without
/// gradients.
GuidedVelocity teacherGuidedVelocity(BagelModel& teacher, const GuidanceContexts& contexts,
                                     const at::Tensor& xt, std::int64_t h, std::int64_t w, float t,
                                     const CfgGuidance& guidance);

} // namespace hb
