#pragma once
// The Qwen2 mixture-of-transformers decoder of BAGEL (bagel-spec §2): every layer holds an
// understanding expert (plain names) and a generation expert (`*_moe_gen`); both share one
// self-attention over a packed sequence. Tokens are routed per token: text, ViT tokens and image
// markers to the understanding expert, VAE latents (clean or noisy) to the generation expert.
// Module names equal the official ones below `language_model.`, so loadWeights() fills it directly.
// Engine-internal. Thread safety: forward() reads weights only; run it on the engine thread.

#include <array>
#include <functional>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include "models/attention.h"
#include "models/rope.h"
#include "models/bagel/bagel_config.h"

namespace hb {

/// Qwen2RMSNorm: float32 normalisation, cast back to the input dtype, times `weight`.
class RmsNormImpl : public torch::nn::Module {
public:
    RmsNormImpl(std::int64_t dim, double eps);
    at::Tensor forward(const at::Tensor& x) const;
    at::Tensor weight;

private:
    double m_eps;
};
TORCH_MODULE(RmsNorm);

/// One expert's attention projections and norms (names as in the official `self_attn`).
struct ExpertAttention {
    torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr};
    RmsNorm qNorm{nullptr}, kNorm{nullptr};
};

class Qwen2MlpImpl : public torch::nn::Module {
public:
    Qwen2MlpImpl(std::int64_t hidden, std::int64_t intermediate);
    at::Tensor forward(const at::Tensor& x);
    torch::nn::Linear gate{nullptr}, up{nullptr}, down{nullptr};
};
TORCH_MODULE(Qwen2Mlp);

/// Which rows of the packed sequence each expert owns. Empty `gen` means all rows are understanding.
struct ExpertRouting {
    at::Tensor und; ///< int64 indices, or undefined when every row is understanding
    at::Tensor gen; ///< int64 indices, or undefined when no row is generation
    bool allGen() const { return !und.defined() && gen.defined(); }
    bool hasGen() const { return gen.defined(); }
};

/// Keys and values a layer produced for the new rows: [kvHeads, T, headDim] each.
struct LayerKv {
    at::Tensor key;
    at::Tensor value;
};

/// A training batch: B sequences of equal padded length T, flattened to B*T rows, each with its own
/// attention mask (the official packed training forward, bagel-spec §2.5, with padding instead of
/// varlen packing).
struct PackedBatch {
    std::int64_t batch = 0;
    std::int64_t length = 0;
    at::Tensor allowed; ///< bool [B, T, T]: query row q of sequence b may attend to key k
};

class Qwen2MoTLayerImpl : public torch::nn::Module {
public:
    explicit Qwen2MoTLayerImpl(const LlmConfig& config);

    /// Training forward: x [B*T, hidden], positions [B*T], dense attention under `packed.allowed`.
    at::Tensor forwardPacked(const at::Tensor& x, PassRope& rope, const ExpertRouting& routing,
                             const PackedBatch& packed);

    /// x [T, hidden]; positions [T] int64; `past` chunks of this layer's cached KV.
    /// Returns the layer output; stores this block's K/V (after k_norm and RoPE) in `kvOut`.
    at::Tensor forward(const at::Tensor& x, const at::Tensor& positions, const ExpertRouting& routing,
                       const std::vector<KvChunk>& past, SelfAttention mode, LayerKv& kvOut);
    /// As above, with the pass's RoPE tables shared across layers.
    at::Tensor forward(const at::Tensor& x, PassRope& rope, const ExpertRouting& routing,
                       const std::vector<KvChunk>& past, SelfAttention mode, LayerKv& kvOut);

    /// As forward(), but the block attends to itself under `selfMask` (bool [T, T], true = may
    /// attend) while seeing the whole cache: tree verification in speculative decoding.
    at::Tensor forwardMasked(const at::Tensor& x, PassRope& rope, const ExpertRouting& routing,
                             const std::vector<KvChunk>& past, const at::Tensor& selfMask, LayerKv& kvOut);

private:
    /// q [T, heads, D] and k, v [T, kvHeads, D] after QK-norm and RoPE, in the activation dtype.
    std::array<at::Tensor, 3> projectQkv(const at::Tensor& normed, PassRope& rope, const ExpertRouting& routing);

    LlmConfig m_config;
    std::int64_t m_headDim;
    ExpertAttention m_und, m_gen;
    RmsNorm m_inputNorm{nullptr}, m_inputNormGen{nullptr};
    RmsNorm m_postNorm{nullptr}, m_postNormGen{nullptr};
    Qwen2Mlp m_mlp{nullptr}, m_mlpGen{nullptr};
};
TORCH_MODULE(Qwen2MoTLayer);

/// Per-forward options of the whole decoder.
struct DecoderPass {
    at::Tensor embeddings; ///< [T, hidden] packed input rows
    at::Tensor positions;  ///< [T] int64 RoPE positions
    ExpertRouting routing;
    SelfAttention mode = SelfAttention::Causal;
};

/// `language_model.model.*` plus `language_model.lm_head`.
class Qwen2MoTModelImpl : public torch::nn::Module {
public:
    explicit Qwen2MoTModelImpl(const LlmConfig& config);

    /// Runs every layer. `past[layer]` are the cached chunks of each layer. Fills `kvOut[layer]`.
    /// Returns the final hidden states: `norm` for understanding rows, `norm_moe_gen` for generation
    /// rows. `layerOutputs`, when given, receives each layer's output (the residual stream).
    at::Tensor forward(const DecoderPass& pass, const std::vector<std::vector<KvChunk>>& past,
                       std::vector<LayerKv>& kvOut, std::vector<at::Tensor>* layerOutputs = nullptr);

    /// As forward(), with an explicit mask of the new block against itself (bool [T, T], true = may
    /// attend; see attendWithMask) instead of `pass.mode`. Speculative decoding verifies a draft tree
    /// with it: each node sees the cache, its ancestors and itself.
    at::Tensor forwardMasked(const DecoderPass& pass, const at::Tensor& selfMask,
                             const std::vector<std::vector<KvChunk>>& past, std::vector<LayerKv>& kvOut,
                             std::vector<at::Tensor>* layerOutputs = nullptr);

    /// Training forward over a padded batch (see PackedBatch); returns the final hidden states.
    at::Tensor forwardPacked(const at::Tensor& embeddings, const at::Tensor& positions,
                             const ExpertRouting& routing, const PackedBatch& packed);

    at::Tensor embed(const at::Tensor& tokenIds);
    at::Tensor logits(const at::Tensor& finalHidden);
    const LlmConfig& config() const { return m_config; }

    torch::nn::Embedding embedTokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RmsNorm norm{nullptr}, normGen{nullptr};
    torch::nn::Linear lmHead{nullptr};

private:
    LlmConfig m_config;
};
TORCH_MODULE(Qwen2MoTModel);

/// Applies `und` to the understanding rows and `gen` to the generation rows of x.
at::Tensor routeRows(const at::Tensor& x, const ExpertRouting& routing,
                     const std::function<at::Tensor(const at::Tensor&)>& und,
                     const std::function<at::Tensor(const at::Tensor&)>& gen);

} // namespace hb
