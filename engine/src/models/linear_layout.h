#pragma once
// Memory layout of Linear weights for CPU inference. A Linear computes x @ W^T with W stored
// [out, in]; OpenBLAS packs a transposed right-hand matrix slowly when x has a few rows (3 to 16: a
// speculative verification, a draft step over accepted rows), up to six times the time of the same
// product with W^T stored contiguously. Keeping W's shape but storing it input-major ([in, out]
// memory, W a transposed view) gives the fast path for every row count measured and costs nothing
// at one row. Engine-internal. Thread safety: call once after loading, before any forward.

#include <torch/nn/module.h>

namespace hb {

/// Restores every CPU Linear weight under `root` input-major (same values, shape and parameter
/// object; only the strides change). Weights on other devices and non-2-D weights are left alone.
/// Returns how many weights were changed.
int useInputMajorLinearWeights(torch::nn::Module& root);

} // namespace hb
