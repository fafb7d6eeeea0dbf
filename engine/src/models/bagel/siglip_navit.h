#pragma once
// The SigLIP vision encoder in BAGEL's NaViT form (bagel-spec §4.3): patch vectors from
// patchifyVitImage() go through the stored Linear patch embedding plus the learned position table,
// then pre-LN encoder layers with attention confined to each image, then post_layernorm.
// Several images can be packed in one call (their token counts in `seqLens`): attention is
// block-diagonal, one dense softmax per image. Parameter names are the official ones under
// `vit_model.`: load with loadWeights(vit, store, "vit_model.", target).
// Trainable; inference callers wrap calls in c10::InferenceMode. Input errors throw c10::Error.
// Thread safety: not thread-safe; call from the engine thread.

#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include "models/bagel/bagel_config.h"
#include "models/bagel/module_parts.h"

namespace hb {

/// layer_norm1 -> self_attn (q/k/v/out_proj, full attention within each image) -> residual ->
/// layer_norm2 -> mlp (fc1, activation, fc2) -> residual.
class SiglipEncoderLayerImpl : public torch::nn::Module {
public:
    explicit SiglipEncoderLayerImpl(const VitConfig& config);
    /// x [N, hidden] holding images of `seqLens` tokens back to back.
    at::Tensor forward(const at::Tensor& x, const std::vector<std::int64_t>& seqLens) const;

private:
    at::Tensor attention(const at::Tensor& x, const std::vector<std::int64_t>& seqLens) const;

    std::int64_t m_heads;
    double m_eps;
    Activation m_activation;
    std::shared_ptr<NormParamsImpl> m_layerNorm1;
    std::shared_ptr<torch::nn::LinearImpl> m_qProj;
    std::shared_ptr<torch::nn::LinearImpl> m_kProj;
    std::shared_ptr<torch::nn::LinearImpl> m_vProj;
    std::shared_ptr<torch::nn::LinearImpl> m_outProj;
    std::shared_ptr<NormParamsImpl> m_layerNorm2;
    std::shared_ptr<torch::nn::LinearImpl> m_fc1;
    std::shared_ptr<torch::nn::LinearImpl> m_fc2;
};
TORCH_MODULE(SiglipEncoderLayer);

/// The hidden states a forward pass produces, for callers and parity tests.
struct VitOutputs {
    at::Tensor embeddings; ///< patch Linear + learned position embedding, [N, hidden]
    at::Tensor encoderOut; ///< after the last encoder layer, before post_layernorm
    at::Tensor out;        ///< after post_layernorm: what the connector consumes
};

class SiglipNavitImpl : public torch::nn::Module {
public:
    /// Builds config.numHiddenLayers layers (already the json value minus one) with random weights.
    /// The learned position table has config.positionGridSide()^2 rows (70x70 for image_size 980,
    /// patch 14); ids outside it are an error, never an out-of-range read.
    explicit SiglipNavitImpl(const VitConfig& config);

    const VitConfig& config() const { return m_config; }

    /// `patches` [N, p*p*C] (patchifyVitImage order), `positionIds` int64 [N] (vitPositionIds),
    /// `seqLens` the token count of each packed image (sum N; empty means one image of N tokens).
    /// Inputs are converted to the parameters' dtype and device. Returns the post-layernorm output.
    at::Tensor forward(const at::Tensor& patches, const at::Tensor& positionIds,
                       const std::vector<std::int64_t>& seqLens = {}) const;
    /// As forward(), also returning the embeddings and the pre-post-layernorm encoder output.
    VitOutputs forwardWithIntermediates(const at::Tensor& patches, const at::Tensor& positionIds,
                                        const std::vector<std::int64_t>& seqLens = {}) const;

private:
    VitConfig m_config;
    std::shared_ptr<torch::nn::LinearImpl> m_patchEmbedding;
    std::shared_ptr<EmbeddingParamsImpl> m_positionEmbedding;
    std::vector<std::shared_ptr<SiglipEncoderLayerImpl>> m_layers;
    std::shared_ptr<NormParamsImpl> m_postLayerNorm;
};
TORCH_MODULE(SiglipNavit);

} // namespace hb
