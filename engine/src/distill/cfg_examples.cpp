#include "distill/cfg_examples.h"

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"
#include "generation/guidance_contexts.h"
#include "generation/noise.h"
#include "image/image_ops.h"
#include "models/bagel/bagel_model.h"
#include "models/bagel/latent_layout.h"
#include "shapeworld/rng.h"

namespace hb {
namespace {

// Mixed into the run seed so the distillation's stream differs from the teacher's own draws.
constexpr std::uint64_t kStreamTag = 0xC1F6D15711ULL;

struct EncodedImage {
    at::Tensor tokens; ///< [h*w, c] latent tokens (posterior mean)
    InferencerImage prepared;
    std::int64_t h = 0;
    std::int64_t w = 0;
};

// The inferencer's preparation (VAE resize rule, ViT transform), then the posterior mean.
EncodedImage encodeImage(BagelModel& teacher, const Image& image) {
    const BagelConfig& c = teacher.config();
    const std::int64_t px = c.vae.downsample * c.latentPatchSize;
    EncodedImage out;
    out.prepared = teacher.prepareImage(image);
    const at::Tensor pixels = normalizeU8(out.prepared.vaeSized).unsqueeze(0).to(teacher.target().device);
    out.tokens = patchifyLatent(teacher.vae().encodeMean(pixels), c.latentPatchSize).to(at::kFloat);
    out.h = out.prepared.vaeSized.size(0) / px;
    out.w = out.prepared.vaeSized.size(1) / px;
    return out;
}

} // namespace

std::vector<CfgExample> drawCfgExamples(const CfgDrawOptions& o, std::int64_t step,
                                        const Tokenizer& tokenizer) {
    const std::uint64_t dataSeed = splitmix64(o.seed ^ kStreamTag);
    const std::uint64_t stepKey = splitmix64(dataSeed + static_cast<std::uint64_t>(step));
    std::vector<CfgExample> examples;
    const std::pair<TeacherTask, std::int64_t> tasks[] = {{TeacherTask::TextToImage, o.textToImage},
                                                          {TeacherTask::Edit, o.edit}};
    for (const auto& [task, count] : tasks) {
        for (std::int64_t i = 0; i < count; ++i) {
            CfgExample e;
            const auto index = static_cast<std::uint64_t>(step * count + i);
            e.sample = makeTeacherSample(dataSeed, task, index, tokenizer, ConditionDropout{0.0, 0.0});
            shapeworld::Rng rng(splitmix64(stepKey + static_cast<std::uint64_t>(task) * 0x10000ULL +
                                           static_cast<std::uint64_t>(i)));
            // u in (0, 1], so t = 1 (the sampler's first step) can be drawn and t = 0 cannot.
            const double u = 1.0 - rng.uniform01();
            e.t = static_cast<float>(o.shift * u / (1.0 + (o.shift - 1.0) * u));
            e.textScale = rng.uniform(o.textScaleMin, o.textScaleMax);
            const bool edit = e.sample.task == TeacherTask::Edit;
            e.imageScale = edit ? rng.uniform(o.imageScaleMin, o.imageScaleMax) : 1.0;
            e.noiseSeed = rng.next();
            examples.push_back(std::move(e));
        }
    }
    return examples;
}

CfgExampleInputs encodeCfgExample(BagelModel& teacher, const CfgExample& example) {
    const at::NoGradGuard noGrad;
    GuidanceContextBuilder builder(teacher);
    if (example.sample.task == TeacherTask::Edit) {
        const EncodedImage source = encodeImage(teacher, example.sample.source);
        builder.addImage(source.tokens, source.h, source.w, source.prepared.vitPixels);
    }
    builder.addText(teacher.frameText(example.sample.prompt));
    const EncodedImage target = encodeImage(teacher, example.sample.target);
    return CfgExampleInputs{std::move(builder.contexts()), target.tokens, target.h, target.w};
}

at::Tensor noisyLatent(const CfgExample& example, const at::Tensor& x0) {
    const at::Tensor eps = seededNormal(example.noiseSeed, "cfg-distill-noise", x0.sizes()).to(x0.device());
    const double t = static_cast<double>(example.t);
    return (1.0 - t) * x0 + t * eps;
}

PreparedCfgExample prepareCfgExample(BagelModel& teacher, const CfgExample& example) {
    CfgExampleInputs inputs = encodeCfgExample(teacher, example);
    PreparedCfgExample p;
    p.task = example.sample.task;
    p.xt = noisyLatent(example, inputs.x0);
    p.h = inputs.h;
    p.w = inputs.w;
    p.t = example.t;
    p.textScale = example.textScale;
    p.imageScale = example.imageScale;
    const GuidedVelocity v = teacherGuidedVelocity(teacher, inputs.contexts, p.xt, p.h, p.w, p.t,
                                                   officialGuidance(p.task, p.textScale, p.imageScale));
    p.target = v.guided;
    p.conditional = v.conditional;
    p.context = std::move(inputs.contexts.gen);
    return p;
}

} // namespace hb
