#pragma once
// The exact RGB values of ShapeWorld's object colours and backgrounds (shapeworld.md's table).
// Thread safety: pure functions.

#include <array>
#include <cstdint>

#include "shapeworld/scene.h"

namespace hb::shapeworld {

using Rgb = std::array<std::uint8_t, 3>;

Rgb rgbOf(Colour colour);
Rgb rgbOf(Background background);

} // namespace hb::shapeworld
