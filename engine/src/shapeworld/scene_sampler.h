#pragma once
// Seeded random scenes for training and evaluation. Deterministic across platforms (Rng derives
// every number from mt19937_64's raw words). Held-out (colour, shape) pairs never appear in the
// Train split, so evaluations on the HeldOut split measure compositional generalisation.
// Thread safety: pure functions of their arguments (the Rng is the caller's).

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "shapeworld/rng.h"
#include "shapeworld/scene.h"

namespace hb::shapeworld {

enum class Split : std::uint8_t {
    Train,   ///< no object uses a held-out (colour, shape) pair
    HeldOut, ///< at least one object uses a held-out pair
    Any,     ///< no restriction
    Count
};
std::string_view toString(Split split); ///< "train", "held_out", "any"
std::optional<Split> splitFromString(std::string_view name);

struct ColourShape {
    Colour colour = Colour::Red;
    Shape shape = Shape::Circle;
};

/// The held-out pairs: purple star, orange triangle, green hexagon.
const std::array<ColourShape, 3>& heldOutPairs();
bool isHeldOut(Colour colour, Shape shape);
/// True when any object of `scene` uses a held-out pair.
bool hasHeldOutPair(const Scene& scene);

struct SamplerOptions {
    int minObjects = 1; ///< clamped to 1..4
    int maxObjects = 4; ///< clamped to minObjects..4
    Split split = Split::Train;
    bool uniquePairs = true;    ///< every (colour, shape) at most once per scene ("the red circle" is unique)
    bool jitter = true;         ///< false: objects exactly on their cell centres
    bool scaleVariation = true; ///< false: sizeScale = 1

    std::string describe() const;
};

/// One random scene: object count uniform in [min, max], distinct cells, uniform background, shape,
/// colour and size; jitter uniform within jitterRoom(); sizeScale uniform in [0.9, 1.1].
Scene sampleScene(Rng& rng, const SamplerOptions& options = {});

/// A uniformly chosen (colour, shape) allowed by `split` and, when `uniquePairs`, unused in `scene`;
/// nullopt when none is left.
std::optional<ColourShape> sampleColourShape(Rng& rng, const Scene& scene, Split split, bool uniquePairs);

} // namespace hb::shapeworld
