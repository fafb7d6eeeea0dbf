#include "models/bagel/module_parts.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

namespace hb {
namespace {

at::Tensor uniformParameter(at::IntArrayRef shape, std::int64_t fanIn) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(std::max<std::int64_t>(fanIn, 1)));
    return at::empty(shape, at::kFloat).uniform_(-bound, bound);
}

// Score elements per attention chunk: 64 Mi float32 values = 256 MiB.
constexpr std::int64_t kScoreBudget = std::int64_t{64} << 20;

} // namespace

Conv2dParamsImpl::Conv2dParamsImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernel) {
    const std::int64_t fanIn = inChannels * kernel * kernel;
    m_weight =
        register_parameter("weight", uniformParameter({outChannels, inChannels, kernel, kernel}, fanIn));
    m_bias = register_parameter("bias", uniformParameter({outChannels}, fanIn));
}

at::Tensor Conv2dParamsImpl::forward(const at::Tensor& x, std::int64_t stride, std::int64_t padding) const {
    return at::conv2d(x, m_weight, m_bias, {stride, stride}, {padding, padding});
}

NormParamsImpl::NormParamsImpl(std::int64_t channels) {
    m_weight = register_parameter("weight", at::ones({channels}, at::kFloat));
    m_bias = register_parameter("bias", at::zeros({channels}, at::kFloat));
}

at::Tensor NormParamsImpl::groupNorm(const at::Tensor& x, std::int64_t groups, double eps) const {
    return at::group_norm(x, groups, m_weight, m_bias, eps);
}

at::Tensor NormParamsImpl::layerNorm(const at::Tensor& x, double eps) const {
    return at::layer_norm(x, {m_weight.size(0)}, m_weight, m_bias, eps);
}

EmbeddingParamsImpl::EmbeddingParamsImpl(std::int64_t rows, std::int64_t dim, std::string label)
    : m_label(std::move(label)) {
    m_weight = register_parameter("weight", at::randn({rows, dim}, at::kFloat));
}

at::Tensor EmbeddingParamsImpl::lookup(const at::Tensor& ids) const {
    checkIndexRange(ids, m_weight.size(0), m_label);
    return at::embedding(m_weight, ids.to(m_weight.device()));
}

void checkIndexRange(const at::Tensor& ids, std::int64_t rows, const std::string& label) {
    TORCH_CHECK(ids.scalar_type() == at::kLong, label, ": position ids must be int64, got ",
                ids.scalar_type());
    if (ids.numel() == 0) {
        return;
    }
    const std::int64_t lo = ids.min().item<std::int64_t>();
    const std::int64_t hi = ids.max().item<std::int64_t>();
    TORCH_CHECK(lo >= 0 && hi < rows, label, ": position id ", lo < 0 ? lo : hi, " is outside the ", rows,
                "-row table (ids must lie in [0, ", rows, "))");
}

at::Tensor denseAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale) {
    TORCH_CHECK(q.dim() == 3 && k.dim() == 3 && v.dim() == 3, "denseAttention: expects [heads, n, d] inputs");
    const std::int64_t heads = q.size(0);
    const std::int64_t queries = q.size(1);
    const std::int64_t keys = k.size(1);
    const std::int64_t chunk =
        std::max<std::int64_t>(1, kScoreBudget / std::max<std::int64_t>(heads * keys, 1));
    const at::Tensor kt = k.transpose(1, 2);
    std::vector<at::Tensor> parts;
    for (std::int64_t start = 0; start < queries; start += chunk) {
        const std::int64_t len = std::min(chunk, queries - start);
        const at::Tensor scores = at::matmul(q.narrow(1, start, len) * scale, kt);
        // Softmax in float32: bf16 exponent sums lose too much over thousands of keys.
        const at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(v.scalar_type());
        parts.push_back(at::matmul(probs, v));
    }
    return parts.size() == 1 ? parts.front() : at::cat(parts, 1);
}

Activation activationFromName(const std::string& name, const std::string& what) {
    if (name == "gelu_pytorch_tanh" || name == "gelu_new") {
        return Activation::GeluTanh;
    }
    if (name == "gelu") {
        return Activation::Gelu;
    }
    TORCH_CHECK(name == "silu", what, ": unsupported activation \"", name,
                "\" (supported: gelu_pytorch_tanh, gelu, silu)");
    return Activation::Silu;
}

at::Tensor activate(const at::Tensor& x, Activation activation) {
    switch (activation) {
    case Activation::GeluTanh:
        return at::gelu(x, "tanh");
    case Activation::Gelu:
        return at::gelu(x);
    case Activation::Silu:
        break;
    }
    return at::silu(x);
}

} // namespace hb
