#include "models/rope.h"

#include <ATen/ATen.h>

namespace hb {

RopeTables ropeTables(const at::Tensor& positions, std::int64_t headDim, double theta, at::ScalarType dtype) {
    const auto f32 = at::TensorOptions().dtype(at::kFloat).device(positions.device());
    // Python: 1.0 / (base ** (arange(0, dim, 2).float() / dim)), all float32.
    const at::Tensor exponents = at::arange(0, headDim, 2, f32) / static_cast<double>(headDim);
    const at::Tensor invFreq = 1.0 / at::pow(at::scalar_tensor(theta, f32), exponents);
    const at::Tensor freqs = positions.to(at::kFloat).unsqueeze(1) * invFreq.unsqueeze(0);
    const at::Tensor emb = at::cat({freqs, freqs}, -1);
    return {emb.cos().to(dtype), emb.sin().to(dtype)};
}

const RopeTables& PassRope::tables(at::ScalarType dtype) {
    if (m_dtype != dtype) {
        m_tables = ropeTables(m_positions, m_headDim, m_theta, dtype);
        m_dtype = dtype;
    }
    return m_tables;
}

at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables) {
    const std::int64_t half = x.size(-1) / 2;
    const at::Tensor x1 = x.narrow(-1, 0, half);
    const at::Tensor x2 = x.narrow(-1, half, half);
    const at::Tensor rotated = at::cat({-x2, x1}, -1);
    const at::Tensor cos = tables.cos.unsqueeze(1); // [T, 1, D] broadcasts over heads
    const at::Tensor sin = tables.sin.unsqueeze(1);
    return x * cos + rotated * sin;
}

} // namespace hb
