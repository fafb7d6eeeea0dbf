#pragma once
// The oracle's first step: the background, and which object colour (if any) each pixel shows.
// A pixel on the edge of an antialiased object is a mix of the background B and the object's colour
// C, i.e. it lies on the RGB segment B..C; each pixel is matched to the nearest such segment, and is
// an object pixel when it lies past the segment's midpoint (coverage >= 0.5). Internal; OpenCV types.
// Thread safety: pure functions.

#include <array>

#include <opencv2/core.hpp>

#include "hyperbagel/engine/image.h"

#include "shapeworld/oracle.h"

namespace hb::shapeworld {

inline constexpr unsigned char kNoColour = 255;

struct PixelLabels {
    Background background = Background::White;
    std::array<float, 3> backgroundRgb{}; ///< the image's actual background (mean of its border)
    cv::Mat1b label;                      ///< Colour index per pixel, or kNoColour
    cv::Mat1f alpha;                      ///< coverage estimate of the labelled colour (0 where none)

    /// Coverage of colour `colour` at (x, y): the pixel's projection on the segment B..C (not clamped).
    float coverage(const Image& image, int x, int y, int colour) const;

    std::array<std::array<float, 3>, kColourCount> direction{}; ///< C - B
    std::array<float, kColourCount> inverseNorm2{};             ///< 1 / |C - B|^2
};

/// Background: the palette background nearest to most border pixels; backgroundRgb averages those
/// pixels. Then every pixel's label and alpha as described above.
PixelLabels labelPixels(const Image& image, const OracleOptions& options);

} // namespace hb::shapeworld
