#pragma once
// Pixel decoding behind loadImage/decodeImage: OpenCV's imgcodecs for PNG, JPEG, WebP, BMP and TIFF,
// stb_image for GIF (OpenCV 4.6 has no GIF reader), then the official conversion to RGB
// (pil_img2rgb: RGBA and transparency composited on white with PIL's rounding, everything else
// converted to RGB). 16-bit samples keep their high byte, as PIL's 16-bit unpackers do.
// Engine-internal. Thread safety: safe from any thread (no shared state).

#include <cstddef>
#include <cstdint>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

#include "image/image_probe.h"

namespace hb {

/// The stored pixels of probed bytes as 8-bit RGB, before the EXIF orientation. Fails with BadFormat
/// when the decoder rejects the data (truncated or corrupt), Unsupported for sample formats PIL's
/// RGB conversion has no meaning for (floating point), OutOfMemory when an allocation fails.
Result<Image> decodePixels(const std::uint8_t* bytes, std::size_t size, const ImageProbe& probe);

/// GIF's first frame as 8-bit RGBA (stb_image). Fails with BadFormat naming stb's reason.
Result<std::vector<std::uint8_t>> decodeGifRgba(const std::uint8_t* bytes, std::size_t size, int& width,
                                                int& height);

} // namespace hb
