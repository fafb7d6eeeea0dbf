#include "speculative/observed_prefill.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

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
    // The loop of decodeText(), with each fed token prefilled through prefillTextObserved().
    DecodeResult result;
    at::Generator generator = at::detail::createCPUGenerator(options.seed);
    const at::Device device = llm.embedTokens->weight.device();
    std::int64_t current = options.startToken;
    for (std::int64_t step = 0; step < options.maxLength; ++step) {
        if (options.cancel != nullptr && options.cancel->load()) {
            result.cancelled = true;
            break;
        }
        const at::Tensor ids = at::full({1}, current, at::TensorOptions().dtype(at::kLong).device(device));
        const at::Tensor logits =
            llm.logits(prefillTextObserved(llm, context, drafter, ids)).select(0, 0).to(at::kFloat);
        std::int64_t next = 0;
        if (options.temperature <= 0.0) {
            next = logits.argmax().item<std::int64_t>();
        } else {
            const at::Tensor probs = at::softmax(logits / options.temperature, -1);
            next = at::multinomial(probs.cpu(), 1, /*replacement=*/false, generator).item<std::int64_t>();
        }
        result.tokens.push_back(next);
        const bool keepGoing = onToken ? onToken(next, logits) : true;
        if (next == options.stopToken) {
            result.stopped = true;
            break;
        }
        if (!keepGoing) {
            break;
        }
        current = next;
    }
    return result;
}

} // namespace hb
