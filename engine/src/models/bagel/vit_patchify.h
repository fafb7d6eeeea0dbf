#pragma once
// The NaViT input layout (bagel-spec §4.3): a [C, H, W] image (H, W multiples of the patch size)
// becomes (H/p)*(W/p) patch vectors, row-major over patches, each flattened (py, px, c) with the
// channel fastest (the order of the stored Linear patch embedding); position ids are
// row * maxPerSide + col ("extrapolate" mode, interpolate_pos = false).
// Thread safety: stateless; safe from any thread.

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace hb {

/// [C, H, W] -> [(H/p)*(W/p), p*p*C]. Fails (c10::Error) when H or W is not a multiple of `patch`.
at::Tensor patchifyVitImage(const at::Tensor& image, std::int64_t patch);

/// int64 [rows*cols] ids row * maxPerSide + col. Fails when rows or cols exceeds maxPerSide (the
/// ids would alias other rows of the 70x70 tables).
at::Tensor vitPositionIds(std::int64_t rows, std::int64_t cols, std::int64_t maxPerSide);

} // namespace hb
