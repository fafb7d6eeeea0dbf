#pragma once
// RMSNorm as Qwen2 computes it: in float32, y = x / sqrt(mean(x^2 over the last dim) + eps), cast back
// to x's dtype, then multiplied by `weight` (broadcast over the last dim).
// Engine-internal API (libtorch types): never include this from ui/ or public engine headers.
// Thread safety: stateless; safe from any thread (CUDA work goes to the current stream).

#include <ATen/core/Tensor.h>

namespace hb::kernels {

/// Dispatches on x's device: the CPU reference or the CUDA kernel. Fails (c10::Error) when shapes
/// disagree (weight must be 1-D with x.size(-1) elements) or no implementation exists for the device.
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

/// The CPU reference (ATen composition). Exposed for parity tests.
at::Tensor rmsNormReference(const at::Tensor& x, const at::Tensor& weight, double eps);

} // namespace hb::kernels
