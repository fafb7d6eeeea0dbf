#pragma once
// Rotary position embedding, Qwen2 / LLaMA "rotate-half" convention (not interleaved), 1-D positions.
// Engine-internal. Thread safety: stateless.

#include <ATen/core/Tensor.h>

namespace hb {

struct RopeTables {
    at::Tensor cos; ///< [T, headDim], in the requested dtype
    at::Tensor sin; ///< [T, headDim]
};

/// inv_freq[i] = theta^(-2i/headDim) in float32; f = pos * inv_freq; cos/sin of cat(f, f) computed in
/// float32 and then cast to `dtype` (bagel-spec §2.3). `positions` is an int64 tensor [T].
RopeTables ropeTables(const at::Tensor& positions, std::int64_t headDim, double theta, at::ScalarType dtype);

/// The tables of one forward pass: computed on first use, then shared by every layer of the pass (each layer used to recompute them: a dozen small operations per layer and step).
class PassRope {
public:
    PassRope(at::Tensor positions, std::int64_t headDim, double theta)
        : m_positions(std::move(positions)), m_headDim(headDim), m_theta(theta) {}
    const at::Tensor& positions() const { return m_positions; }
    /// ropeTables(positions, headDim, theta, dtype), kept for the next layer. Every layer of a pass
    /// asks for the same dtype (float32 when generation rows are routed, else the activation dtype);
    /// another dtype recomputes.
    const RopeTables& tables(at::ScalarType dtype);

private:
    at::Tensor m_positions;
    std::int64_t m_headDim;
    double m_theta;
    at::ScalarType m_dtype = at::ScalarType::Undefined;
    RopeTables m_tables;
};

/// x * cos + rotate_half(x) * sin for x [T, heads, headDim]; rotate_half([a, b]) = [-b, a].
at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables);

} // namespace hb
