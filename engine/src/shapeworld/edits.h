#pragma once
// Edits of a scene: the six instruction kinds of shapeworld.md, applying them, and sampling a valid
// one. An edit names at most one object (its referent, or the added object) and the background only
// when it changes it; everything else stays identical, jitter and scale included, so preservation
// can be measured exactly.
// Thread safety: pure functions (the Rng is the caller's).

#include <optional>
#include <string_view>

#include "shapeworld/rng.h"
#include "shapeworld/scene.h"
#include "shapeworld/scene_sampler.h"

namespace hb::shapeworld {

enum class EditKind : std::uint8_t {
    Recolour,   ///< make the {colour} {shape} {colour2}
    Resize,     ///< make the {colour} {shape} {small|large}
    Remove,     ///< remove the {colour} {shape}
    Add,        ///< add a {size} {colour} {shape} at the {position}
    Move,       ///< move the {colour} {shape} to the {position}
    Background, ///< change the background to {background}
    Count
};
std::string_view toString(EditKind kind); ///< "recolour", "resize", "remove", "add", "move", "background"
std::optional<EditKind> editKindFromString(std::string_view name);

struct Edit {
    EditKind kind = EditKind::Recolour;
    Colour colour = Colour::Red;                  ///< referent's colour (Recolour, Resize, Remove, Move)
    Shape shape = Shape::Circle;                  ///< referent's shape
    Colour newColour = Colour::Red;               ///< Recolour
    Size newSize = Size::Small;                   ///< Resize
    Cell toCell = Cell::Center;                   ///< Move
    Background newBackground = Background::White; ///< Background
    Object added;                                 ///< Add: shape, colour, size, cell (+ jitter, scale)

    /// Equal as instructions: the kind and the fields its instruction names (jitter/scale ignored).
    bool operator==(const Edit& other) const;
    bool operator!=(const Edit& other) const { return !(*this == other); }
};

/// True when the edit names an object by "the {colour} {shape}" (all kinds but Add and Background).
bool hasReferent(EditKind kind);

/// The edited scene, or nullopt when the edit is not valid for `scene`: the referent is missing or
/// not unique; a recolour to the same colour or to a (colour, shape) already present; a resize to the
/// same size; removing the only object; adding beyond 4 objects, into an occupied cell or a
/// (colour, shape) already present; moving to the same or an occupied cell; the same background.
/// Recolour, Resize and Move keep the object's index, jitter and scale (jitter re-clamped for a new
/// size); Remove erases it; Add appends `added` (clamped into its cell).
std::optional<Scene> applyEdit(const Scene& scene, const Edit& edit);

/// A uniformly chosen valid edit kind, then uniformly chosen arguments: a random object as referent
/// (scenes from sampleScene() with uniquePairs keep every referent unique), a new colour that keeps
/// (colour, shape) unique, the other size, an empty cell, an unused (colour, shape) allowed by `split`
/// for Add, another background. nullopt only when no kind is valid. `split` also restricts Recolour's
/// new pair (Train never creates a held-out pair).
std::optional<Edit> sampleEdit(const Scene& scene, Rng& rng, Split split = Split::Train);

} // namespace hb::shapeworld
