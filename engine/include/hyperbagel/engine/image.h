#pragma once
// Images at the engine's public boundary: 8-bit RGB pixels in row-major order, no libtorch types.
// Thread safety: plain values; loadImage() is safe from any thread.

#include <cstdint>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

/// 8-bit RGB, row-major, `width * height * 3` bytes.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    bool empty() const { return width <= 0 || height <= 0; }
};

/// An already preprocessed image: float CHW values in [-1, 1] (what the official transforms feed the
/// model). Used to reproduce reference inputs exactly; normal callers pass an Image.
struct PixelTensor {
    int width = 0;
    int height = 0;
    std::vector<float> chw; ///< 3 * height * width values
};

/// Decodes PNG, JPEG, BMP, GIF (first frame), TGA, PSD, HDR (tone-clamped) or PNM. Grey and palette
/// images become RGB; images with alpha are composited on white, as the official code does.
/// Fails with FileNotFound, or BadFormat naming the decoder's reason.
Result<Image> loadImage(const std::string& path);

/// Reads one float tensor [3, H, W] named `name` (or the only tensor) from a safetensors file.
Result<PixelTensor> loadPixelTensor(const std::string& path, const std::string& name = {});

} // namespace hb
