#pragma once
// The latent discriminator of the adversarial stages (TSCD, ADP; docs/distillation.md): DMDX's
// multi-head design on a diffusion backbone that is itself trained (hyper-bagel.md §3, Stage 2: "the
// discriminator's pretrained diffusion backbone is trainable, not frozen").
//
// Backbone: a CfgStudentImpl started from an earlier stage's tier (its whole generation branch
// trainable, the understanding branch shared with the frozen teacher). It runs the latent tokens at a
// noise time over the example's teacher-prefilled context, exactly as the generator's forward does.
// Heads: one per chosen decoder layer, reading that layer's output over the latent rows:
//   RMS-normalise each token's features (no weight), Linear(hidden -> max(32, hidden/4)), SiLU,
//   Linear(-> 1), then the mean over the tokens: one logit per head.
// The normalisation makes the heads see features of comparable scale at every depth (the residual
// stream grows with depth). The heads' output layer starts small (default init times 0.1, bias 0), not
// at zero: logits start near 0 so the hinge losses start balanced, while gradients still reach x and
// every head parameter at step 0 (a zero output layer would give the generator no signal on its first
// update and leave the heads' first layer without a gradient until the output layer moved).
// Random values: only the heads; they come from the global libtorch generator, so seed it
// (at::manual_seed) before create().
// Engine-internal. Thread safety: not thread-safe; use from the trainer's thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>

#include "hyperbagel/engine/error.h"

#include "training/tensor_file.h"

namespace hb {

class BagelContext;
class BagelModel;
class CfgStudentImpl;

class LatentDiscriminatorImpl : public torch::nn::Module {
public:
    /// Backbone: a CfgStudentImpl started from the tier file `tierPath` (studentFromTier), all of its
    /// generation branch trainable; heads read the decoder layers `depths` (0-based indices; empty:
    /// three depths spread over the layers, L/3-1, 2L/3-1, L-1, duplicates removed). Fails with the
    /// tier's load errors, InvalidRequest naming a depth outside [0, L).
    static Result<std::shared_ptr<LatentDiscriminatorImpl>> create(BagelModel& teacher, const std::string& tierPath,
                                                                   std::vector<int> depths = {});

    /// One logit per head, [heads] float32, for latent tokens x [h*w, c] at noise time t over the
    /// context, with the guidance scales fed to the backbone's embedders. Differentiable w.r.t. x and
    /// the parameters.
    at::Tensor forward(BagelModel& teacher, const BagelContext& context, const at::Tensor& x, std::int64_t h,
                       std::int64_t w, double t, double textScale, double imageScale);

    /// The backbone's trainable tensors ("backbone.<tier name>") then the heads' ("heads.<i>.fc1.weight",
    /// ...), in a fixed order with unique names. The backbone's final norm and llm2vae, and its layers
    /// after the deepest head, are listed but never receive a gradient (nothing reads them).
    NamedTensors trainable() const;

    const std::vector<int>& depths() const { return m_depths; }
    CfgStudentImpl& backbone() { return *m_backbone; }

    /// Default depths for an L-layer decoder.
    static std::vector<int> defaultDepths(int layers);

private:
    LatentDiscriminatorImpl() = default;

    std::shared_ptr<CfgStudentImpl> m_backbone;
    torch::nn::ModuleList m_headList{nullptr};
    std::vector<torch::nn::Sequential> m_heads;
    std::vector<int> m_depths;
};
TORCH_MODULE(LatentDiscriminator);

} // namespace hb
