#pragma once
// Reads what the decoders do not report from an encoded image's container, before any pixel memory
// is allocated: the format, the stored size (checked against the limits), the EXIF orientation, and
// how PIL would treat the alpha channel. The official preprocessing (pil_img2rgb) composites only
// images whose PIL mode is RGBA or that carry "transparency"; every other mode is converted to RGB,
// which drops alpha (grey+alpha PNG/TIFF, TIFF with an unspecified extra sample). The decoders
// (OpenCV, stb for GIF) hide those distinctions, so they are taken from the headers here.
// Engine-internal. Thread safety: pure functions.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "hyperbagel/engine/error.h"

namespace hb {

enum class ImageFormat { Png, Jpeg, Gif, Bmp, Tiff, Webp, Count };

/// "PNG", "JPEG", ...
const char* toString(ImageFormat format);

/// What the fourth channel a decoder returns means for the official conversion to RGB.
enum class AlphaUse {
    Ignore,     ///< PIL converts the mode straight to RGB: the channel is dropped
    Straight,   ///< RGBA: alpha-composited on white with PIL's rounding
    Associated, ///< premultiplied samples as stored (TIFF ExtraSamples = 1): PIL un-premultiplies first
    LibtiffAssociated, ///< straight alpha that libtiff's RGBA reader premultiplied (8-bit TIFF, ExtraSamples
                       ///< = 2)
    Count
};

struct ImageProbe {
    ImageFormat format = ImageFormat::Png;
    std::int64_t width = 0; ///< as stored, before orientation
    std::int64_t height = 0;
    int orientation = 1; ///< EXIF orientation (1..8) still to be applied after decoding
    AlphaUse alpha = AlphaUse::Straight;
    /// PNG grey with tRNS: samples equal to `key` (in the stored bit depth) are transparent. libpng
    /// leaves this to the application for grey images; PIL turns it into alpha.
    bool colourKey = false;
    std::uint16_t key = 0;
    int bitDepth = 8;
    /// Animated WebP (OpenCV 4.6 decodes no animation): the first frame as a still WebP stream, its
    /// place on the canvas, and whether the canvas has alpha (else PIL shows the empty canvas black).
    bool animatedWebp = false;
    std::string firstFrame;
    int frameX = 0;
    int frameY = 0;
};

/// Inspects `size` bytes of an encoded image. Fails with BadFormat for an unknown format (the message
/// lists the supported ones), a header that is cut short or inconsistent, a zero width or height, or
/// a JPEG without its end-of-image marker (a truncated file, which libjpeg would pad with grey).
Result<ImageProbe> probeImage(const std::uint8_t* bytes, std::size_t size);

} // namespace hb
