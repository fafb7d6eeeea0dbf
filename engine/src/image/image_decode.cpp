#include "image/image_decode.h"

#include <algorithm>
#include <new>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace hb {
namespace {

// PIL's Image.paste(rgba, mask=alpha) onto white: out = (255 * (255 - a) + c * a) / 255, rounded to
// nearest. The shifts are PIL's exact division by 255 for numerators up to 255 * 255.
inline std::uint8_t blendOnWhite(unsigned c, unsigned a) {
    const unsigned t = 255u * (255u - a) + c * a + 128u;
    return static_cast<std::uint8_t>(((t >> 8) + t) >> 8);
}

// PIL's "RGBa" unpacker (associated alpha to straight): truncating division, clipped.
inline unsigned unpremultiply(unsigned c, unsigned a) {
    if (a == 0) {
        return 0;
    }
    return a == 255 ? c : std::min(255u, c * 255u / a);
}

// One sample as 8 bits: 16-bit samples keep their high byte (PIL's ";16B"/";16L" unpackers).
inline unsigned sample8(const cv::Mat& m, int y, int x, int c) {
    if (m.depth() == CV_16U) {
        return m.ptr<std::uint16_t>(y)[x * m.channels() + c] >> 8;
    }
    return m.ptr<std::uint8_t>(y)[x * m.channels() + c];
}

// Whether a grey sample equals the tRNS key, compared in the stored bit depth. libpng has already
// expanded 1/2/4-bit samples to 8 bits, so the key is expanded the same way.
bool matchesKey(const cv::Mat& m, int y, int x, const ImageProbe& probe) {
    if (m.depth() == CV_16U) {
        return m.ptr<std::uint16_t>(y)[x] == probe.key;
    }
    unsigned key = probe.key;
    if (probe.bitDepth < 8) {
        key = key * 255u / ((1u << probe.bitDepth) - 1u);
    }
    return m.ptr<std::uint8_t>(y)[x] == key;
}

// OpenCV's BGR(A)/grey Mat to RGB under the probe's alpha rule.
Result<Image> matToRgb(const cv::Mat& m, const ImageProbe& probe) {
    if (m.depth() != CV_8U && m.depth() != CV_16U) {
        return makeError(ErrorCode::Unsupported,
                         std::string(toString(probe.format)) +
                             " with floating-point or signed samples is not supported");
    }
    const int channels = m.channels();
    if (channels < 1 || channels > 4) {
        return makeError(ErrorCode::Unsupported, std::string(toString(probe.format)) + " with " +
                                                     std::to_string(channels) + " channels");
    }
    Image out;
    out.width = m.cols;
    out.height = m.rows;
    out.rgb.resize(static_cast<std::size_t>(m.cols) * static_cast<std::size_t>(m.rows) * 3);
    const bool colour = channels >= 3;
    const bool keyed = probe.colourKey && channels == 1;
    const AlphaUse alpha = channels == 4 ? probe.alpha : AlphaUse::Ignore;
    std::uint8_t* dst = out.rgb.data();
    for (int y = 0; y < m.rows; ++y) {
        for (int x = 0; x < m.cols; ++x, dst += 3) {
            unsigned rgb[3];
            if (colour) {
                rgb[0] = sample8(m, y, x, 2);
                rgb[1] = sample8(m, y, x, 1);
                rgb[2] = sample8(m, y, x, 0);
            } else {
                rgb[0] = rgb[1] = rgb[2] = sample8(m, y, x, 0);
            }
            unsigned a = 255;
            if (keyed) {
                a = matchesKey(m, y, x, probe) ? 0 : 255;
            } else if (alpha != AlphaUse::Ignore) {
                a = sample8(m, y, x, 3);
            }
            for (int c = 0; c < 3; ++c) {
                unsigned v = rgb[c];
                if (alpha == AlphaUse::LibtiffAssociated) {
                    // libtiff premultiplied with (c * a + 127) / 255, the same rounding as PIL's blend,
                    // so adding the white that shows through gives PIL's composite exactly.
                    v = std::min(255u, v + 255u - a);
                } else if (a != 255) {
                    v = blendOnWhite(alpha == AlphaUse::Associated ? unpremultiply(v, a) : v, a);
                }
                dst[c] = static_cast<std::uint8_t>(v);
            }
        }
    }
    return out;
}

Result<cv::Mat> imdecodeChecked(const std::uint8_t* bytes, std::size_t size, ImageFormat format) {
    cv::Mat m;
    try {
        const cv::Mat buffer(1, static_cast<int>(size), CV_8U, const_cast<std::uint8_t*>(bytes));
        // UNCHANGED keeps alpha and 16-bit samples, and leaves EXIF orientation to the caller.
        m = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::BadFormat,
                         std::string("cannot decode the ") + toString(format) + " data: " + e.err);
    }
    if (m.empty()) {
        return makeError(ErrorCode::BadFormat, std::string("cannot decode the ") + toString(format) +
                                                   " data (truncated or corrupt)");
    }
    return m;
}

