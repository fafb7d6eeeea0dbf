#include "speculative/observed_prefill.h"

#include <ATen/ATen.h>

namespace hb {

at::Tensor prefillObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                           const DecoderPass& pass, SegmentKind kind) {
    TORCH_CHECK(drafter.length() == context.kvLength(), "draft: has seen ", drafter.length(),
                " positions of a ", context.kvLength(), "-position context");
    std::vector<LayerKv> kv;
    TargetBlock block{pass.embeddings, {}, pass.positions, pass.mode};
    const at::Tensor hidden = llm.forward(pass, context.pastChunks(), kv, &block.layerOutputs);
    context.commit(kv, kind);
    drafter.observe(block);
    return hidden;
}

at::Tensor prefillTextObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                               const at::Tensor& ids) {
    const at::Device device = llm.embedTokens->weight.device();
    const at::Tensor tokens = ids.to(device, at::kLong);
    const DecoderPass pass{llm.embed(tokens), context.textPositions(tokens.size(0), device), ExpertRouting{},
                           SelfAttention::Causal};
    return prefillObserved(llm, context, drafter, pass, SegmentKind::Text);
}

at::Tensor prefillImageBlockObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                                     const at::Tensor& embeddings, const ExpertRouting& routing) {
    const DecoderPass pass{embeddings, context.imagePositions(embeddings.size(0), embeddings.device()),
                           routing, SelfAttention::Full};
    return prefillObserved(llm, context, drafter, pass, SegmentKind::Image);
}

DecodeResult decodeTextObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                                const SamplingOptions& options,
                                const std::function<bool(std::int64_t, const at::Tensor&)>& onToken) {
    return decodeTextWith(
        llm, options, [&](const at::Tensor& ids) { return prefillTextObserved(llm, context, drafter, ids); },
        onToken);
}

} // namespace hb
