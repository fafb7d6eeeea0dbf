#include "shapeworld/renderer.h"

#include <algorithm>
#include <cmath>

#include "shapeworld/geometry.h"
#include "shapeworld/palette.h"

namespace hb::shapeworld {
namespace {

void blendObject(Image& image, const Object& object) {
    const Placement placement = placeObject(object, image.width, image.height);
    const double half = 0.5 * placement.side;
    const int x0 = std::max(0, static_cast<int>(std::floor(placement.cx - half)) - 1);
    const int y0 = std::max(0, static_cast<int>(std::floor(placement.cy - half)) - 1);
    const int x1 = std::min(image.width, static_cast<int>(std::ceil(placement.cx + half)) + 1);
    const int y1 = std::min(image.height, static_cast<int>(std::ceil(placement.cy + half)) + 1);
    if (x1 <= x0 || y1 <= y0) {
        return;
    }
    const cv::Rect window(x0, y0, x1 - x0, y1 - y0);
    const cv::Mat1f coverage = shapeCoverage(object.shape, placement, window);
    const Rgb colour = rgbOf(object.colour);
    for (int y = 0; y < window.height; ++y) {
        for (int x = 0; x < window.width; ++x) {
            const float alpha = coverage(y, x);
            if (alpha <= 0.0f) {
                continue;
            }
            const std::size_t offset =
                (static_cast<std::size_t>(y0 + y) * static_cast<std::size_t>(image.width) + (x0 + x)) * 3;
            for (std::size_t c = 0; c < 3; ++c) {
                const float below = image.rgb[offset + c];
                const float value = below + alpha * (static_cast<float>(colour[c]) - below);
                image.rgb[offset + c] =
                    static_cast<std::uint8_t>(std::lround(std::clamp(value, 0.0f, 255.0f)));
            }
        }
    }
}

} // namespace

Image render(const Scene& scene, int S) {
    Image image;
    if (S < 16) {
        return image;
    }
    image.width = S;
    image.height = S;
    image.rgb.resize(static_cast<std::size_t>(S) * static_cast<std::size_t>(S) * 3);
    const Rgb background = rgbOf(scene.background);
    for (std::size_t i = 0; i < image.rgb.size(); i += 3) {
        image.rgb[i] = background[0];
        image.rgb[i + 1] = background[1];
        image.rgb[i + 2] = background[2];
    }
    for (const Object& object : scene.objects) {
        blendObject(image, object);
    }
    return image;
}

} // namespace hb::shapeworld
