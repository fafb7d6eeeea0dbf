#pragma once
// The VAE latent <-> LLM token layout (bagel-spec §4.4): p x p patches of a [1, C, p*h, p*w] latent
// become h*w tokens of p*p*C values, row-major over patches, each flattened (py, px, c) with the
// channel fastest; the decoded image becomes 8-bit HWC pixels. Pure tensor functions.
// Thread safety: stateless; safe from any thread.

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace hb {

/// [1, C, p*h, p*w] (or [C, p*h, p*w]) -> [h*w, p*p*C]. Fails (c10::Error) when a side is not a
/// multiple of `patch`.
at::Tensor patchifyLatent(const at::Tensor& latent, std::int64_t patch = 2);

/// The inverse: [h*w, p*p*C] -> [1, C, p*h, p*w].
at::Tensor unpatchifyLatent(const at::Tensor& tokens, std::int64_t h, std::int64_t w, std::int64_t channels,
                            std::int64_t patch = 2);

/// int64 [h*w] ids i * maxLatentSize + j for the token grid (i < h, j < w), indexing
/// latent_pos_embed. Fails when h or w exceeds maxLatentSize (the table has no row for it).
at::Tensor latentPositionIds(std::int64_t h, std::int64_t w, std::int64_t maxLatentSize);

/// A decoded image [1, 3, H, W] or [3, H, W] in about [-1, 1] -> uint8 [H, W, 3] on the CPU,
/// ((x * 0.5 + 0.5).clamp(0, 1) * 255) truncated toward zero, as the official code converts it.
at::Tensor imageToUint8(const at::Tensor& image);

} // namespace hb
