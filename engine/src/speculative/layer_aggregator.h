#pragma once
// Hyper-Bagel's target-feature aggregation (hyper-bagel.md §2.1 a): per token, Q learnable meta-queries
// cross-attend over that token's hidden states from all L target layers (attention over the layer
// axis, not over the sequence); the Q outputs, each plus its residual target feature (EAGLE-3's low,
// mid and high layers), are flattened to Q*D. Engine-internal. Thread safety: engine thread.
//
// Tensors (below `draft.aggregator.`): meta_queries [Q, D], layer_embed [L, D], norm.weight [D],
// q_proj/k_proj/v_proj.weight [D, D], o_proj.weight [D, D] (zero at initialisation).

#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include "models/bagel/qwen2_mot.h"

namespace hb {

class LayerAggregatorImpl : public torch::nn::Module {
public:
    /// `featureLayers` (one per query) index the residual target layers.
    LayerAggregatorImpl(const LlmConfig& target, std::vector<std::int64_t> featureLayers);

    /// layerFeatures [n, L, D] (each token's outputs of the L target layers) -> [n, Q*D].
    at::Tensor forward(const at::Tensor& layerFeatures);
    /// The residual part alone, [n, Q*D]: the concatenated feature layers (EAGLE-3's fused input).
    at::Tensor residual(const at::Tensor& layerFeatures) const;

    at::Tensor metaQueries; ///< [Q, D]
    at::Tensor layerEmbed;  ///< [L, D], tells the keys which layer they come from
    RmsNorm norm{nullptr};  ///< pre-norm of the layer features (their scale grows with depth)
    torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};

private:
    std::int64_t m_heads;
    std::int64_t m_headDim;
    at::Tensor m_featureIndex; ///< int64 [Q]
};
TORCH_MODULE(LayerAggregator);

} // namespace hb
