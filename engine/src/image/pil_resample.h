#pragma once
// Pillow's antialiased resampling (Image.resize with BICUBIC, no box, no reducing_gap), bit for bit,
// on 8-bit RGB. The official transforms call torchvision F.resize on a PIL image, which is
// img.resize((W', H'), BICUBIC): a separable filter whose support widens with the downscale factor,
// evaluated in 22-bit fixed point with a rounding and a clip to 0..255 after each of the two passes.
// libtorch's _upsample_bicubic2d_aa computes the same filter in float with one rounding and so
// differs by a few levels; this file is what makes the engine's inputs equal the official ones.
// Engine-internal, no libtorch. Thread safety: pure functions.

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

namespace hb {

/// Pillow's resample filters. Only the filters the engine needs are provided.
enum class PilFilter { Bicubic, Bilinear, Count };

/// `image` resized to `width` x `height` exactly as Pillow 9.x/10.x/11.x `Image.resize((width,
/// height), filter)` resizes an RGB image: horizontal pass over the needed source rows, then the
/// vertical pass; a pass whose size is unchanged is skipped; an unchanged size returns a copy.
/// Fails with InvalidRequest when the input is empty or inconsistent or a target side is < 1.
Result<Image> resizePil(const Image& image, int width, int height, PilFilter filter = PilFilter::Bicubic);

} // namespace hb
