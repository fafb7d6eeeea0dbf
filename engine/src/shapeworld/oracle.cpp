#include "shapeworld/oracle.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "shapeworld/geometry.h"
#include "shapeworld/oracle_pixels.h"

namespace hb::shapeworld {
namespace {

constexpr int kWindowPad = 4;    // pixels around a component's box that the fit looks at
constexpr int kRegionRadius = 3; // antialiased / blurred fringe taken into a component, pixels
// Outlines are also compared blurred by these sigmas (pixels), so that a blurry drawing (a
// generator's soft edges) still matches its own shape better than a rounder one.
constexpr double kFitBlurs[] = {0.5, 0.8, 1.1, 1.5};
// A sharp fit this good (mean squared coverage error per pixel; clean renders stay below 1e-4) and
// this much better than the runner-up is taken without trying the blurred outlines.
constexpr double kClearFitError = 2e-3;
constexpr double kClearFitMargin = 4.0;

struct Component {
    int colour = 0;
    int id = 0;
    cv::Rect box;
    int pixels = 0;
};

struct Components {
    std::vector<Component> list;
    cv::Mat1i owner; ///< component id per pixel, -1 for none (background and specks)
};

Components findComponents(const PixelLabels& labels, int minPixels) {
    Components found;
    found.owner = cv::Mat1i(labels.label.size(), -1);
    cv::Mat1i ids;
    cv::Mat stats;
    cv::Mat centroids;
    for (int colour = 0; colour < kColourCount; ++colour) {
        const cv::Mat1b mask = labels.label == colour;
        const int count = cv::connectedComponentsWithStats(mask, ids, stats, centroids, 8, CV_32S);
        for (int i = 1; i < count; ++i) {
            const int pixels = stats.at<int>(i, cv::CC_STAT_AREA);
            if (pixels < minPixels) {
                continue;
            }
            Component component;
            component.colour = colour;
            component.id = static_cast<int>(found.list.size());
            component.box =
                cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
            component.pixels = pixels;
            found.owner.setTo(component.id, ids == i);
            found.list.push_back(component);
        }
    }
    return found;
}

// A component that touches a bigger one of another colour is that object's fringe, not an object:
// compression (JPEG's chroma subsampling) and colour bleeding tint an object's edge towards a
// neighbouring palette colour (orange edges read as red). Real objects never touch: they keep at
// least 2 * kCellMargin * S apart. Fringes are dropped (owner -1) so the neighbour's fit sees them.
void dropFringes(Components& components) {
    const cv::Rect canvas(0, 0, components.owner.cols, components.owner.rows);
    std::vector<bool> fringe(components.list.size(), false);
    for (const Component& component : components.list) {
        const cv::Rect window = cv::Rect(component.box.x - 1, component.box.y - 1, component.box.width + 2,
                                         component.box.height + 2) &
                                canvas;
        const cv::Mat1i owner = components.owner(window);
        cv::Mat1b near;
        cv::dilate(owner == component.id, near, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
        for (int y = 0; y < window.height && !fringe[static_cast<std::size_t>(component.id)]; ++y) {
            for (int x = 0; x < window.width; ++x) {
                const int who = owner(y, x);
                if (near(y, x) != 0 && who >= 0 && who != component.id &&
                    components.list[static_cast<std::size_t>(who)].pixels > component.pixels) {
                    fringe[static_cast<std::size_t>(component.id)] = true;
                    break;
                }
            }
        }
    }
    std::vector<Component> kept;
    cv::Mat1i owner(components.owner.size(), -1);
    for (const Component& component : components.list) {
        if (fringe[static_cast<std::size_t>(component.id)]) {
            continue;
        }
        Component renumbered = component;
        renumbered.id = static_cast<int>(kept.size());
        owner.setTo(renumbered.id, components.owner == component.id);
        kept.push_back(renumbered);
    }
    components.list = std::move(kept);
    components.owner = owner;
}

// The component's coverage in `window`: its own pixels and the unowned fringe around them.
cv::Mat1f observedCoverage(const Image& image, const PixelLabels& labels, const Components& components,
                           const Component& component, const cv::Rect& window) {
    const cv::Mat1i owner = components.owner(window);
    const cv::Mat1b own = owner == component.id;
    cv::Mat1b region;
    const int side = 2 * kRegionRadius + 1;
    cv::dilate(own, region, cv::getStructuringElement(cv::MORPH_RECT, {side, side}));
    cv::Mat1f observed(window.size(), 0.0f);
    for (int y = 0; y < window.height; ++y) {
        for (int x = 0; x < window.width; ++x) {
            const int who = owner(y, x);
            if (region(y, x) != 0 && (who == -1 || who == component.id)) {
                const float a = labels.coverage(image, window.x + x, window.y + y, component.colour);
                observed(y, x) = std::clamp(a, -0.25f, 1.25f);
            }
        }
    }
    return observed;
}

struct FitRanking {
    std::size_t best = 0;
    std::size_t second = 1;
    double bestError = std::numeric_limits<double>::max();
    double secondError = std::numeric_limits<double>::max();
};

FitRanking rankFits(const std::array<double, kShapeCount>& errors) {
    FitRanking r;
    for (std::size_t k = 0; k < errors.size(); ++k) {
        if (errors[k] < r.bestError) {
            r.second = r.best;
            r.secondError = r.bestError;
            r.best = k;
            r.bestError = errors[k];
        } else if (errors[k] < r.secondError) {
            r.second = k;
            r.secondError = errors[k];
        }
    }
    return r;
}

ReadObject fitComponent(const cv::Mat1f& observed, const cv::Rect& window, int width, int height, int colour,
                        const OracleOptions& options) {
    double mass = 0.0;
    double sumX = 0.0;
    double sumY = 0.0;
    for (int y = 0; y < observed.rows; ++y) {
        for (int x = 0; x < observed.cols; ++x) {
            const double a = observed(y, x);
            mass += a;
            sumX += a * (window.x + x + 0.5);
            sumY += a * (window.y + y + 0.5);
        }
    }
    ReadObject read;
    read.mass = mass;
    read.object.colour = static_cast<Colour>(colour);
    if (mass <= 0.0) {
        read.fitError = std::numeric_limits<double>::max();
        return read;
    }
    const double meanX = sumX / mass;
    const double meanY = sumY / mass;

    // One candidate per shape, placed from the moments: its area gives the side, its centroid the
    // centre. Sharp outlines first; blurred ones only when no sharp fit is clearly right.
    std::array<Placement, kShapeCount> placements{};
    std::array<cv::Mat1f, kShapeCount> sharp{};
    std::array<double, kShapeCount> errors{};
    for (std::size_t k = 0; k < placements.size(); ++k) {
        const auto shape = static_cast<Shape>(k);
        Placement& placement = placements[k];
        placement.side = std::sqrt(mass / shapeAreaFraction(shape));
        placement.cx = meanX;
        placement.cy = meanY - shapeCentroidOffset(shape) * placement.side;
        sharp[k] = shapeCoverage(shape, placement, window);
        errors[k] = cv::norm(observed, sharp[k], cv::NORM_L2SQR) / observed.total();
    }
    FitRanking ranking = rankFits(errors);
    if (!(ranking.bestError <= kClearFitError &&
          ranking.secondError >= kClearFitMargin * ranking.bestError)) {
        for (std::size_t k = 0; k < placements.size(); ++k) {
            for (const double sigma : kFitBlurs) {
                cv::Mat1f blurred;
                cv::GaussianBlur(sharp[k], blurred, {0, 0}, sigma, sigma, cv::BORDER_CONSTANT);
                errors[k] =
                    std::min(errors[k], cv::norm(observed, blurred, cv::NORM_L2SQR) / observed.total());
            }
        }
        ranking = rankFits(errors);
    }
    read.object.shape = static_cast<Shape>(ranking.best);
    read.runnerUp = static_cast<Shape>(ranking.second);
    const Placement best = placements[ranking.best];
    const double bestError = ranking.bestError;
    const double secondError = ranking.secondError;
    read.fitError = bestError;
    read.runnerUpError = secondError;

    const double scale = std::sqrt(static_cast<double>(width) * height);
    const double relativeSide = best.side / scale;
    read.object.size = relativeSide < options.sizeThreshold ? Size::Small : Size::Large;
    read.object.sizeScale = relativeSide / nominalSide(read.object.size);
    const int column = std::clamp(static_cast<int>(3.0 * best.cx / width), 0, 2);
    const int row = std::clamp(static_cast<int>(3.0 * best.cy / height), 0, 2);
    read.object.cell = cellAt(row, column);
    read.object.jitterX = best.cx / width - (2 * column + 1) / 6.0;
    read.object.jitterY = best.cy / height - (2 * row + 1) / 6.0;
    return read;
}

} // namespace

std::string OracleOptions::describe() const {
    return "maxResidual " + std::to_string(maxResidual) + ", speckFraction " + std::to_string(speckFraction) +
           ", sizeThreshold " + std::to_string(sizeThreshold);
}

OracleReading readSceneDetailed(const Image& image, const OracleOptions& options) {
    OracleReading reading;
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        return reading;
    }
    const PixelLabels labels = labelPixels(image, options);
    reading.scene.background = labels.background;

