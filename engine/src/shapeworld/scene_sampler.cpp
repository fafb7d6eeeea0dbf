#include "shapeworld/scene_sampler.h"

#include <algorithm>
#include <vector>

#include "core/enum_names.h"
#include "shapeworld/geometry.h"

namespace hb::shapeworld {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Split::Count)> kSplitNames = {
    "train", "held_out", "any"};

constexpr std::array<ColourShape, 3> kHeldOut = {{
    {Colour::Purple, Shape::Star},
    {Colour::Orange, Shape::Triangle},
    {Colour::Green, Shape::Hexagon},
}};

bool used(const Scene& scene, Colour colour, Shape shape) { return scene.findObject(colour, shape) != -1; }

Object sampleGeometry(Rng& rng, const SamplerOptions& options, Object object) {
    object.size = rng.chance(0.5) ? Size::Large : Size::Small;
    object.sizeScale = options.scaleVariation ? rng.uniform(kMinSizeScale, kMaxSizeScale) : 1.0;
    if (options.jitter) {
        const double room = jitterRoom(object.size, object.sizeScale);
        object.jitterX = rng.uniform(-room, room);
        object.jitterY = rng.uniform(-room, room);
    }
    return clampedIntoCell(object);
}

} // namespace

std::string_view toString(Split split) { return enumName(kSplitNames, split); }
std::optional<Split> splitFromString(std::string_view name) { return enumFromName<Split>(kSplitNames, name); }

const std::array<ColourShape, 3>& heldOutPairs() { return kHeldOut; }

bool isHeldOut(Colour colour, Shape shape) {
    return std::any_of(kHeldOut.begin(), kHeldOut.end(),
                       [&](const ColourShape& p) { return p.colour == colour && p.shape == shape; });
}

bool hasHeldOutPair(const Scene& scene) {
    return std::any_of(scene.objects.begin(), scene.objects.end(),
                       [](const Object& o) { return isHeldOut(o.colour, o.shape); });
}

std::string SamplerOptions::describe() const {
    return "objects " + std::to_string(minObjects) + ".." + std::to_string(maxObjects) + ", split " +
           std::string(toString(split)) + ", uniquePairs " + (uniquePairs ? "on" : "off") + ", jitter " +
           (jitter ? "on" : "off") + ", scaleVariation " + (scaleVariation ? "on" : "off");
}

std::optional<ColourShape> sampleColourShape(Rng& rng, const Scene& scene, Split split, bool uniquePairs) {
    std::vector<ColourShape> allowed;
    for (int c = 0; c < kColourCount; ++c) {
        for (int s = 0; s < kShapeCount; ++s) {
            const auto colour = static_cast<Colour>(c);
            const auto shape = static_cast<Shape>(s);
            const bool heldOut = isHeldOut(colour, shape);
            if ((split == Split::Train && heldOut) || (split == Split::HeldOut && !heldOut)) {
                continue;
            }
            if (uniquePairs && used(scene, colour, shape)) {
                continue;
            }
            allowed.push_back({colour, shape});
        }
    }
    if (allowed.empty()) {
        return std::nullopt;
    }
    return allowed[rng.index(allowed.size())];
}

Scene sampleScene(Rng& rng, const SamplerOptions& options) {
    const int minObjects = std::clamp(options.minObjects, 1, kMaxObjects);
    const int maxObjects = std::clamp(options.maxObjects, minObjects, kMaxObjects);
    const int count = rng.uniformInt(minObjects, maxObjects);

    std::array<Cell, kCellCount> cells{};
    for (int i = 0; i < kCellCount; ++i) {
        cells[static_cast<std::size_t>(i)] = static_cast<Cell>(i);
    }
    for (std::size_t i = cells.size() - 1; i > 0; --i) { // Fisher-Yates on Rng, not std::shuffle
        std::swap(cells[i], cells[rng.index(i + 1)]);
    }

    Scene scene;
    scene.background = static_cast<Background>(rng.index(kBackgroundCount));
    // HeldOut: one object (at a random position in the list) takes a held-out pair; the rest are free.
    const int heldOutSlot = options.split == Split::HeldOut ? rng.uniformInt(0, count - 1) : -1;
    for (int i = 0; i < count; ++i) {
        Split split = options.split;
        if (split == Split::HeldOut && i != heldOutSlot) {
            split = Split::Any;
        }
        // Always succeeds: at most 3 of the >= 33 allowed pairs are used.
        const ColourShape pair = sampleColourShape(rng, scene, split, options.uniquePairs).value();
        Object object;
        object.colour = pair.colour;
        object.shape = pair.shape;
        object.cell = cells[static_cast<std::size_t>(i)];
        scene.objects.push_back(sampleGeometry(rng, options, object));
    }
    return scene;
}

} // namespace hb::shapeworld
