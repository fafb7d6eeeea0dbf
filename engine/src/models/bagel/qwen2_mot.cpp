#include "models/bagel/qwen2_mot.h"

#include <cmath>
#include <limits>

#include <ATen/ATen.h>

#include "hyperbagel/kernels/rms_norm.h"

#include "models/rope.h"

namespace hb {
namespace {

torch::nn::Linear linear(std::int64_t in, std::int64_t out, bool bias) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
}

ExpertAttention makeExpertAttention(torch::nn::Module& selfAttn, const LlmConfig& c,
                                    const std::string& suffix) {
    const std::int64_t headDim = c.headDim();
    const std::int64_t qDim = c.numAttentionHeads * headDim;
    const std::int64_t kvDim = c.numKeyValueHeads * headDim;
    ExpertAttention e;
    e.q = selfAttn.register_module("q_proj" + suffix, linear(c.hiddenSize, qDim, true));
    e.k = selfAttn.register_module("k_proj" + suffix, linear(c.hiddenSize, kvDim, true));
    e.v = selfAttn.register_module("v_proj" + suffix, linear(c.hiddenSize, kvDim, true));
    e.o = selfAttn.register_module("o_proj" + suffix, linear(qDim, c.hiddenSize, false));
    e.qNorm = selfAttn.register_module("q_norm" + suffix, RmsNorm(headDim, c.rmsNormEps));
    e.kNorm = selfAttn.register_module("k_norm" + suffix, RmsNorm(headDim, c.rmsNormEps));
    return e;
}

} // namespace

at::Tensor routeRows(const at::Tensor& x, const ExpertRouting& routing,
                     const std::function<at::Tensor(const at::Tensor&)>& und,
                     const std::function<at::Tensor(const at::Tensor&)>& gen) {
    if (!routing.hasGen()) {
        return und(x);
    }
    if (routing.allGen()) {
        return gen(x);
    }
    const at::Tensor undOut = und(x.index_select(0, routing.und));
    const at::Tensor genOut = gen(x.index_select(0, routing.gen));
    std::vector<std::int64_t> shape = undOut.sizes().vec();
    shape[0] = x.size(0);
    // Out-of-place index_copy keeps autograd intact for training.
    return at::zeros(shape, undOut.options())
        .index_copy(0, routing.und, undOut)
        .index_copy(0, routing.gen, genOut);
}

RmsNormImpl::RmsNormImpl(std::int64_t dim, double eps) : m_eps(eps) {
    weight = register_parameter("weight", at::ones({dim}));
}

at::Tensor RmsNormImpl::forward(const at::Tensor& x) const { return kernels::rmsNorm(x, weight, m_eps); }

Qwen2MlpImpl::Qwen2MlpImpl(std::int64_t hidden, std::int64_t intermediate) {
    gate = register_module("gate_proj", linear(hidden, intermediate, false));
    up = register_module("up_proj", linear(hidden, intermediate, false));
    down = register_module("down_proj", linear(intermediate, hidden, false));
}

at::Tensor Qwen2MlpImpl::forward(const at::Tensor& x) { return down(at::silu(gate(x)) * up(x)); }

