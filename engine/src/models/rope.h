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

/// x * cos + rotate_half(x) * sin for x [T, heads, headDim]; rotate_half([a, b]) = [-b, a].
at::Tensor applyRope(const at::Tensor& x, const RopeTables& tables);

} // namespace hb
