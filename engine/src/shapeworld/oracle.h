#pragma once
// The oracle: reads a ShapeWorld image back into a Scene, for any canvas side. Used to score what a
// generator draws, so it is exact on clean renders and tolerant of mild degradation (blur, noise,
// slight colour shifts, compression artefacts). How it works is in README.md ("Oracle").
// Thread safety: pure functions, safe from any thread.

#include <string>
#include <vector>

#include "hyperbagel/engine/image.h"

#include "shapeworld/scene.h"

namespace hb::shapeworld {

struct OracleOptions {
    /// A pixel belongs to an object colour when it lies within this RGB distance (0..255 units) of
    /// the segment from the background to that colour, past its midpoint.
    double maxResidual = 70.0;
    /// Components with fewer pixels than this fraction of the smallest possible object (a small star
    /// at scale 0.9) are specks and ignored.
    double speckFraction = 0.25;
    /// Box side (units of S) between small (<= 0.1375) and large (>= 0.225): near their geometric mean.
    double sizeThreshold = 0.18;

    std::string describe() const;
};

/// One object as read, with how well the best outline fitted (mean squared coverage error per
/// pixel of the fitting window; 0 is a perfect fit) and the runner-up's error.
struct ReadObject {
    Object object;
    double fitError = 0.0;
    double runnerUpError = 0.0;
    Shape runnerUp = Shape::Circle;
    double mass = 0.0; ///< summed coverage, pixels
};

struct OracleReading {
    Scene scene;                     ///< objects in reading order (row by row, left to right)
    std::vector<ReadObject> details; ///< same order as scene.objects
};

/// Reads `image` (any size; cells and sizes are relative to its width and height). An empty image
/// gives an empty white scene. Jitter and sizeScale of the read objects are estimates.
Scene readScene(const Image& image, const OracleOptions& options = {});
/// As readScene(), with per-object fit diagnostics.
OracleReading readSceneDetailed(const Image& image, const OracleOptions& options = {});

} // namespace hb::shapeworld
