#include "distill/latent_discriminator.h"

#include <algorithm>
#include <cmath>

#include <ATen/ATen.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include "distill/cfg_student.h"
#include "distill/stage_common.h"
#include "models/bagel/bagel_model.h"

namespace hb {
namespace {

constexpr double kOutputInitScale = 0.1; // the heads' last layer starts small (header)
constexpr double kRmsEps = 1e-6;

torch::nn::Sequential makeHead(std::int64_t hidden) {
    const std::int64_t width = std::max<std::int64_t>(32, hidden / 4);
    torch::nn::Sequential head({{"fc1", torch::nn::Linear(hidden, width)},
                                {"act", torch::nn::SiLU()},
                                {"fc2", torch::nn::Linear(width, 1)}});
    const at::NoGradGuard noGrad;
    for (auto& item : head->named_parameters()) {
        if (item.key() == "fc2.weight") {
            item.value().mul_(kOutputInitScale);
        } else if (item.key() == "fc2.bias") {
            item.value().zero_();
        }
    }
    return head;
}

} // namespace

std::vector<int> LatentDiscriminatorImpl::defaultDepths(int layers) {
    std::vector<int> depths;
    for (int k = 1; k <= 3; ++k) {
        const int depth = std::max(0, k * layers / 3 - 1);
        if (std::find(depths.begin(), depths.end(), depth) == depths.end()) {
            depths.push_back(depth);
        }
    }
    return depths;
}

Result<std::shared_ptr<LatentDiscriminatorImpl>> LatentDiscriminatorImpl::create(BagelModel& teacher,
                                                                                  const std::string& tierPath,
                                                                                  std::vector<int> depths) {
    const int layers = static_cast<int>(teacher.config().llm.numHiddenLayers);
    if (depths.empty()) {
        depths = defaultDepths(layers);
    }
    for (int depth : depths) {
        if (depth < 0 || depth >= layers) {
            return makeError(ErrorCode::InvalidRequest, "discriminator depth " + std::to_string(depth) +
                                                            " is outside the decoder's layers 0.." +
                                                            std::to_string(layers - 1));
        }
    }
    auto backbone = studentFromTier(teacher, tierPath);
    if (!backbone) {
        return backbone.error();
    }
    std::shared_ptr<LatentDiscriminatorImpl> d(new LatentDiscriminatorImpl());
    d->m_depths = std::move(depths);
    d->m_backbone = d->register_module("backbone", std::move(backbone.value()));
    d->m_headList = d->register_module("heads", torch::nn::ModuleList());
    const WeightTarget& target = teacher.target();
    for (std::size_t i = 0; i < d->m_depths.size(); ++i) {
        torch::nn::Sequential head = makeHead(teacher.config().llm.hiddenSize);
        head->to(target.device, at::kFloat);
        d->m_headList->push_back(head);
        d->m_heads.push_back(head);
    }
    return d;
}

at::Tensor LatentDiscriminatorImpl::forward(BagelModel& teacher, const BagelContext& context, const at::Tensor& x,
                                            std::int64_t h, std::int64_t w, double t, double textScale,
                                            double imageScale) {
    std::vector<at::Tensor> layers;
    // The velocity itself is not read; only the residual stream at the heads' depths.
    (void)m_backbone->velocity(teacher, context, x, h, w, t, textScale, imageScale, &layers);
    std::vector<at::Tensor> logits;
    logits.reserve(m_heads.size());
    for (std::size_t i = 0; i < m_heads.size(); ++i) {
        const at::Tensor f = layers.at(static_cast<std::size_t>(m_depths[i])).to(at::kFloat);
        const at::Tensor normed = f * at::rsqrt(f.pow(2).mean(-1, /*keepdim=*/true) + kRmsEps);
        logits.push_back(m_heads[i]->forward(normed).mean());
    }
    return at::stack(logits);
}

NamedTensors LatentDiscriminatorImpl::trainable() const {
    NamedTensors out;
    for (auto& [name, tensor] : m_backbone->trainable()) {
        out.emplace_back("backbone." + name, tensor);
    }
    for (const auto& item : m_headList->named_parameters(/*recurse=*/true)) {
        out.emplace_back("heads." + item.key(), item.value());
    }
    return out;
}

} // namespace hb
