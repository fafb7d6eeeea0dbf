#pragma once
// Images at the engine's public boundary: 8-bit RGB pixels in row-major order, no libtorch types.
// Thread safety: plain values; every function here is safe from any thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
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

/// Limits checked from the file header before any pixel memory is allocated: at most 16384 pixels per
/// side and 64 megapixels in all (67,108,864; an RGB copy is then at most 192 MiB, and a decoder's
/// 16-bit RGBA buffer 512 MiB), and encoded data of at most 1 GiB.
inline constexpr std::int64_t kImageMaxSide = 16384;
inline constexpr std::int64_t kImageMaxPixels = 64ll << 20;
inline constexpr std::uint64_t kImageMaxFileBytes = 1ull << 30;

/// Decodes an image file as the official preprocessing sees it (PIL's Image.open, then pil_img2rgb):
/// PNG, JPEG, WebP, BMP, TIFF (first page) and GIF; 1..16-bit samples (16-bit keep their high byte);
/// grey, palette, RGB and CMYK JPEG become RGB; RGBA, palette or grey with tRNS, TIFF/BMP/WebP alpha
/// are composited on white with PIL's rounding; grey+alpha (PIL mode LA) drops alpha as PIL's
/// convert("RGB") does. Animations (GIF, WebP, APNG) give their first frame. The EXIF orientation of
/// JPEG, PNG, WebP and TIFF is applied (as ImageOps.exif_transpose does).
/// Fails with FileNotFound, IoError, BadFormat (unknown format, truncated or corrupt data),
/// InvalidRequest (over the limits above; the message names the size and the limit), Unsupported
/// (floating-point samples) or OutOfMemory. Never throws.
Result<Image> loadImage(const std::string& path);

/// As loadImage(), from `size` encoded bytes in memory (clipboard, drag and drop). The caller keeps
/// ownership of `bytes`.
Result<Image> decodeImage(const std::uint8_t* bytes, std::size_t size);

/// Writes `image` as an 8-bit RGB PNG, replacing `path` atomically, with one text chunk per entry
/// (tEXt for ASCII values, iTXt for UTF-8), e.g. {"prompt", ...}, {"seed", "42"}. Readers such as
/// PIL (`Image.open(p).text`), exiftool and readPngText() give them back.
/// Fails with InvalidRequest (empty image, key not 1..79 printable ASCII characters, value with a NUL
/// byte), IoError (cannot write) or Internal (the encoder failed).
Result<void> saveImagePng(const Image& image, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& textChunks = {});

/// The tEXt and uncompressed iTXt entries of a PNG file, in file order.
/// Fails with FileNotFound, IoError or BadFormat (not a PNG, or a chunk runs past the end).
Result<std::vector<std::pair<std::string, std::string>>> readPngText(const std::string& path);

/// Reads one float tensor [3, H, W] named `name` (or the only tensor) from a safetensors file.
Result<PixelTensor> loadPixelTensor(const std::string& path, const std::string& name = {});

} // namespace hb
