#include "models/bagel/bagel_language.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace hb {
namespace {

at::Tensor runBlock(Qwen2MoTModelImpl& llm, BagelContext& context, const at::Tensor& embeddings,
                    const at::Tensor& positions, const ExpertRouting& routing, SelfAttention mode,
                    SegmentKind kind, std::vector<at::Tensor>* layerOutputs) {
    DecoderPass pass{embeddings, positions, routing, mode};
    std::vector<LayerKv> kv;
    at::Tensor hidden = llm.forward(pass, context.pastChunks(), kv, layerOutputs);
    context.commit(kv, kind);
    return hidden;
}

std::int64_t pickToken(const at::Tensor& logits, const SamplingOptions& options, at::Generator& generator) {
    if (options.temperature <= 0.0) {
        return logits.argmax().item<std::int64_t>();
    }
    const at::Tensor probs = at::softmax(logits.to(at::kFloat) / options.temperature, -1);
    return at::multinomial(probs.cpu(), 1, /*replacement=*/false, generator).item<std::int64_t>();
}

} // namespace

at::Tensor prefillText(Qwen2MoTModelImpl& llm, BagelContext& context, const at::Tensor& ids,
                       std::vector<at::Tensor>* layerOutputs) {
    const at::Device device = llm.embedTokens->weight.device();
    const at::Tensor tokens = ids.to(device, at::kLong);
    return runBlock(llm, context, llm.embed(tokens), context.textPositions(tokens.size(0), device),
                    ExpertRouting{}, SelfAttention::Causal, SegmentKind::Text, layerOutputs);
}

at::Tensor prefillImageBlock(Qwen2MoTModelImpl& llm, BagelContext& context, const at::Tensor& embeddings,
                             const ExpertRouting& routing) {
    const at::Device device = embeddings.device();
    return runBlock(llm, context, embeddings, context.imagePositions(embeddings.size(0), device), routing,
                    SelfAttention::Full, SegmentKind::Image, nullptr);
}

DecodeResult decodeTextWith(Qwen2MoTModelImpl& llm, const SamplingOptions& options,
                            const std::function<at::Tensor(const at::Tensor&)>& feed,
                            const std::function<bool(std::int64_t, const at::Tensor&)>& onToken) {
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
        const at::Tensor logits = llm.logits(feed(ids)).select(0, 0).to(at::kFloat);
        const std::int64_t next = pickToken(logits, options, generator);
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

DecodeResult decodeText(Qwen2MoTModelImpl& llm, BagelContext& context, const SamplingOptions& options,
                        const std::function<bool(std::int64_t, const at::Tensor&)>& onToken) {
    return decodeTextWith(
        llm, options, [&](const at::Tensor& ids) { return prefillText(llm, context, ids); }, onToken);
}

} // namespace hb
