#pragma once
// The rectified-flow Euler sampler of the official `generate_image` (bagel-spec §5.2) over the three
// CFG contexts (§5.3). Engine-internal. Thread safety: engine thread only.

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include <ATen/core/Tensor.h>

#include "generation/cfg_combine.h"
#include "models/bagel/bagel_context.h"

namespace hb {

class BagelModel;

/// t_i = linspace(1, 0, n) shifted by s*t / (1 + (s-1)*t), in float32 as upstream; returns the n
/// points (the last is 0). n >= 2.
std::vector<float> shiftedTimesteps(std::int64_t count, double shift);

/// The contexts of the three branches. cfgText and cfgImg may share segments with gen.
struct GuidanceContexts {
    BagelContext gen;
    BagelContext cfgText;
    BagelContext cfgImg;
};

struct SamplerSettings {
    std::vector<float> timesteps; ///< from shiftedTimesteps() or a tier's list; ends at 0
    GuidanceScales scales;
    double intervalLow = 0.4; ///< CFG is on when low < t <= high (shifted t)
    double intervalHigh = 1.0;
    const std::atomic<bool>* cancel = nullptr; ///< checked before every forward
};

/// What one step did, for callbacks and parity tests.
struct SamplerStep {
    int index = 0;
    float t = 0;
    at::Tensor x;        ///< x_t fed to the model [h*w, c] float32
    at::Tensor velocity; ///< guided v [h*w, c] float32
    int forwards = 0;    ///< LLM forwards this step (1 to 3)
};

struct SamplerResult {
    at::Tensor latent; ///< final x at t = 0, [h*w, c] float32
    int forwards = 0;  ///< total LLM forwards (NFE)
    bool cancelled = false;
};

/// Runs the sampler from `noise` [h*w, c] (float32). `onStep` (may be empty) runs after each step.
SamplerResult sampleFlow(BagelModel& model, const GuidanceContexts& contexts, std::int64_t h, std::int64_t w,
                         const at::Tensor& noise, const SamplerSettings& settings,
                         const std::function<void(const SamplerStep&)>& onStep);

} // namespace hb
