#pragma once
// The WebP RIFF container: the stored size, the EXIF orientation and, for animations, the first
// frame repackaged as a still WebP (OpenCV 4.6 decodes stills only). Engine-internal.
// Thread safety: pure function.

#include <cstddef>
#include <cstdint>

#include "hyperbagel/engine/error.h"

#include "image/image_probe.h"

namespace hb {

/// Probes a "RIFF....WEBP" stream. Fails with BadFormat when the RIFF size runs past the data, the
/// image chunk is missing or damaged, or an animation has no frame inside its canvas.
Result<ImageProbe> probeWebp(const std::uint8_t* bytes, std::size_t size);

} // namespace hb
