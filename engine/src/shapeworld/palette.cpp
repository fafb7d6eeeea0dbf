#include "shapeworld/palette.h"

namespace hb::shapeworld {
namespace {

constexpr std::array<Rgb, kColourCount> kColourRgb = {{
    {220, 40, 40},  // red
    {40, 170, 60},  // green
    {40, 80, 220},  // blue
    {240, 210, 40}, // yellow
    {140, 60, 190}, // purple
    {245, 130, 30}, // orange
}};

constexpr std::array<Rgb, kBackgroundCount> kBackgroundRgb = {{
    {245, 245, 245}, // white
    {25, 25, 25},    // black
    {128, 128, 128}, // gray
    {230, 220, 190}, // beige
    {180, 210, 240}, // light blue
}};

} // namespace

Rgb rgbOf(Colour colour) { return kColourRgb.at(static_cast<std::size_t>(colour)); }
Rgb rgbOf(Background background) { return kBackgroundRgb.at(static_cast<std::size_t>(background)); }

} // namespace hb::shapeworld
