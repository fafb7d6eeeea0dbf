#include "speculative/layer_aggregator.h"

#include <cmath>

#include <ATen/ATen.h>

namespace hb {

LayerAggregatorImpl::LayerAggregatorImpl(const LlmConfig& target, std::vector<std::int64_t> featureLayers)
    : m_heads(target.numAttentionHeads), m_headDim(target.headDim()) {
    const std::int64_t d = target.hiddenSize;
    const auto queries = static_cast<std::int64_t>(featureLayers.size());
    metaQueries = register_parameter("meta_queries", at::randn({queries, d}) * 0.02);
    layerEmbed = register_parameter("layer_embed", at::randn({target.numHiddenLayers, d}) * 0.02);
    norm = register_module("norm", RmsNorm(d, target.rmsNormEps));
    const auto linear = [](std::int64_t in, std::int64_t out) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
    };
    const std::int64_t inner = m_heads * m_headDim;
    q = register_module("q_proj", linear(d, inner));
    k = register_module("k_proj", linear(d, inner));
    v = register_module("v_proj", linear(d, inner));
    o = register_module("o_proj", linear(inner, d));
    {
        const at::NoGradGuard noGrad;
        o->weight.zero_();
    }
    m_featureIndex = at::tensor(featureLayers, at::kLong);
}

at::Tensor LayerAggregatorImpl::residual(const at::Tensor& layerFeatures) const {
    const at::Tensor index = m_featureIndex.to(layerFeatures.device());
    return layerFeatures.index_select(1, index).flatten(1); // [n, Q*D]
}

at::Tensor LayerAggregatorImpl::forward(const at::Tensor& layerFeatures) {
    const std::int64_t n = layerFeatures.size(0);
    const std::int64_t layers = layerFeatures.size(1);
    const std::int64_t queries = metaQueries.size(0);
    TORCH_CHECK(layers == layerEmbed.size(0), "draft aggregator: ", layers, " layer features for a ",
                layerEmbed.size(0), "-layer target");
    const at::Tensor keysIn = norm(layerFeatures) + layerEmbed.to(layerFeatures.scalar_type());
    // [Q, heads, hd] shared by every token; [n, L, heads, hd] per token.
    const at::Tensor qh = q(metaQueries.to(layerFeatures.scalar_type())).view({queries, m_heads, m_headDim});
    const at::Tensor kh = k(keysIn).view({n, layers, m_heads, m_headDim});
    const at::Tensor vh = v(keysIn).view({n, layers, m_heads, m_headDim});
    const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));
    // scores [n, heads, Q, L]: attention over the layer axis of each token, softmax in float32.
    const at::Tensor scores = at::einsum("qhd,nlhd->nhql", {qh, kh}) * scale;
    const at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(vh.scalar_type());
    const at::Tensor attended =
        at::einsum("nhql,nlhd->nqhd", {probs, vh}).reshape({n, queries, m_heads * m_headDim});
    return (o(attended).flatten(1) + residual(layerFeatures));
}

} // namespace hb
