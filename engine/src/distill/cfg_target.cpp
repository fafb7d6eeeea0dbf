#include "distill/cfg_target.h"

#include <ATen/ATen.h>

#include "hyperbagel/engine/generation.h"

#include "models/bagel/bagel_model.h"

namespace hb {

CfgGuidance officialGuidance(TeacherTask task, double textScale, double imageScale) {
    // The public request defaults are the single source of the official settings.
    const GenerationRequest defaults =
        task == TeacherTask::Edit ? GenerationRequest::edit(Image{}, {}) : GenerationRequest::textToImage({});
    CfgGuidance g;
    g.scales.text = textScale;
    g.scales.image = imageScale;
    g.scales.renorm = renormTypeFromString(defaults.renorm).value_or(RenormType::Global);
    g.scales.renormMin = defaults.renormMin;
    g.intervalLow = defaults.cfgIntervalLow;
    g.intervalHigh = defaults.cfgIntervalHigh;
    return g;
}

GuidedVelocity teacherGuidedVelocity(BagelModel& teacher, const GuidanceContexts& contexts,
                                     const at::Tensor& xt, std::int64_t h, std::int64_t w, float t,
                                     const CfgGuidance& guidance) {
    const at::NoGradGuard noGrad;
    GuidedVelocity out;
    GuidanceScales scales = guidance.scales;
    if (!(static_cast<float>(guidance.intervalLow) < t && t <= static_cast<float>(guidance.intervalHigh))) {
        scales.text = 1.0; // outside the CFG interval the sampler runs the conditional branch only
        scales.image = 1.0;
    }
    const auto branch = [&](const BagelContext& context) {
        ++out.forwards;
        return teacher.velocity(context, xt, h, w, t).to(at::kFloat);
    };
    out.conditional = branch(contexts.gen);
    const at::Tensor textUncond = scales.text > 1.0 ? branch(contexts.cfgText) : at::Tensor();
    const at::Tensor imageUncond = scales.image > 1.0 ? branch(contexts.cfgImg) : at::Tensor();
    out.guided = combineGuidance(out.conditional, textUncond, imageUncond, scales);
    return out;
}

} // namespace hb
