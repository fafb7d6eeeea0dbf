#pragma once
// Canonical captions (shapeworld.md, "Canonical text") and their paraphrases.
//   object phrase:  "a small red circle"
//   caption:        "a large blue square at the top left and a small yellow star in the center on a
//                    gray background" (phrases joined by ", " and " and " before the last)
// A scene with no objects (possible in what the oracle reads) is "nothing on a {background} background".
// Thread safety: pure functions (the Rng is the caller's).

#include <optional>
#include <string>
#include <string_view>

#include "shapeworld/rng.h"
#include "shapeworld/scene.h"

namespace hb::shapeworld {

/// "a {size} {colour} {shape}".
std::string objectPhrase(const Object& object);
/// "the {colour} {shape}": how instructions and questions refer to an object.
std::string referringPhrase(Colour colour, Shape shape);
/// "at the {position}", or "in the center".
std::string locativePhrase(Cell cell);
/// The canonical caption, objects in the order given.
std::string caption(const Scene& scene);
/// The canonical caption with objects in reading order (row by row, left to right): the answer to
/// "Describe the image.".
std::string describeScene(const Scene& scene);
/// Reads a canonical caption back (case, a final period and "at the center" are tolerated). Objects
/// come in the caption's order with no jitter and scale 1; nullopt when it is not canonical.
std::optional<Scene> parseCaption(std::string_view text);

/// A random rewording for training variety ("draw a big red circle in the middle against a white
/// background", object order shuffled, ...); the canonical caption is one of the outcomes.
std::string paraphraseCaption(const Scene& scene, Rng& rng);

} // namespace hb::shapeworld
