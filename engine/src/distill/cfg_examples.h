#pragma once
// The examples of stage 1 (CFG distillation): ShapeWorld text-to-image and edit samples of the
// training split, built by the teacher's own sample builder (makeTeacherSample, nothing dropped: the
// unconditional branches come from the CFG contexts instead), each with a flow time from the shifted
// schedule, guidance scales and a noise seed. Every choice is a pure function of (seed, step, slot),
// so a resumed run draws exactly the examples it would have drawn.
// Preparing an example is the teacher's work, without gradients: encode the images (posterior mean,
// as the teacher was trained), prefill the three CFG contexts as the inferencer does, noise the
// target latent, and compute the guided velocity (cfg_target.h).
// Engine-internal. Thread safety: engine thread.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/tokenizer.h"

#include "demo/teacher_batch.h"
#include "distill/cfg_target.h"
#include "generation/flow_sampler.h"

namespace hb {

class BagelModel;

struct CfgDrawOptions {
    std::int64_t textToImage = 8; ///< examples per step
    std::int64_t edit = 8;
    double shift = 3.0; ///< t = shift*u / (1 + (shift-1)*u), u uniform in (0, 1]
    double textScaleMin = 1.0;
    double textScaleMax = 5.0;
    double imageScaleMin = 1.0; ///< edits only; text-to-image feeds 1 (its image branch is off)
    double imageScaleMax = 2.5;
    std::uint64_t seed = 1;
};

struct CfgExample {
    TeacherSample sample; ///< TextToImage or Edit
    float t = 1.0f;       ///< flow time (float32, as the sampler's timesteps)
    double textScale = 1.0;
    double imageScale = 1.0;
    std::uint64_t noiseSeed = 0; ///< seededNormal() key of the noise eps
};

/// The examples of optimizer step `step`: options.textToImage text-to-image ones, then the edits.
std::vector<CfgExample> drawCfgExamples(const CfgDrawOptions& options, std::int64_t step,
                                        const Tokenizer& tokenizer);

/// The teacher-side inputs of an example: its CFG contexts and clean target latent.
struct CfgExampleInputs {
    GuidanceContexts contexts;
    at::Tensor x0; ///< [h*w, c] float32 latent tokens of the target image
    std::int64_t h = 0;
    std::int64_t w = 0;
};

/// Encodes the example's images and prefills its contexts with the teacher (no gradients).
CfgExampleInputs encodeCfgExample(BagelModel& teacher, const CfgExample& example);

/// x_t = (1 - t) x0 + t eps with the example's noise.
at::Tensor noisyLatent(const CfgExample& example, const at::Tensor& x0);

/// An example ready for the student: the context it denoises over and the teacher's velocities.
struct PreparedCfgExample {
    TeacherTask task = TeacherTask::TextToImage;
    BagelContext context;   ///< the full-condition context (the student sees no other)
    at::Tensor xt;          ///< [h*w, c] float32
    at::Tensor target;      ///< the teacher's guided velocity
    at::Tensor conditional; ///< the teacher's conditional velocity
    std::int64_t h = 0;
    std::int64_t w = 0;
    float t = 1.0f;
    double textScale = 1.0;
    double imageScale = 1.0;
};

PreparedCfgExample prepareCfgExample(BagelModel& teacher, const CfgExample& example);

} // namespace hb