Qwen2MoTLayerImpl::Qwen2MoTLayerImpl(const LlmConfig& config)
    : m_config(config), m_headDim(config.headDim()) {
    auto selfAttn = register_module("self_attn", std::make_shared<torch::nn::Module>());
    m_und = makeExpertAttention(*selfAttn, config, "");
    m_gen = makeExpertAttention(*selfAttn, config, "_moe_gen");
    m_mlp = register_module("mlp", Qwen2Mlp(config.hiddenSize, config.intermediateSize));
    m_mlpGen = register_module("mlp_moe_gen", Qwen2Mlp(config.hiddenSize, config.intermediateSize));
    m_inputNorm = register_module("input_layernorm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    m_inputNormGen =
        register_module("input_layernorm_moe_gen", RmsNorm(config.hiddenSize, config.rmsNormEps));
    m_postNorm = register_module("post_attention_layernorm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    m_postNormGen =
        register_module("post_attention_layernorm_moe_gen", RmsNorm(config.hiddenSize, config.rmsNormEps));
}

std::array<at::Tensor, 3> Qwen2MoTLayerImpl::projectQkv(const at::Tensor& normed, PassRope& rope,
                                                       const ExpertRouting& routing) {
    const std::int64_t t = normed.size(0);
    const std::int64_t heads = m_config.numAttentionHeads;
    const std::int64_t kvHeads = m_config.numKeyValueHeads;
    at::Tensor q = routeRows(normed, routing, m_und.q, m_gen.q).view({t, heads, m_headDim});
    at::Tensor k = routeRows(normed, routing, m_und.k, m_gen.k).view({t, kvHeads, m_headDim});
    at::Tensor v = routeRows(normed, routing, m_und.v, m_gen.v).view({t, kvHeads, m_headDim});
    // Generation mode normalises and rotates q/k in float32, then returns to the activation dtype
    // for attention (bagel-spec §2.2); understanding mode stays in the activation dtype.
    const at::ScalarType actType = normed.scalar_type();
    if (routing.hasGen()) {
        q = q.to(at::kFloat);
        k = k.to(at::kFloat);
    }
    q = routeRows(q, routing, m_und.qNorm, m_gen.qNorm);
    k = routeRows(k, routing, m_und.kNorm, m_gen.kNorm);
    const RopeTables& tables = rope.tables(q.scalar_type());
    return {applyRope(q, tables).to(actType), applyRope(k, tables).to(actType), v};
}

at::Tensor Qwen2MoTLayerImpl::forwardPacked(const at::Tensor& x, PassRope& rope, const ExpertRouting& routing,
                                            const PackedBatch& packed) {
    const std::int64_t b = packed.batch;
    const std::int64_t t = packed.length;
    const std::int64_t heads = m_config.numAttentionHeads;
    const std::int64_t group = heads / m_config.numKeyValueHeads;
    const at::Tensor normed = routeRows(x, routing, m_inputNorm, m_inputNormGen);
    auto [q, k, v] = projectQkv(normed, rope, routing);
    // [B, heads, T, D]; grouped-query heads share their KV head.
    const at::Tensor qb = q.view({b, t, heads, m_headDim}).transpose(1, 2);
    const at::Tensor kb = k.view({b, t, -1, m_headDim}).repeat_interleave(group, 2).transpose(1, 2);
    const at::Tensor vb = v.view({b, t, -1, m_headDim}).repeat_interleave(group, 2).transpose(1, 2);
    const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));
    at::Tensor scores = at::matmul(qb, kb.transpose(-1, -2)).to(at::kFloat) * scale;
    scores = scores.masked_fill(packed.allowed.logical_not().unsqueeze(1), -std::numeric_limits<float>::infinity());
    const at::Tensor probs = at::softmax(scores, -1).to(qb.scalar_type());
    const at::Tensor out = at::matmul(probs, vb).transpose(1, 2).reshape({b * t, heads * m_headDim});
    const at::Tensor h = x + routeRows(out, routing, m_und.o, m_gen.o);
    const at::Tensor normed2 = routeRows(h, routing, m_postNorm, m_postNormGen);
    return h + routeRows(normed2, routing, m_mlp, m_mlpGen);
}

at::Tensor Qwen2MoTLayerImpl::forward(const at::Tensor& x, const at::Tensor& positions,
                                      const ExpertRouting& routing, const std::vector<KvChunk>& past,
                                      SelfAttention mode, LayerKv& kvOut) {
    PassRope rope(positions, m_headDim, m_config.ropeTheta);
    return forward(x, rope, routing, past, mode, kvOut);
}

at::Tensor Qwen2MoTLayerImpl::forward(const at::Tensor& x, PassRope& rope, const ExpertRouting& routing,
                                      const std::vector<KvChunk>& past, SelfAttention mode, LayerKv& kvOut) {
    const std::int64_t t = x.size(0);
    const at::Tensor normed = routeRows(x, routing, m_inputNorm, m_inputNormGen);
    auto [q, k, v] = projectQkv(normed, rope, routing);
    kvOut.key = k.transpose(0, 1).contiguous(); // [kvHeads, T, D]
    kvOut.value = v.transpose(0, 1).contiguous();
    const at::Tensor out = attendOverChunks(q.transpose(0, 1), past, KvChunk{kvOut.key, kvOut.value}, mode);
    const at::Tensor merged = out.transpose(0, 1).reshape({t, m_config.numAttentionHeads * m_headDim});
    const at::Tensor h = x + routeRows(merged, routing, m_und.o, m_gen.o);
    const at::Tensor normed2 = routeRows(h, routing, m_postNorm, m_postNormGen);
    return h + routeRows(normed2, routing, m_mlp, m_mlpGen);
}

