#include "models/bagel/adapters.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include "models/bagel/position_tables.h"

namespace hb {
namespace {

// Rows per block when filling or comparing a table: bounds the float64 scratch at 256 x dim.
constexpr std::int64_t kTableBlockRows = 256;

// float64 rows [start, start + count) of the sin-cos table.
at::Tensor tableRows(std::int64_t start, std::int64_t count, std::int64_t gridSide, std::int64_t dim) {
    at::Tensor rows = at::empty({count, dim}, at::kDouble);
    double* data = rows.data_ptr<double>();
    for (std::int64_t i = 0; i < count; ++i) {
        sinCos2dRow(start + i, gridSide, dim, data + i * dim);
    }
    return rows;
}

at::Tensor toWeights(const at::Tensor& x, const at::Tensor& weight) {
    return x.to(weight.device(), weight.scalar_type());
}

} // namespace

ConnectorImpl::ConnectorImpl(std::int64_t inDim, std::int64_t outDim, const std::string& activation)
    : m_activation(activationFromName(activation, "connector_act")) {
    m_fc1 = register_module("fc1", torch::nn::Linear(inDim, outDim));
    m_fc2 = register_module("fc2", torch::nn::Linear(outDim, outDim));
}

at::Tensor ConnectorImpl::forward(const at::Tensor& x) const {
    return m_fc2->forward(activate(m_fc1->forward(toWeights(x, m_fc1->weight)), m_activation));
}

TimestepEmbedderImpl::TimestepEmbedderImpl(std::int64_t hidden, std::int64_t frequencyDim)
    : m_frequencyDim(frequencyDim) {
    TORCH_CHECK(frequencyDim > 0 && frequencyDim % 2 == 0, "TimestepEmbedderImpl: frequency size ",
                frequencyDim, " must be even");
    // Children "0" and "2" of `mlp`, as nn.Sequential numbers them (index 1 is the SiLU).
    auto mlp = register_module("mlp", std::make_shared<torch::nn::Module>());
    m_linear0 = mlp->register_module("0", torch::nn::Linear(frequencyDim, hidden));
    m_linear2 = mlp->register_module("2", torch::nn::Linear(hidden, hidden));
}

at::Tensor TimestepEmbedderImpl::frequencyEmbedding(const at::Tensor& t, std::int64_t dim) {
    TORCH_CHECK(t.dim() == 1, "TimestepEmbedderImpl: expected times [N], got ", t.sizes());
    const std::int64_t half = dim / 2;
    // Same float32 op order as the official code, so the result matches it bit for bit.
    const at::TensorOptions options = at::TensorOptions().dtype(at::kFloat).device(t.device());
    const at::Tensor freqs =
        at::exp(at::arange(half, options) * -std::log(10000.0) / static_cast<double>(half));
    const at::Tensor args = t.to(at::kFloat).unsqueeze(1) * freqs.unsqueeze(0);
    return at::cat({at::cos(args), at::sin(args)}, -1);
}

at::Tensor TimestepEmbedderImpl::forward(const at::Tensor& t) const {
    const at::Tensor embedding = toWeights(frequencyEmbedding(t, m_frequencyDim), m_linear0->weight);
    return m_linear2->forward(at::silu(m_linear0->forward(embedding)));
}

torch::nn::Linear makeVae2Llm(const BagelConfig& config) {
    return torch::nn::Linear(config.patchLatentDim(), config.llm.hiddenSize);
}

torch::nn::Linear makeLlm2Vae(const BagelConfig& config) {
    return torch::nn::Linear(config.llm.hiddenSize, config.patchLatentDim());
}

PositionTableImpl::PositionTableImpl(std::int64_t gridSide, std::int64_t dim, std::string label)
    : m_gridSide(gridSide), m_dim(dim), m_label(std::move(label)) {
    TORCH_CHECK(gridSide > 0 && dim > 0 && dim % 4 == 0, m_label, ": a ", gridSide, "x", gridSide,
                " sin-cos table needs a positive grid and a dimension divisible by 4, got ", dim);
    m_table = register_buffer("pos_embed", computeTable(gridSide, dim));
}

at::Tensor PositionTableImpl::computeTable(std::int64_t gridSide, std::int64_t dim) {
    const std::int64_t rows = gridSide * gridSide;
    at::Tensor table = at::empty({rows, dim}, at::kFloat);
    for (std::int64_t start = 0; start < rows; start += kTableBlockRows) {
        const std::int64_t count = std::min(kTableBlockRows, rows - start);
        table.narrow(0, start, count).copy_(tableRows(start, count, gridSide, dim));
    }
    return table;
}

at::Tensor PositionTableImpl::forward(const at::Tensor& positionIds) const {
    checkIndexRange(positionIds, m_table.size(0), m_label);
    return at::embedding(m_table, positionIds.to(m_table.device()));
}

void PositionTableImpl::resetToComputed() {
    const at::NoGradGuard noGrad;
    m_table.copy_(computeTable(m_gridSide, m_dim));
}

double PositionTableImpl::maxDifferenceFromComputed() const {
    const at::NoGradGuard noGrad;
    const std::int64_t rows = m_table.size(0);
    double worst = 0.0;
    for (std::int64_t start = 0; start < rows; start += kTableBlockRows) {
        const std::int64_t count = std::min(kTableBlockRows, rows - start);
        const at::Tensor stored = m_table.narrow(0, start, count).to(at::kCPU, at::kDouble);
        const at::Tensor diff = (stored - tableRows(start, count, m_gridSide, m_dim)).abs().max();
        worst = std::max(worst, diff.item<double>());
    }
    return worst;
}

Result<PositionTableLoad> loadPositionTable(PositionTableImpl& table, const TensorStore& store,
                                            const std::string& prefix, const WeightTarget& target) {
    auto report = loadWeights(table, store, prefix, target, {"pos_embed"});
    if (!report) {
        return report.error();
    }
    PositionTableLoad result;
    result.fromFile = !report->loaded.empty();
    if (result.fromFile) {
        result.maxDifference = table.maxDifferenceFromComputed();
    } else {
        const at::NoGradGuard noGrad;
        at::Tensor slot = table.table();
        slot.set_data(
            PositionTableImpl::computeTable(table.gridSide(), table.dim()).to(target.device, target.dtype));
    }
    return result;
}

} // namespace hb
