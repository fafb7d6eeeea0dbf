#pragma once
// Where and how big each object is drawn, its outline, and its antialiased coverage. Shared by the
// renderer and the oracle (which fits these same outlines to what it reads), so both agree exactly.
// Internal to shapeworld/: includes OpenCV. Units: pixels, continuous coordinates in which pixel
// (x, y) covers [x, x+1) x [y, y+1); the canvas is [0, width] x [0, height].
// Thread safety: pure functions.

#include <vector>

#include <opencv2/core.hpp>

#include "shapeworld/scene.h"

namespace hb::shapeworld {

/// Gap kept between an object's bounding box and its cell's border, in units of S. Objects therefore
/// never touch each other or the canvas edge, and the cell of an object is that of its box centre.
inline constexpr double kCellMargin = 1.0 / 48.0;

/// An object's bounding box in pixels: centre and side.
struct Placement {
    double cx = 0.0;
    double cy = 0.0;
    double side = 0.0;
};

/// Nominal bounding-box side in units of S: 1/8 (small) or 1/4 (large).
double nominalSide(Size size);
/// Largest |jitter| (units of S) that keeps a box of this size and scale inside its cell with
/// kCellMargin to spare, and at most kMaxJitter.
double jitterRoom(Size size, double sizeScale);
/// Clamps sizeScale to [0.9, 1.1] and the jitter to |j| <= kMaxJitter and to what keeps the box
/// inside its cell with kCellMargin to spare. Idempotent; the sampler stores clamped objects.
Object clampedIntoCell(const Object& object);
/// The box of `object` (after clampedIntoCell) on a canvas of width x height pixels.
Placement placeObject(const Object& object, int width, int height);

/// Outline polygon of `shape` whose bounding box is `placement` (for a circle, a 64-gon
/// approximation; shapeCoverage() draws the exact circle).
std::vector<cv::Point2d> shapeOutline(Shape shape, const Placement& placement);
/// Area of the outline divided by side^2, and the centroid's vertical offset from the box centre
/// divided by side (positive is down: the triangle's centroid lies side/6 below its box centre).
double shapeAreaFraction(Shape shape);
double shapeCentroidOffset(Shape shape);

/// Fraction of each pixel of `window` (pixel coordinates; CV_32F result of window.size()) that the
/// shape covers: exact along x, 16 samples along y per pixel.
cv::Mat1f shapeCoverage(Shape shape, const Placement& placement, const cv::Rect& window);

} // namespace hb::shapeworld
