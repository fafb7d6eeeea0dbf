#pragma once
// Draws a scene: background fill, then each object antialiased (its exact pixel coverage, see
// geometry.h, blended over what is below). Everything scales with S; the same scene renders alike at 64, 96
// and 128. Thread safety: pure functions, safe from any thread.

#include "hyperbagel/engine/image.h"

#include "shapeworld/scene.h"

namespace hb::shapeworld {

/// Canvas sides the model uses (shapeworld.md; 96 is the recommended one). render() accepts any
/// side >= 16, but the oracle is validated on these.
inline constexpr int kCanvasSizes[] = {64, 96, 128};

/// Renders `scene` on an S x S canvas (8-bit RGB, row-major). Objects are placed as
/// geometry.h's placeObject() says (jitter clamped so each stays inside its cell). Returns an empty
/// image when S < 16.
Image render(const Scene& scene, int S);

} // namespace hb::shapeworld