    // The smallest object: a small star at scale 0.9.
    const double scale = std::sqrt(static_cast<double>(image.width) * image.height);
    const double smallestSide = nominalSide(Size::Small) * kMinSizeScale * scale;
    const double smallestArea = shapeAreaFraction(Shape::Star) * smallestSide * smallestSide;
    const int minPixels = std::max(2, static_cast<int>(std::lround(options.speckFraction * smallestArea)));
    Components components = findComponents(labels, minPixels);
    dropFringes(components);

    const cv::Rect canvas(0, 0, image.width, image.height);
    for (const Component& component : components.list) {
        const cv::Rect window =
            cv::Rect(component.box.x - kWindowPad, component.box.y - kWindowPad,
                     component.box.width + 2 * kWindowPad, component.box.height + 2 * kWindowPad) &
            canvas;
        const cv::Mat1f observed = observedCoverage(image, labels, components, component, window);
        reading.details.push_back(
            fitComponent(observed, window, image.width, image.height, component.colour, options));
    }
    std::stable_sort(reading.details.begin(), reading.details.end(),
                     [](const ReadObject& a, const ReadObject& b) {
                         if (a.object.cell != b.object.cell) {
                             return a.object.cell < b.object.cell;
                         }
                         return a.object.jitterX < b.object.jitterX;
                     });
    for (const ReadObject& read : reading.details) {
        reading.scene.objects.push_back(read.object);
    }
    return reading;
}

Scene readScene(const Image& image, const OracleOptions& options) {
    return readSceneDetailed(image, options).scene;
}

} // namespace hb::shapeworld
