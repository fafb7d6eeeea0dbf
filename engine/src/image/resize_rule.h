#pragma once
// The official ImageTransform size rule, MaxLongEdgeMinShortEdgeResize (bagel-spec §4.1), with its
// quirks: Python's round-half-to-even, the snap to the stride, and the area ratio applied linearly
// when the image has too many pixels. Thread safety: pure function.

#include <cstdint>

namespace hb {

struct ResizeRule {
    std::int64_t maxSize = 1024;
    std::int64_t minSize = 512;
    std::int64_t stride = 16;
    std::int64_t maxPixels = 14 * 14 * 9 * 1024;
};

struct ImageSize {
    std::int64_t width = 0;
    std::int64_t height = 0;
    bool operator==(const ImageSize& o) const { return width == o.width && height == o.height; }
};

/// The size an image of `input` is resized to. `imageCount` divides maxPixels as upstream does.
ImageSize resizedSize(ImageSize input, const ResizeRule& rule, std::int64_t imageCount = 1);

} // namespace hb
