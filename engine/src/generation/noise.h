#pragma once
// Initial noise and VAE posterior noise from the seed, identical on every platform and libtorch
// version: counter-based splitmix64 + Box-Muller (checkpoint/random_values.h), not libtorch's RNG.
// Engine-internal. Thread safety: pure functions.

#include <cstdint>
#include <string_view>

#include <ATen/core/Tensor.h>

namespace hb {

/// Standard normal float32 tensor of `shape`, a pure function of (seed, stream, element index).
at::Tensor seededNormal(std::uint64_t seed, std::string_view stream, at::IntArrayRef shape);

} // namespace hb
