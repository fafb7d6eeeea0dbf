#include "image/resize_rule.h"

#include <algorithm>
#include <cmath>

namespace hb {
namespace {

// Python's round(): half to even. std::nearbyint uses the current rounding mode (to nearest, ties to
// even) by default.
std::int64_t pyRound(double v) { return static_cast<std::int64_t>(std::nearbyint(v)); }

std::int64_t snap(double v, std::int64_t stride) {
    return std::max(stride, pyRound(static_cast<double>(pyRound(v)) / static_cast<double>(stride)) * stride);
}

} // namespace

ImageSize resizedSize(ImageSize input, const ResizeRule& rule, std::int64_t imageCount) {
    const double w = static_cast<double>(input.width);
    const double h = static_cast<double>(input.height);
    double scale = std::min(static_cast<double>(rule.maxSize) / std::max(w, h), 1.0);
    scale = std::max(scale, static_cast<double>(rule.minSize) / std::min(w, h));
    ImageSize out{snap(w * scale, rule.stride), snap(h * scale, rule.stride)};
    const double budget =
        static_cast<double>(rule.maxPixels) / static_cast<double>(std::max<std::int64_t>(1, imageCount));
    const double pixels = static_cast<double>(out.width) * static_cast<double>(out.height);
    if (pixels > budget) {
        const double s2 = budget / pixels; // upstream applies the area ratio to each side
        out = {snap(static_cast<double>(out.width) * s2, rule.stride),
               snap(static_cast<double>(out.height) * s2, rule.stride)};
    }
    if (std::max(out.width, out.height) > rule.maxSize) {
        const double s3 =
            static_cast<double>(rule.maxSize) / static_cast<double>(std::max(out.width, out.height));
        out = {snap(static_cast<double>(out.width) * s3, rule.stride),
               snap(static_cast<double>(out.height) * s3, rule.stride)};
    }
    return out;
}

} // namespace hb
