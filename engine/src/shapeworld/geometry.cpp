#include "shapeworld/geometry.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace hb::shapeworld {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kSubRows = 16; // coverage samples per pixel row
constexpr int kCircleVertices = 64;
constexpr double kStarInnerRatio = 0.45;

// Unit outlines: bounding box [-0.5, 0.5]^2 (side 1), centred on the box centre, y down.
std::vector<cv::Point2d> unitOutline(Shape shape) {
    std::vector<cv::Point2d> points;
    switch (shape) {
    case Shape::Circle:
        for (int i = 0; i < kCircleVertices; ++i) {
            const double angle = 2.0 * kPi * i / kCircleVertices;
            points.emplace_back(0.5 * std::cos(angle), 0.5 * std::sin(angle));
        }
        break;
    case Shape::Square:
        points = {{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}, {-0.5, 0.5}};
        break;
    case Shape::Triangle: // apex up, base = height = side
        points = {{0.0, -0.5}, {0.5, 0.5}, {-0.5, 0.5}};
        break;
    case Shape::Diamond: // the square rotated 45 degrees, same box side
        points = {{0.0, -0.5}, {0.5, 0.0}, {0.0, 0.5}, {-0.5, 0.0}};
        break;
    case Shape::Star: { // five points, one up; box width = 2 R sin 72 = 1, box centred vertically
        const double outer = 0.5 / std::sin(72.0 * kPi / 180.0);
        const double inner = kStarInnerRatio * outer;
        const double height = outer * (1.0 + std::cos(36.0 * kPi / 180.0));
        const double centreY = -0.5 * height + outer; // star centre relative to the box centre
        for (int i = 0; i < 10; ++i) {
            const double radius = (i % 2 == 0) ? outer : inner;
            const double angle = -0.5 * kPi + i * kPi / 5.0;
            points.emplace_back(radius * std::cos(angle), centreY + radius * std::sin(angle));
        }
        break;
    }
    case Shape::Hexagon: // flat top: vertices at 0, 60, ... degrees; width 1, height sqrt(3)/2
        for (int i = 0; i < 6; ++i) {
            const double angle = i * kPi / 3.0;
            points.emplace_back(0.5 * std::cos(angle), 0.5 * std::sin(angle));
        }
        break;
    case Shape::Count:
        break;
    }
    return points;
}

struct UnitMoments {
    double area = 0.0;
    double centroidY = 0.0;
};

UnitMoments unitMoments(Shape shape) {
    if (shape == Shape::Circle) {
        return {kPi / 4.0, 0.0}; // coverage uses the exact circle (the outline is only its 64-gon)
    }
    const std::vector<cv::Point2d> p = unitOutline(shape);
    double area2 = 0.0;
    double cy6 = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const cv::Point2d& a = p[i];
        const cv::Point2d& b = p[(i + 1) % p.size()];
        const double cross = a.x * b.y - b.x * a.y;
        area2 += cross;
        cy6 += (a.y + b.y) * cross;
    }
    return {std::abs(area2) / 2.0, cy6 / (3.0 * area2)};
}

const std::array<UnitMoments, kShapeCount>& momentTable() {
    static const std::array<UnitMoments, kShapeCount> table = [] {
        std::array<UnitMoments, kShapeCount> t{};
        for (int i = 0; i < kShapeCount; ++i) {
            t[static_cast<std::size_t>(i)] = unitMoments(static_cast<Shape>(i));
        }
        return t;
    }();
    return table;
}

} // namespace

double nominalSide(Size size) { return size == Size::Large ? 0.25 : 0.125; }

double jitterRoom(Size size, double sizeScale) {
    const double half = 0.5 * nominalSide(size) * sizeScale;
    return std::clamp(1.0 / 6.0 - half - kCellMargin, 0.0, kMaxJitter);
}

Object clampedIntoCell(const Object& object) {
    Object out = object;
    out.sizeScale = std::clamp(object.sizeScale, kMinSizeScale, kMaxSizeScale);
    const double room = jitterRoom(out.size, out.sizeScale);
    out.jitterX = std::clamp(object.jitterX, -room, room);
    out.jitterY = std::clamp(object.jitterY, -room, room);
    return out;
}

Placement placeObject(const Object& object, int width, int height) {
    const Object o = clampedIntoCell(object);
    const double scale = std::sqrt(static_cast<double>(width) * height);
    Placement p;
    p.cx = width * ((2 * cellColumn(o.cell) + 1) / 6.0 + o.jitterX);
    p.cy = height * ((2 * cellRow(o.cell) + 1) / 6.0 + o.jitterY);
    p.side = scale * nominalSide(o.size) * o.sizeScale;
    return p;
}

std::vector<cv::Point2d> shapeOutline(Shape shape, const Placement& placement) {
    std::vector<cv::Point2d> points = unitOutline(shape);
    for (cv::Point2d& p : points) {
        p = {placement.cx + placement.side * p.x, placement.cy + placement.side * p.y};
    }
    return points;
}

double shapeAreaFraction(Shape shape) { return momentTable().at(static_cast<std::size_t>(shape)).area; }

double shapeCentroidOffset(Shape shape) {
    return momentTable().at(static_cast<std::size_t>(shape)).centroidY;
}

cv::Mat1f shapeCoverage(Shape shape, const Placement& placement, const cv::Rect& window) {
    // Scanline fill, exact along x and sampled along y on kSubRows lines per pixel row (midpoint
    // rule, even-odd rule): unbiased, unlike fillPoly's inclusive edges, so that summed coverage is
    // the outline's area, which the oracle relies on.
    cv::Mat1f coverage(window.size(), 0.0f);
    const std::vector<cv::Point2d> outline =
        shape == Shape::Circle ? std::vector<cv::Point2d>{} : shapeOutline(shape, placement);
    std::vector<double> crossings;
    for (int row = 0; row < window.height; ++row) {
        float* out = coverage.ptr<float>(row);
        for (int k = 0; k < kSubRows; ++k) {
            const double y = window.y + row + (k + 0.5) / kSubRows;
            crossings.clear();
            if (shape == Shape::Circle) { // exact circle: two crossings, no polygon walk
                const double dy = y - placement.cy;
                const double r2 = 0.25 * placement.side * placement.side - dy * dy;
                if (r2 > 0.0) {
                    const double half = std::sqrt(r2);
                    crossings = {placement.cx - half - window.x, placement.cx + half - window.x};
                }
            }
            for (std::size_t i = 0; shape != Shape::Circle && i < outline.size(); ++i) {
                const cv::Point2d& a = outline[i];
                const cv::Point2d& b = outline[(i + 1) % outline.size()];
                if ((a.y <= y) != (b.y <= y)) {
                    crossings.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y) - window.x);
                }
            }
            std::sort(crossings.begin(), crossings.end());
            for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
                const double x0 = std::clamp(crossings[i], 0.0, static_cast<double>(window.width));
                const double x1 = std::clamp(crossings[i + 1], 0.0, static_cast<double>(window.width));
                for (int px = static_cast<int>(x0); px < window.width && px < x1; ++px) {
                    const double overlap = std::min(x1, px + 1.0) - std::max(x0, static_cast<double>(px));
                    out[px] += static_cast<float>(overlap / kSubRows);
                }
            }
        }
    }
    return coverage;
}

} // namespace hb::shapeworld
