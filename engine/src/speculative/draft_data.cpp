#include "speculative/draft_data.h"

#include <stdexcept>

#include <ATen/ATen.h>

#include "speculative/observed_prefill.h"

namespace hb {

void RecordingDrafter::observe(const TargetBlock& block) {
    TargetBlock kept{block.embeddings.detach(), {}, block.positions, block.mode};
    for (const at::Tensor& layer : block.layerOutputs) {
        kept.layerOutputs.push_back(layer.detach());
    }
    m_length += block.embeddings.size(0);
    m_blocks.push_back(std::move(kept));
}

void RecordingDrafter::truncate(std::int64_t length) {
    while (!m_blocks.empty() && m_length > length) {
        TargetBlock& last = m_blocks.back();
        const std::int64_t rows = last.embeddings.size(0);
        const std::int64_t keep = rows - std::min(rows, m_length - length);
        if (keep == 0) {
            m_blocks.pop_back();
        } else {
            last.embeddings = last.embeddings.narrow(0, 0, keep);
            last.positions = last.positions.narrow(0, 0, keep);
            for (at::Tensor& layer : last.layerOutputs) {
                layer = layer.narrow(0, 0, keep);
            }
        }
        m_length -= rows - keep;
    }
}

at::Tensor RecordingDrafter::extend(const std::vector<DraftNode>& /*nodes*/) {
    throw std::logic_error("RecordingDrafter only records; it cannot draft");
}

DraftExample exampleFromBlocks(Qwen2MoTModelImpl& target, const std::vector<TargetBlock>& blocks,
                               std::int64_t firstTrained) {
    TORCH_CHECK(!blocks.empty(), "draft data: no blocks were recorded");
    const at::NoGradGuard noGrad;
    const std::size_t layers = blocks.front().layerOutputs.size();
    std::vector<at::Tensor> embeddings, positions;
    std::vector<std::vector<at::Tensor>> perLayer(layers);
    std::int64_t total = 0;
    for (const TargetBlock& b : blocks) {
        TORCH_CHECK(b.layerOutputs.size() == layers, "draft data: a block with ", b.layerOutputs.size(),
                    " layer outputs among blocks with ", layers);
        embeddings.push_back(b.embeddings);
        positions.push_back(b.positions);
        for (std::size_t l = 0; l < layers; ++l) {
            perLayer[l].push_back(b.layerOutputs[l]);
        }
        total += b.embeddings.size(0);
    }
    const at::Device device = blocks.front().embeddings.device();
    DraftExample example;
    example.embeddings = at::cat(embeddings);
    example.positions = at::cat(positions).to(device, at::kLong);
    for (auto& rows : perLayer) {
        example.layerOutputs.push_back(at::cat(rows));
    }
    example.targetLogits = target.logits(target.norm->forward(example.layerOutputs.back())).to(at::kFloat);
    const auto longOptions = at::TensorOptions().dtype(at::kLong).device(device);
    example.lossMask = at::arange(total, longOptions) >= firstTrained;
    // Causal everywhere, plus each bidirectional block seeing the whole of itself.
    const at::Tensor row = at::arange(total, longOptions).unsqueeze(1);
    const at::Tensor col = at::arange(total, longOptions).unsqueeze(0);
    at::Tensor visible = col <= row;
    std::int64_t start = 0;
    for (const TargetBlock& b : blocks) {
        const std::int64_t n = b.embeddings.size(0);
        if (b.mode == SelfAttention::Full && n > 1) {
            visible.narrow(0, start, n).narrow(1, start, n).fill_(true);
        }
        start += n;
    }
    example.visible = visible;
    return example;
}

RecordedConversation recordConversation(BagelModel& model, const at::Tensor& vitPixels,
                                        const std::vector<std::int64_t>& questionIds, std::int64_t maxTokens) {
    const at::NoGradGuard noGrad;
    Qwen2MoTModelImpl& llm = model.llm();
    BagelContext context(static_cast<std::size_t>(model.config().llm.numHiddenLayers));
    RecordingDrafter recorder;
    if (vitPixels.defined()) {
        prefillImageBlockObserved(llm, context, recorder, model.framedBlock(model.vitTokens(vitPixels)),
                                  ExpertRouting{});
    }
    prefillTextObserved(llm, context, recorder, model.frameText(questionIds));
    const std::int64_t firstAnswerRow = context.kvLength();
    SamplingOptions sampling;
    sampling.startToken = model.tokens().bos;
    sampling.stopToken = model.tokens().eos;
    sampling.maxLength = maxTokens;
    RecordedConversation out;
    const DecodeResult decoded = decodeTextObserved(llm, context, recorder, sampling,
                                                    [](std::int64_t, const at::Tensor&) { return true; });
    out.answer = decoded.tokens;
    out.example = exampleFromBlocks(llm, recorder.blocks(), firstAnswerRow);
    return out;
}

} // namespace hb