at::Tensor Qwen2MoTLayerImpl::forwardMasked(const at::Tensor& x, PassRope& rope, const ExpertRouting& routing,
                                            const std::vector<KvChunk>& past, const at::Tensor& selfMask,
                                            LayerKv& kvOut) {
    const std::int64_t t = x.size(0);
    const at::Tensor normed = routeRows(x, routing, m_inputNorm, m_inputNormGen);
    auto [q, k, v] = projectQkv(normed, rope, routing);
    kvOut.key = k.transpose(0, 1).contiguous();
    kvOut.value = v.transpose(0, 1).contiguous();
    const at::Tensor out = attendWithMask(q.transpose(0, 1), past, KvChunk{kvOut.key, kvOut.value}, selfMask);
    const at::Tensor merged = out.transpose(0, 1).reshape({t, m_config.numAttentionHeads * m_headDim});
    const at::Tensor h = x + routeRows(merged, routing, m_und.o, m_gen.o);
    const at::Tensor normed2 = routeRows(h, routing, m_postNorm, m_postNormGen);
    return h + routeRows(normed2, routing, m_mlp, m_mlpGen);
}

Qwen2MoTModelImpl::Qwen2MoTModelImpl(const LlmConfig& config) : m_config(config) {
    auto model = register_module("model", std::make_shared<torch::nn::Module>());
    embedTokens =
        model->register_module("embed_tokens", torch::nn::Embedding(config.vocabSize, config.hiddenSize));
    layers = model->register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < config.numHiddenLayers; ++i) {
        layers->push_back(Qwen2MoTLayer(config));
    }
    norm = model->register_module("norm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    normGen = model->register_module("norm_moe_gen", RmsNorm(config.hiddenSize, config.rmsNormEps));
    lmHead = register_module("lm_head", linear(config.hiddenSize, config.vocabSize, false));
}

at::Tensor Qwen2MoTModelImpl::forwardPacked(const at::Tensor& embeddings, const at::Tensor& positions,
                                            const ExpertRouting& routing, const PackedBatch& packed) {
    TORCH_CHECK(embeddings.size(0) == packed.batch * packed.length && packed.allowed.dim() == 3,
                "forwardPacked: ", embeddings.size(0), " rows for a batch of ", packed.batch, " x ",
                packed.length);
    at::Tensor h = embeddings;
    PassRope rope(positions, m_config.headDim(), m_config.ropeTheta);
    for (std::size_t i = 0; i < layers->size(); ++i) {
        h = layers->ptr<Qwen2MoTLayerImpl>(i)->forwardPacked(h, rope, routing, packed);
    }
    return routeRows(h, routing, norm, normGen);
}

at::Tensor Qwen2MoTModelImpl::embed(const at::Tensor& tokenIds) { return embedTokens(tokenIds); }

at::Tensor Qwen2MoTModelImpl::logits(const at::Tensor& finalHidden) { return lmHead(finalHidden); }

at::Tensor Qwen2MoTModelImpl::forward(const DecoderPass& pass, const std::vector<std::vector<KvChunk>>& past,
                                      std::vector<LayerKv>& kvOut, std::vector<at::Tensor>* layerOutputs) {
    const std::size_t count = layers->size();
    TORCH_CHECK(past.size() == count, "decoder: ", past.size(), " cached layers for a ", count,
                "-layer model");
    kvOut.assign(count, LayerKv{});
    at::Tensor h = pass.embeddings;
    PassRope rope(pass.positions, m_config.headDim(), m_config.ropeTheta);
    for (std::size_t i = 0; i < count; ++i) {
        h = layers->ptr<Qwen2MoTLayerImpl>(i)->forward(h, rope, pass.routing, past[i], pass.mode, kvOut[i]);
        if (layerOutputs != nullptr) {
            layerOutputs->push_back(h);
        }
    }
    return routeRows(h, pass.routing, norm, normGen);
}

at::Tensor Qwen2MoTModelImpl::forwardMasked(const DecoderPass& pass, const at::Tensor& selfMask,
                                            const std::vector<std::vector<KvChunk>>& past,
                                            std::vector<LayerKv>& kvOut,
                                            std::vector<at::Tensor>* layerOutputs) {
    const std::size_t count = layers->size();
    TORCH_CHECK(past.size() == count, "decoder: ", past.size(), " cached layers for a ", count,
                "-layer model");
    kvOut.assign(count, LayerKv{});
    at::Tensor h = pass.embeddings;
    PassRope rope(pass.positions, m_config.headDim(), m_config.ropeTheta);
    for (std::size_t i = 0; i < count; ++i) {
        h = layers->ptr<Qwen2MoTLayerImpl>(i)->forwardMasked(h, rope, pass.routing, past[i], selfMask, kvOut[i]);
        if (layerOutputs != nullptr) {
            layerOutputs->push_back(h);
        }
    }
    return routeRows(h, pass.routing, norm, normGen);
}

} // namespace hb
