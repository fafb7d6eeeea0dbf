#pragma once
// A plain Qwen2 decoder layer shaped like one expert of a BAGEL MoT layer (GQA attention with biases on
// q/k/v and QK-norm, SwiGLU MLP, RMSNorms): the draft's "Dec" layer and its drafting layers. Tensor
// names equal the understanding expert's inside `language_model.model.layers.N.`, so a target layer's
// understanding weights copy in by name. Engine-internal. Thread safety: engine thread.

#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include "models/attention.h"
#include "models/bagel/qwen2_mot.h"

namespace hb {

/// How a block of new rows attends. Every row always sees the whole cached past.
struct BlockAttention {
    SelfAttention mode = SelfAttention::Causal; ///< used when `mask` is undefined
    /// Optional explicit mask, bool [T, R + T]: the first R columns gate `earlier`, the rest the
    /// block's own rows (tree drafting: a node sees its ancestors and itself).
    at::Tensor mask;
    KvChunk earlier; ///< K/V [kvHeads, R, D] of earlier rows of a draft round, outside the cache
};

class DraftLayerImpl : public torch::nn::Module {
public:
    explicit DraftLayerImpl(const LlmConfig& config);

    /// x [T, hidden]; positions [T] int64; `past` this layer's cached chunks. Stores the block's own
    /// K/V (after k_norm and RoPE) in `kvOut`. Returns the layer output (residual stream).
    at::Tensor forward(const at::Tensor& x, const at::Tensor& positions, const std::vector<KvChunk>& past,
                       const BlockAttention& attention, LayerKv& kvOut);
    /// As above, with RoPE tables shared by every layer the block passes through.
    at::Tensor forward(const at::Tensor& x, PassRope& rope, const std::vector<KvChunk>& past,
                       const BlockAttention& attention, LayerKv& kvOut);

    /// Copies the understanding expert of a target MoT layer (every name this layer has).
    void copyFrom(Qwen2MoTLayerImpl& target);
    /// Zeroes the two projections that end a residual branch (o_proj, down_proj): the layer is then the
    /// identity on its input.
    void zeroOutputProjections();

    ExpertAttention attn;
    Qwen2Mlp mlp{nullptr};
    RmsNorm inputNorm{nullptr}, postNorm{nullptr};

private:
    LlmConfig m_config;
    std::int64_t m_headDim;
};
TORCH_MODULE(DraftLayer);

} // namespace hb
