#pragma once
// From safetensors views to libtorch tensors. Engine-internal (libtorch types).
// Thread safety: stateless; safe from any thread.

#include <optional>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/safetensors.h"

namespace hb {

/// The libtorch scalar type of a safetensors dtype; nullopt when this libtorch has none (F8 on 1.13).
std::optional<at::ScalarType> scalarTypeOf(DType dtype);

/// A CPU tensor over the view's bytes: zero-copy when the view is aligned (valid while the file is
/// open and never written to), otherwise a copy. Fails with Unsupported for dtypes libtorch lacks.
Result<at::Tensor> tensorFromView(const TensorView& view);

} // namespace hb
