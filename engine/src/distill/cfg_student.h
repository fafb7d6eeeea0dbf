#pragma once
// The student of stage 1 (CFG distillation, docs/distillation.md): a trainable copy of the teacher's
// generation branch (every `*_moe_gen` tensor including `norm_moe_gen`, `time_embedder`, `vae2llm`,
// `llm2vae`) plus `text_guidance_embedder` and `image_guidance_embedder`, timestep-embedder shaped,
// whose outputs are added to the noisy latent tokens. The modules are registered under the tier
// file's names, so trainable() is exactly what loadDistilledTiers() reads back.
//
// The understanding expert is the teacher's: the student's copies share the teacher's storage and
// never require gradients, so it stays byte-identical. Contexts (prompt, source image) are prefilled
// by the teacher's original generation branch, as at inference (hyper-bagel.md §3.1): the student
// only denoises.
// Engine-internal. Thread safety: not thread-safe; use from the trainer's thread.

#include <memory>

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include "hyperbagel/engine/error.h"

#include "models/bagel/adapters.h"
#include "models/bagel/bagel_context.h"
#include "models/bagel/qwen2_mot.h"
#include "training/tensor_file.h"

namespace hb {

class BagelModel;

class CfgStudentImpl : public torch::nn::Module {
public:
    /// Copies the generation branch of `teacher` (the LLM's generation expert from memory, the
    /// adapters and the latent position table from the teacher folder's ema file, so the values are
    /// the ones the teacher runs with), shares its understanding expert, and zero-initialises the
    /// guidance embedders' output layers: at creation velocity() equals the teacher's conditional
    /// velocity. Fails with the ema file's load errors (FileNotFound, BadCheckpoint naming a tensor).
    static Result<std::shared_ptr<CfgStudentImpl>> fromTeacher(BagelModel& teacher);

    /// One denoising forward with gradients: the query block of x_t [h*w, c] at flow time t over the
    /// teacher-prefilled `context`, with the guidance scales fed to the embedders; the same
    /// computation as BagelModel::tierVelocity(). Returns the velocity [h*w, c]. `layerOutputs`, when
    /// given, receives every decoder layer's output over the latent rows ([h*w, hidden] each, markers
    /// dropped): the features the stages' discriminators read.
    at::Tensor velocity(BagelModel& teacher, const BagelContext& context, const at::Tensor& xt,
                        std::int64_t h, std::int64_t w, double t, double textScale, double imageScale,
                        std::vector<at::Tensor>* layerOutputs = nullptr);

    /// The trainable tensors by their tier-file names ("language_model.model.layers.0.mlp_moe_gen...",
    /// "time_embedder.mlp.0.weight", "text_guidance_embedder.mlp.2.bias", ...), in a fixed order.
    NamedTensors trainable() const;

    Qwen2MoTModel llm{nullptr};
    TimestepEmbedder timeEmbedder{nullptr};
    TimestepEmbedder textGuidance{nullptr};
    TimestepEmbedder imageGuidance{nullptr};
    torch::nn::Linear vae2llm{nullptr};
    torch::nn::Linear llm2vae{nullptr};
    PositionTable latentPos{nullptr}; ///< the teacher's table (a frozen buffer)

private:
    explicit CfgStudentImpl(const BagelConfig& config);
};

/// Names that belong to the generation branch a tier replaces: the LLM's `*_moe_gen` tensors and
/// the time embedder, vae2llm, llm2vae and guidance embedders (tier-file names).
bool isTierTensorName(const std::string& name);

} // namespace hb
