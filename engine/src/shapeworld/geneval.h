#pragma once
// mini-GenEval: text-to-image prompts in six categories, each carrying what to check (as GenEval's
// metadata does), and a scorer of what the oracle reads from a generated image.
//   single object      1 object; passes when an object of that shape is present
//   two objects        2 objects; both shapes present
//   counting           1..4 objects; exactly that many objects
//   colours            1 object; an object of that shape has that colour
//   position           2 objects; each shape is present in its cell
//   colour attribution 2 objects; each (colour, shape) pair present
// Prompts are canonical captions of whole scenes (sizes, cells and background included), since those
// are what the model learns from; only the category's aspects are checked. Overall score = mean of
// the six category scores.
// Thread safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shapeworld/scene.h"
#include "shapeworld/scene_sampler.h"

namespace hb::shapeworld {

enum class GenEvalCategory : std::uint8_t {
    SingleObject,
    TwoObjects,
    Counting,
    Colours,
    Position,
    ColourAttribution,
    Count
};
std::string_view toString(GenEvalCategory category); ///< "single_object", "two_objects", "counting", ...
std::optional<GenEvalCategory> genEvalCategoryFromString(std::string_view name);

/// "An object of this shape (with this colour / in this cell, when given) is present."
struct Requirement {
    Shape shape = Shape::Circle;
    std::optional<Colour> colour;
    std::optional<Cell> cell;
};

struct GenEvalPrompt {
    GenEvalCategory category = GenEvalCategory::SingleObject;
    std::string prompt; ///< canonical caption of `scene`
    Scene scene;        ///< the scene the prompt describes (a reference render is render(scene, S))
    std::vector<Requirement> include;
    std::optional<int> exactCount; ///< counting: the number of objects
};

/// `perCategory` prompts per category, in category order, from `seed` (same seed, same set). Scenes
/// use `split` (Any by default, so held-out pairs appear); pairs are unique within a scene.
std::vector<GenEvalPrompt> makeGenEvalSet(std::uint64_t seed, int perCategory, Split split = Split::Any);

/// True when `read` (the oracle's reading of the generated image) satisfies every check of `prompt`.
bool scoreGenEval(const GenEvalPrompt& prompt, const Scene& read);

struct GenEvalSummary {
    double categoryScore[static_cast<int>(GenEvalCategory::Count)] = {}; ///< fraction passed; 0 when none
    int categoryPrompts[static_cast<int>(GenEvalCategory::Count)] = {};
    double overall = 0.0; ///< mean over the categories that have prompts

    std::string describe() const;
};

/// Scores `reads[i]` against `prompts[i]` (sizes must match; extra entries are ignored).
GenEvalSummary summarizeGenEval(const std::vector<GenEvalPrompt>& prompts, const std::vector<Scene>& reads);

} // namespace hb::shapeworld
