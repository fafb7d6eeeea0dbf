#pragma once
// Pixel operations on libtorch tensors: resizing as the official transforms do (PIL's bicubic)
// and normalisation to [-1, 1]. Engine-internal. Thread safety: stateless.

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/image.h"

#include "image/resize_rule.h"

namespace hb {

/// uint8 HWC tensor of an Image (a copy).
at::Tensor imageToTensor(const Image& image);
/// Antialiased bicubic resize of a uint8 HWC tensor: Pillow's BICUBIC bit for bit (resizePil, run on
/// the CPU; the result goes back to the input's device). An unchanged size returns the input.
at::Tensor resizeBicubicU8(const at::Tensor& hwc, ImageSize size);
/// uint8 HWC -> float CHW, (u8 / 255 - 0.5) / 0.5 (ToTensor then Normalize(0.5, 0.5)).
at::Tensor normalizeU8(const at::Tensor& hwc);
/// The official transform: resize by `rule` (skipped when the size already matches), then normalise.
at::Tensor transformImage(const at::Tensor& hwc, const ResizeRule& rule);

} // namespace hb
