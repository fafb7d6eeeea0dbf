#include "speculative/draft_layer.h"

#include <ATen/ATen.h>

#include "models/rope.h"

namespace hb {

DraftLayerImpl::DraftLayerImpl(const LlmConfig& config) : m_config(config), m_headDim(config.headDim()) {
    const std::int64_t qDim = config.numAttentionHeads * m_headDim;
    const std::int64_t kvDim = config.numKeyValueHeads * m_headDim;
    const auto linear = [](std::int64_t in, std::int64_t out, bool bias) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
    };
    auto selfAttn = register_module("self_attn", std::make_shared<torch::nn::Module>());
    attn.q = selfAttn->register_module("q_proj", linear(config.hiddenSize, qDim, true));
    attn.k = selfAttn->register_module("k_proj", linear(config.hiddenSize, kvDim, true));
    attn.v = selfAttn->register_module("v_proj", linear(config.hiddenSize, kvDim, true));
    attn.o = selfAttn->register_module("o_proj", linear(qDim, config.hiddenSize, false));
    attn.qNorm = selfAttn->register_module("q_norm", RmsNorm(m_headDim, config.rmsNormEps));
    attn.kNorm = selfAttn->register_module("k_norm", RmsNorm(m_headDim, config.rmsNormEps));
    mlp = register_module("mlp", Qwen2Mlp(config.hiddenSize, config.intermediateSize));
    inputNorm = register_module("input_layernorm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    postNorm = register_module("post_attention_layernorm", RmsNorm(config.hiddenSize, config.rmsNormEps));
}

at::Tensor DraftLayerImpl::forward(const at::Tensor& x, const at::Tensor& positions,
                                   const std::vector<KvChunk>& past, const BlockAttention& attention,
                                   LayerKv& kvOut) {
    PassRope rope(positions, m_headDim, m_config.ropeTheta);
    return forward(x, rope, past, attention, kvOut);
}

at::Tensor DraftLayerImpl::forward(const at::Tensor& x, PassRope& rope, const std::vector<KvChunk>& past,
                                   const BlockAttention& attention, LayerKv& kvOut) {
    const std::int64_t t = x.size(0);
    const at::Tensor normed = inputNorm(x);
    at::Tensor q = attn.q(normed).view({t, m_config.numAttentionHeads, m_headDim});
    at::Tensor k = attn.k(normed).view({t, m_config.numKeyValueHeads, m_headDim});
    const at::Tensor v = attn.v(normed).view({t, m_config.numKeyValueHeads, m_headDim});
    // Understanding mode of the target layer: QK-norm and RoPE in the activation dtype.
    const RopeTables& tables = rope.tables(q.scalar_type());
    q = applyRope(attn.qNorm(q), tables);
    k = applyRope(attn.kNorm(k), tables);
    kvOut.key = k.transpose(0, 1).contiguous();
    kvOut.value = v.transpose(0, 1).contiguous();
    at::Tensor out;
    if (!attention.mask.defined()) {
        out = attendOverChunks(q.transpose(0, 1), past, KvChunk{kvOut.key, kvOut.value}, attention.mode);
    } else {
        KvChunk self{kvOut.key, kvOut.value};
        if (attention.earlier.key.defined() && attention.earlier.key.size(1) > 0) {
            self = KvChunk{at::cat({attention.earlier.key, kvOut.key}, 1),
                           at::cat({attention.earlier.value, kvOut.value}, 1)};
        }
        out = attendWithMask(q.transpose(0, 1), past, self, attention.mask);
    }
    const at::Tensor merged = out.transpose(0, 1).reshape({t, m_config.numAttentionHeads * m_headDim});
    const at::Tensor h = x + attn.o(merged);
    return h + mlp(postNorm(h));
}

void DraftLayerImpl::copyFrom(Qwen2MoTLayerImpl& target) {
    const at::NoGradGuard noGrad;
    const auto source = target.named_parameters();
    for (auto& item : named_parameters()) {
        const at::Tensor* from = source.find(item.key());
        TORCH_CHECK(from != nullptr && from->sizes() == item.value().sizes(),
                    "draft layer: the target layer has no ", item.key(), " of shape ", item.value().sizes());
        item.value().copy_(*from);
    }
}

void DraftLayerImpl::zeroOutputProjections() {
    const at::NoGradGuard noGrad;
    attn.o->weight.zero_();
    mlp->down->weight.zero_();
}

} // namespace hb