// An animation's first frame placed on its canvas, which starts transparent black as in libwebp's
// WebPAnimDecoder (what PIL uses); the first frame is drawn without blending.
Result<cv::Mat> decodeWebpFirstFrame(const ImageProbe& probe) {
    auto frame = imdecodeChecked(reinterpret_cast<const std::uint8_t*>(probe.firstFrame.data()),
                                 probe.firstFrame.size(), ImageFormat::Webp);
    if (!frame) {
        return frame.error();
    }
    if (frame->depth() != CV_8U || (frame->channels() != 3 && frame->channels() != 4) ||
        probe.frameX + frame->cols > probe.width || probe.frameY + frame->rows > probe.height) {
        return makeError(ErrorCode::BadFormat, "animated WebP's first frame does not fit its canvas");
    }
    cv::Mat canvas(static_cast<int>(probe.height), static_cast<int>(probe.width), CV_8UC4,
                   cv::Scalar::all(0));
    for (int y = 0; y < frame->rows; ++y) {
        const std::uint8_t* src = frame->ptr<std::uint8_t>(y);
        std::uint8_t* dst = canvas.ptr<std::uint8_t>(probe.frameY + y) + 4 * probe.frameX;
        for (int x = 0; x < frame->cols; ++x, dst += 4, src += frame->channels()) {
            dst[0] = src[0];
            dst[1] = src[1];
            dst[2] = src[2];
            dst[3] = frame->channels() == 4 ? src[3] : 255;
        }
    }
    return canvas;
}

Result<Image> decodeGif(const std::uint8_t* bytes, std::size_t size) {
    int w = 0;
    int h = 0;
    auto rgba = decodeGifRgba(bytes, size, w, h);
    if (!rgba) {
        return rgba.error();
    }
    // stb gives RGBA with alpha 0 at the transparent index: PIL's P + transparency -> RGBA -> paste.
    Image out;
    out.width = w;
    out.height = h;
    out.rgb.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    const std::uint8_t* src = rgba->data();
    for (std::size_t i = 0, n = out.rgb.size() / 3; i < n; ++i, src += 4) {
        for (int c = 0; c < 3; ++c) {
            out.rgb[3 * i + static_cast<std::size_t>(c)] =
                src[3] == 255 ? src[c] : blendOnWhite(src[c], src[3]);
        }
    }
    return out;
}

} // namespace

Result<Image> decodePixels(const std::uint8_t* bytes, std::size_t size, const ImageProbe& probe) {
    try {
        if (probe.format == ImageFormat::Gif) {
            return decodeGif(bytes, size);
        }
        if (size > static_cast<std::size_t>(INT32_MAX)) {
            return makeError(ErrorCode::InvalidRequest, "encoded image larger than 2 GiB");
        }
        auto mat =
            probe.animatedWebp ? decodeWebpFirstFrame(probe) : imdecodeChecked(bytes, size, probe.format);
        if (!mat) {
            return mat.error();
        }
        return matToRgb(*mat, probe);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory,
                         std::string("out of memory decoding a ") + toString(probe.format) + " image of " +
                             std::to_string(probe.width) + "x" + std::to_string(probe.height) + " pixels");
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::BadFormat,
                         std::string("cannot decode the ") + toString(probe.format) + " data: " + e.err);
    }
}

} // namespace hb
