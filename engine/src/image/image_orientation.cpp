#include "image/image_orientation.h"

#include <cstddef>
#include <utility>

namespace hb {

Image applyOrientation(Image image, int orientation) {
    if (orientation < 2 || orientation > 8 || image.empty()) {
        return image;
    }
    const int w = image.width;
    const int h = image.height;
    const bool swap = orientation >= 5; // 5..8 exchange width and height
    Image out;
    out.width = swap ? h : w;
    out.height = swap ? w : h;
    out.rgb.resize(image.rgb.size());
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            // The stored pixel shown at (x, y) once the image is upright.
            int sx = x;
            int sy = y;
            switch (orientation) {
            case 2:
                sx = w - 1 - x;
                break;
            case 3:
                sx = w - 1 - x;
                sy = h - 1 - y;
                break;
            case 4:
                sy = h - 1 - y;
                break;
            case 5:
                sx = y;
                sy = x;
                break;
            case 6:
                sx = y;
                sy = h - 1 - x;
                break;
            case 7:
                sx = w - 1 - y;
                sy = h - 1 - x;
                break;
            default: // 8
                sx = w - 1 - y;
                sy = x;
                break;
            }
            const std::size_t from =
                (static_cast<std::size_t>(sy) * static_cast<std::size_t>(w) + static_cast<std::size_t>(sx)) *
                3;
            const std::size_t to = (static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width) +
                                    static_cast<std::size_t>(x)) *
                                   3;
            out.rgb[to] = image.rgb[from];
            out.rgb[to + 1] = image.rgb[from + 1];
            out.rgb[to + 2] = image.rgb[from + 2];
        }
    }
    return out;
}

} // namespace hb
