#include "generation/flow_sampler.h"

#include <ATen/ATen.h>

#include "models/bagel/bagel_model.h"

namespace hb {

std::vector<float> shiftedTimesteps(std::int64_t count, double shift) {
    // Upstream: torch.linspace(1, 0, n) then shift * t / (1 + (shift - 1) * t), float32 tensors.
    const at::Tensor t = at::linspace(1.0, 0.0, count, at::kFloat);
    const at::Tensor shifted = shift * t / (1 + (shift - 1) * t);
    const at::Tensor contiguous = shifted.contiguous();
    return std::vector<float>(contiguous.data_ptr<float>(), contiguous.data_ptr<float>() + count);
}

SamplerResult sampleFlow(BagelModel& model, const GuidanceContexts& contexts, std::int64_t h, std::int64_t w,
                         const at::Tensor& noise, const SamplerSettings& settings,
                         const std::function<void(const SamplerStep&)>& onStep) {
    SamplerResult result;
    at::Tensor x = noise.to(at::kFloat);
    const std::size_t steps = settings.timesteps.empty() ? 0 : settings.timesteps.size() - 1;
    auto cancelled = [&] { return settings.cancel != nullptr && settings.cancel->load(); };
    for (std::size_t i = 0; i < steps; ++i) {
        const float t = settings.timesteps[i];
        const float dt = settings.timesteps[i] - settings.timesteps[i + 1];
        // Upstream compares a float32 tensor with Python floats, i.e. in float32.
        const bool guided =
            static_cast<float>(settings.intervalLow) < t && t <= static_cast<float>(settings.intervalHigh);
        GuidanceScales scales = settings.scales;
        if (!guided) {
            scales.text = 1.0;
            scales.image = 1.0;
        }
        SamplerStep step{static_cast<int>(i), t, x, {}, 0};
        // One branch's forward; undefined when the cancel token fired before it.
        const auto branch = [&](const BagelContext& context) {
            if (cancelled()) {
                result.cancelled = true;
                return at::Tensor();
            }
            ++step.forwards;
            ++result.forwards;
            return model.velocity(context, x, h, w, t).to(at::kFloat);
        };
        const at::Tensor cond = branch(contexts.gen);
        const at::Tensor textUncond =
            !result.cancelled && scales.text > 1.0 ? branch(contexts.cfgText) : at::Tensor();
        const at::Tensor imageUncond =
            !result.cancelled && scales.image > 1.0 ? branch(contexts.cfgImg) : at::Tensor();
        if (result.cancelled) {
            return result;
        }
        step.velocity = combineGuidance(cond, textUncond, imageUncond, scales);
        x = x - step.velocity * static_cast<double>(dt);
        if (onStep) {
            onStep(step);
        }
    }
    result.latent = x;
    return result;
}

} // namespace hb
