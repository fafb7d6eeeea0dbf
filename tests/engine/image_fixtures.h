#pragma once
// Hand-built image files for the decoder tests: the layouts OpenCV's encoders cannot produce
// (palette and tRNS PNGs, TIFF tags, EXIF segments, GIFs, animated WebP, 32-bit BMP variants) are
// written byte by byte here, so no binary fixture has to be committed.

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "hyperbagel/engine/image.h"

namespace hbtest {

/// `mat` encoded by OpenCV for the extension `ext` (".png", ".jpg", ...); throws when it cannot.
std::string cvEncode(const std::string& ext, const cv::Mat& mat, const std::vector<int>& params = {});
/// hb::decodeImage on the bytes of a string.
hb::Result<hb::Image> decodeBytes(const std::string& bytes);
/// An 8-bit BGR (3 channels) or grey (1 channel) Mat as the RGB Image PIL would give for it.
hb::Image rgbOf(const cv::Mat& mat);
/// A deterministic BGR test pattern with distinct pixels.
cv::Mat testPattern(int width, int height, int seed = 1);

/// One PNG chunk: length, type, data, CRC-32.
std::string pngChunk(const std::string& type, const std::string& data);

/// A PNG of `rows` already packed samples (no filter bytes), `bitDepth` and `colourType` as in IHDR,
/// IDAT as stored (uncompressed) deflate blocks. `extraChunks` go between IHDR and IDAT
/// (PLTE, tRNS, eXIf, ...); `afterIdat` between IDAT and IEND.
std::string makePng(int width, int height, int bitDepth, int colourType, const std::vector<std::string>& rows,
                    const std::string& extraChunks = {}, const std::string& afterIdat = {});

/// A TIFF-structured EXIF block ("II*\0" ...) holding only IFD0 with Orientation = `orientation`.
std::string exifTiffBlock(int orientation, bool bigEndian = false);

/// `jpeg` with an APP1 "Exif\0\0" segment (orientation) inserted right after SOI.
std::string jpegWithExif(const std::string& jpeg, int orientation);

/// An uncompressed, single-strip TIFF. `samples` holds width*height*spp samples of `bits` bits
/// (8 or 16, stored in the file's byte order). `extraSamples` < 0 writes no ExtraSamples tag.
struct TiffSpec {
    int width = 1;
    int height = 1;
    int samplesPerPixel = 3;
    int bitsPerSample = 8;
    int photometric = 2; ///< 0 white-is-zero, 1 black-is-zero, 2 RGB
    int extraSamples = -1;
    int orientation = 0; ///< 0: no tag
    bool bigEndian = false;
    std::vector<std::uint16_t> samples;
};
std::string makeTiff(const TiffSpec& spec);

/// A GIF of palette indices (colour table of up to 256 RGB triplets), with an optional transparent
/// index (-1: none). Frames after the first are copies with every index replaced by `laterIndex`.
std::string makeGif(int width, int height, const std::vector<std::uint8_t>& palette,
                    const std::vector<std::uint8_t>& indices, int transparentIndex, int frames = 1,
                    std::uint8_t laterIndex = 0);

/// An animated WebP whose frames are the image chunks (VP8L/VP8, with ALPH) of the still WebP files
/// given; frame i is placed at (offsetX[i], offsetY[i]) (even) on a canvas of the given size.
std::string makeAnimatedWebp(int canvasWidth, int canvasHeight, const std::vector<std::string>& stillFrames,
                             const std::vector<int>& offsetX, const std::vector<int>& offsetY,
                             bool alphaFlag);

/// A 32-bit BMP (bottom-up) of BGRA pixels in top-down order. With `alphaMask` the file uses
/// BI_BITFIELDS and a V4 header declaring the alpha mask; without, BI_RGB (the 4th byte is padding).
std::string makeBmp32(int width, int height, const std::vector<std::uint8_t>& bgra, bool alphaMask);

} // namespace hbtest
