#include "models/bagel/siglip_navit.h"

#include <cmath>
#include <numeric>
#include <string>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/nn/modules/container/modulelist.h>

namespace hb {
namespace {

std::shared_ptr<torch::nn::LinearImpl> addLinear(torch::nn::Module& parent, const std::string& name,
                                                 std::int64_t in, std::int64_t out) {
    return parent.register_module(name, torch::nn::Linear(in, out));
}

} // namespace

SiglipEncoderLayerImpl::SiglipEncoderLayerImpl(const VitConfig& config)
    : m_heads(config.numAttentionHeads), m_eps(config.layerNormEps),
      m_activation(activationFromName(config.hiddenAct, "vit_config.json hidden_act")) {
    const std::int64_t hidden = config.hiddenSize;
    TORCH_CHECK(m_heads > 0 && hidden % m_heads == 0, "SiglipNavitImpl: hidden_size ", hidden,
                " is not divisible by num_attention_heads ", m_heads);
    m_layerNorm1 = register_module("layer_norm1", std::make_shared<NormParamsImpl>(hidden));
    auto selfAttn = register_module("self_attn", std::make_shared<torch::nn::Module>());
    m_qProj = addLinear(*selfAttn, "q_proj", hidden, hidden);
    m_kProj = addLinear(*selfAttn, "k_proj", hidden, hidden);
    m_vProj = addLinear(*selfAttn, "v_proj", hidden, hidden);
    m_outProj = addLinear(*selfAttn, "out_proj", hidden, hidden);
    m_layerNorm2 = register_module("layer_norm2", std::make_shared<NormParamsImpl>(hidden));
    auto mlp = register_module("mlp", std::make_shared<torch::nn::Module>());
    m_fc1 = addLinear(*mlp, "fc1", hidden, config.intermediateSize);
    m_fc2 = addLinear(*mlp, "fc2", config.intermediateSize, hidden);
}

at::Tensor SiglipEncoderLayerImpl::attention(const at::Tensor& x,
                                             const std::vector<std::int64_t>& seqLens) const {
    const std::int64_t tokens = x.size(0);
    const std::int64_t headDim = x.size(1) / m_heads;
    const at::Tensor q = m_qProj->forward(x).view({tokens, m_heads, headDim});
    const at::Tensor k = m_kProj->forward(x).view({tokens, m_heads, headDim});
    const at::Tensor v = m_vProj->forward(x).view({tokens, m_heads, headDim});
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    std::vector<at::Tensor> images;
    std::int64_t start = 0;
    for (const std::int64_t len : seqLens) {
        // [len, heads, d] -> [heads, len, d]; each image attends only to itself.
        auto slice = [&](const at::Tensor& t) { return t.narrow(0, start, len).transpose(0, 1); };
        const at::Tensor o = denseAttention(slice(q), slice(k), slice(v), scale);
        images.push_back(o.transpose(0, 1).reshape({len, m_heads * headDim}));
        start += len;
    }
    return m_outProj->forward(images.size() == 1 ? images.front() : at::cat(images, 0));
}

at::Tensor SiglipEncoderLayerImpl::forward(const at::Tensor& x,
                                           const std::vector<std::int64_t>& seqLens) const {
    const at::Tensor h = x + attention(m_layerNorm1->layerNorm(x, m_eps), seqLens);
    return h + m_fc2->forward(activate(m_fc1->forward(m_layerNorm2->layerNorm(h, m_eps)), m_activation));
}

SiglipNavitImpl::SiglipNavitImpl(const VitConfig& config) : m_config(config) {
    TORCH_CHECK(config.patchSize > 0 && config.positionGridSide() > 0,
                "SiglipNavitImpl: image_size and patch_size must be positive");
    auto visionModel = register_module("vision_model", std::make_shared<torch::nn::Module>());
    auto embeddings = visionModel->register_module("embeddings", std::make_shared<torch::nn::Module>());
    m_patchEmbedding = addLinear(*embeddings, "patch_embedding", config.patchDim(), config.hiddenSize);
    const std::int64_t side = config.positionGridSide();
    m_positionEmbedding = embeddings->register_module(
        "position_embedding", std::make_shared<EmbeddingParamsImpl>(side * side, config.hiddenSize,
                                                                    "vit_model position_embedding"));
    auto encoder = visionModel->register_module("encoder", std::make_shared<torch::nn::Module>());
    auto layers = encoder->register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < config.numHiddenLayers; ++i) {
        m_layers.push_back(std::make_shared<SiglipEncoderLayerImpl>(config));
        layers->push_back(m_layers.back());
    }
    m_postLayerNorm =
        visionModel->register_module("post_layernorm", std::make_shared<NormParamsImpl>(config.hiddenSize));
}

VitOutputs SiglipNavitImpl::forwardWithIntermediates(const at::Tensor& patches, const at::Tensor& positionIds,
                                                     const std::vector<std::int64_t>& seqLens) const {
    TORCH_CHECK(patches.dim() == 2 && patches.size(1) == m_config.patchDim(),
                "SiglipNavitImpl: expected patches [N, ", m_config.patchDim(), "], got ", patches.sizes());
    const std::int64_t tokens = patches.size(0);
    TORCH_CHECK(positionIds.dim() == 1 && positionIds.size(0) == tokens, "SiglipNavitImpl: ", tokens,
                " patches need as many position ids, got ", positionIds.sizes());
    std::vector<std::int64_t> lens = seqLens.empty() ? std::vector<std::int64_t>{tokens} : seqLens;
    const std::int64_t total = std::accumulate(lens.begin(), lens.end(), std::int64_t{0});
    TORCH_CHECK(total == tokens, "SiglipNavitImpl: image token counts sum to ", total, " but ", tokens,
                " patches were given");
    for (const std::int64_t len : lens) {
        TORCH_CHECK(len > 0, "SiglipNavitImpl: an image has no tokens");
    }
    const at::Tensor& weight = m_patchEmbedding->weight;
    VitOutputs out;
    out.embeddings = m_patchEmbedding->forward(patches.to(weight.device(), weight.scalar_type())) +
                     m_positionEmbedding->lookup(positionIds);
    at::Tensor h = out.embeddings;
    for (const auto& layer : m_layers) {
        h = layer->forward(h, lens);
    }
    out.encoderOut = h;
    out.out = m_postLayerNorm->layerNorm(h, m_config.layerNormEps);
    return out;
}

at::Tensor SiglipNavitImpl::forward(const at::Tensor& patches, const at::Tensor& positionIds,
                                    const std::vector<std::int64_t>& seqLens) const {
    return forwardWithIntermediates(patches, positionIds, seqLens).out;
}

} // namespace hb
