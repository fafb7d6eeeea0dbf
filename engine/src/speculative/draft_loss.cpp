#include "speculative/draft_loss.h"

#include <cmath>

#include <ATen/ATen.h>

namespace hb {
namespace {

/// bool [S, (s+1)S]: step-s row i sees step-0 rows j <= i - s and step-t rows i - s + t (t = 1..s).
/// Step 0 sees what the target saw (`visible`, causal when undefined).
at::Tensor unrollMask(std::int64_t length, std::int64_t step, const at::Tensor& visible) {
    const at::Tensor i = at::arange(length, at::kLong).unsqueeze(1);
    const at::Tensor j = at::arange(length, at::kLong).unsqueeze(0);
    if (step == 0 && visible.defined()) {
        return visible.to(at::kCPU, at::kBool);
    }
    std::vector<at::Tensor> blocks{j <= i - step};
    for (std::int64_t t = 1; t <= step; ++t) {
        blocks.push_back(j == i - step + t);
    }
    return at::cat(blocks, 1);
}

} // namespace

DraftExample makeTextExample(Qwen2MoTModelImpl& target, const at::Tensor& ids, std::int64_t firstTrained) {
    const at::NoGradGuard noGrad;
    const at::Device device = target.embedTokens->weight.device();
    const at::Tensor tokens = ids.to(device, at::kLong);
    const std::int64_t s = tokens.size(0);
    DraftExample example;
    example.embeddings = target.embed(tokens);
    example.positions = at::arange(s, at::TensorOptions().dtype(at::kLong).device(device));
    std::vector<LayerKv> kv;
    const DecoderPass pass{example.embeddings, example.positions, ExpertRouting{}, SelfAttention::Causal};
    const std::vector<std::vector<KvChunk>> empty(target.layers->size());
    example.targetLogits =
        target.logits(target.forward(pass, empty, kv, &example.layerOutputs)).to(at::kFloat);
    example.lossMask = at::arange(s, at::TensorOptions().dtype(at::kLong).device(device)) >= firstTrained;
    return example;
}

DraftLoss draftLoss(DraftModelImpl& draft, const DraftExample& example, const DraftLossOptions& options) {
    const std::int64_t s = example.embeddings.size(0);
    const at::Device device = example.embeddings.device();
    // Dec over the aggregated target features: F_in for every row.
    LayerKv decKv;
    const BlockAttention decAttention{SelfAttention::Causal,
                                      example.visible.defined() ? example.visible.to(device, at::kBool) : at::Tensor(),
                                      {}};
    const at::Tensor features = draft.dec->forward(draft.reduceFeatures(at::stack(example.layerOutputs, 1)),
                                                   example.positions, {}, decAttention, decKv);
    const at::Tensor targetProbs = at::softmax(example.targetLogits, -1);
    const at::Tensor targetLogProbs = at::log_softmax(example.targetLogits, -1);
    const at::Tensor targetArgmax = example.targetLogits.argmax(-1);
    DraftLoss loss;
    loss.total = at::zeros({}, features.options().dtype(at::kFloat));
    std::vector<LayerKv> earlier(draft.layers->size()); // K/V of the steps so far, per layer
    at::Tensor previous =
        at::cat({at::zeros({1, features.size(1)}, features.options()), features.narrow(0, 0, s - 1)});
    for (std::int64_t step = 0; step < options.unroll && step < s; ++step) {
        at::Tensor x = draft.fuse(previous, example.embeddings);
        const at::Tensor mask = unrollMask(s, step, example.visible).to(device);
        for (std::size_t l = 0; l < earlier.size(); ++l) {
            LayerKv kv;
            x = draft.layer(l).forward(
                x, example.positions, {},
                BlockAttention{SelfAttention::Causal, mask, KvChunk{earlier[l].key, earlier[l].value}}, kv);
            earlier[l] = step == 0 ? kv
                                   : LayerKv{at::cat({earlier[l].key, kv.key}, 1),
                                             at::cat({earlier[l].value, kv.value}, 1)};
        }
        // Row i of step s exists when a real chain of s drafts reaches it: i >= s.
        const at::Tensor rows =
            example.lossMask & (at::arange(s, at::TensorOptions().dtype(at::kLong).device(device)) >= step);
        const at::Tensor logits = draft.logits(x);
        if (options.keepLogits) {
            loss.stepLogits.push_back(logits.detach());
        }
        const at::Tensor logProbs = at::log_softmax(logits, -1);
        const at::Tensor kl = (targetProbs * (targetLogProbs - logProbs)).sum(-1);
        const at::Tensor ce = -logProbs.gather(1, targetArgmax.unsqueeze(1)).squeeze(1);
        const at::Tensor weight = rows.to(at::kFloat);
        const at::Tensor count = weight.sum().clamp_min(1.0);
        const at::Tensor stepLoss = ((kl + options.ceWeight * ce) * weight).sum() / count;
        loss.total = loss.total + std::pow(options.stepDecay, static_cast<double>(step)) * stepLoss;
        loss.klPerStep.push_back(((kl * weight).sum() / count).item<double>());
        loss.acceptPerStep.push_back(
            ((logProbs.argmax(-1) == targetArgmax).to(at::kFloat) * weight).sum().item<double>() /
            count.item<double>());
        // The next step drafts row i from this step's output at row i - 1.
        previous = at::cat({at::zeros({1, x.size(1)}, x.options()), x.narrow(0, 0, s - 1)});
    }
    return loss;
}

} // namespace hb
