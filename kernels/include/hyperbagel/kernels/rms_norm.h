#pragma once
// RMSNorm as Qwen2 computes it: in float32, y = x / sqrt(mean(x^2 over the last dim) + eps), cast back
// to x's dtype, then multiplied by `weight` (broadcast over the last dim).
// Engine-internal API (libtorch types): never include this from ui/ or public engine headers.
// Thread safety: stateless; safe from any thread (CUDA work goes to the current stream).

#include <ATen/core/Tensor.h>

namespace hb::kernels {

/// Dispatches on x's device: the CPU loop kernel or the CUDA kernel, neither of which has a backward
/// pass; when a gradient is needed (grad mode on and x or weight requiring grad) it is always the
/// differentiable reference. Fails (c10::Error) when shapes disagree (weight must be 1-D with
/// x.size(-1) elements) or no implementation exists for the device.
at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps);

/// True when rmsNorm() must keep autograd (and therefore takes the reference).
bool rmsNormNeedsGradient(const at::Tensor& x, const at::Tensor& weight);

/// The CPU reference (ATen composition, differentiable). Exposed for parity tests.
at::Tensor rmsNormReference(const at::Tensor& x, const at::Tensor& weight, double eps);

/// The CPU inference kernel: one pass per row for float32 and bfloat16 (x and weight of the same
/// dtype; the reference otherwise). Same rounding steps as the reference; the mean of squares is
/// accumulated in double.
at::Tensor rmsNormCpu(const at::Tensor& x, const at::Tensor& weight, double eps);

} // namespace hb::kernels
