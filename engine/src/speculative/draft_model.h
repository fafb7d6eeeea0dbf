#pragma once
// The Hyper-Bagel draft model (hyper-bagel.md §2.1; docs/speculative-decoding.md has every choice):
//
//   per target position i:  F_c = LayerAggregator(h_i^{0..L-1})           [Q*D]  (meta-query CA +
//   [low;mid;high])
//                            F_in = Dec(fc1(F_c))                             [D]    (one Qwen2 layer, own KV
//                            cache)
//   per drafted row j:       x_j = fc2([feature_j ; embed(token_j)])         [D]
//                            h_j = layers[N-1](...layers[0](x_j))            (copies of the target's last N
//                            layers) logits_j = lm_head(norm(h_j))                   (copies of the target's
//                            head)
//   feature_j is F_in of the previous target position, or, further down a draft, the parent row's h.
//
// Zero at initialisation: aggregator.o_proj, fc1, dec.self_attn.o_proj, dec.mlp.down_proj, fc2. Tensor names
// (all below `draft.`): aggregator.*, fc1.weight [D, Q*D], dec.* (Qwen2 layer names), fc2.weight [D, 2D],
// layers.N.*, norm.weight, lm_head.weight [V, D]. The token embedding is the target's (shared, frozen).
// Engine-internal. Thread safety: forward functions read weights only; engine thread.

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>

#include "speculative/draft_config.h"
#include "speculative/draft_layer.h"
#include "speculative/layer_aggregator.h"

namespace hb {

class DraftModelImpl : public torch::nn::Module {
public:
    /// Random weights (libtorch defaults; meta-queries and layer embeddings N(0, 0.02^2)), with the five
    /// zero-initialised projections zeroed. `config` must validate against `target`.
    DraftModelImpl(const LlmConfig& target, const DraftConfig& config);

    /// Copies the target's last N layers (understanding expert), final norm and LM head into the
    /// drafting layers, norm and head: the paper's initialisation from the target.
    void initFromTarget(Qwen2MoTModelImpl& target);

    /// [n, L, D] target layer outputs -> F_c [n, Q*D] -> fc1 -> [n, D] (the input of Dec).
    at::Tensor reduceFeatures(const at::Tensor& layerFeatures);
    /// fc2([feature ; token embedding]): [n, D] x2 -> [n, D], the input of the drafting layers.
    at::Tensor fuse(const at::Tensor& feature, const at::Tensor& tokenEmbedding);
    /// lm_head(norm(h)) in float32.
    at::Tensor logits(const at::Tensor& hidden);

    const DraftConfig& config() const { return m_config; }
    const LlmConfig& targetConfig() const { return m_target; }

    LayerAggregator aggregator{nullptr};
    torch::nn::Linear fc1{nullptr};
    DraftLayer dec{nullptr};
    torch::nn::Linear fc2{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RmsNorm norm{nullptr};
    torch::nn::Linear lmHead{nullptr};

    DraftLayerImpl& layer(std::size_t i) { return *layers->ptr<DraftLayerImpl>(i); }

private:
    LlmConfig m_target;
    DraftConfig m_config;
};
TORCH_MODULE(DraftModel);

} // namespace hb
