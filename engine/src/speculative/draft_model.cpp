#include "speculative/draft_model.h"

#include <ATen/ATen.h>

namespace hb {

DraftModelImpl::DraftModelImpl(const LlmConfig& target, const DraftConfig& config)
    : m_target(target), m_config(config) {
    if (auto ok = config.validate(target.numHiddenLayers); !ok) {
        TORCH_CHECK(false, ok.error().message);
    }
    const std::int64_t d = target.hiddenSize;
    const auto linear = [](std::int64_t in, std::int64_t out) {
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
    };
    auto root = register_module("draft", std::make_shared<torch::nn::Module>());
    aggregator = root->register_module("aggregator", LayerAggregator(target, config.featureLayers));
    fc1 = root->register_module("fc1", linear(config.queries * d, d));
    dec = root->register_module("dec", DraftLayer(target));
    fc2 = root->register_module("fc2", linear(2 * d, d));
    layers = root->register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < config.layers; ++i) {
        layers->push_back(DraftLayer(target));
    }
    norm = root->register_module("norm", RmsNorm(d, target.rmsNormEps));
    lmHead = root->register_module("lm_head", linear(d, target.vocabSize));
    const at::NoGradGuard noGrad;
    fc1->weight.zero_();
    fc2->weight.zero_();
    dec->zeroOutputProjections();
}

void DraftModelImpl::initFromTarget(Qwen2MoTModelImpl& target) {
    const auto targetLayers = static_cast<std::int64_t>(target.layers->size());
    TORCH_CHECK(targetLayers == m_target.numHiddenLayers &&
                    target.config().hiddenSize == m_target.hiddenSize &&
                    target.config().vocabSize == m_target.vocabSize,
                "draft: the target does not have the shape this draft was built for");
    for (std::int64_t i = 0; i < m_config.layers; ++i) {
        const std::int64_t source = targetLayers - m_config.layers + i;
        layer(static_cast<std::size_t>(i)).copyFrom(*target.layers->ptr<Qwen2MoTLayerImpl>(source));
    }
    const at::NoGradGuard noGrad;
    norm->weight.copy_(target.norm->weight);
    lmHead->weight.copy_(target.lmHead->weight);
}

at::Tensor DraftModelImpl::reduceFeatures(const at::Tensor& layerFeatures) {
    return fc1(aggregator(layerFeatures));
}

at::Tensor DraftModelImpl::fuse(const at::Tensor& feature, const at::Tensor& tokenEmbedding) {
    return fc2(at::cat({feature, tokenEmbedding.to(feature.scalar_type())}, -1));
}

at::Tensor DraftModelImpl::logits(const at::Tensor& hidden) { return lmHead(norm(hidden)).to(at::kFloat); }

} // namespace hb
