#pragma once
// Questions about a scene: the seven kinds of shapeworld.md, their exact answers, their canonical
// text, a parser for it, paraphrases, and a sampler of questions that are valid for a scene.
// Answers are lower case with no final period. Outside the doc's cases: "Where is ...?" about an
// absent object answers "nowhere"; "What color is the {shape}?" without that shape answers "none"
// (with several, the first in reading order; the sampler asks only about unique shapes).
// Thread safety: pure functions (the Rng is the caller's).

#include <optional>
#include <string>
#include <string_view>

#include "shapeworld/rng.h"
#include "shapeworld/scene.h"

namespace hb::shapeworld {

enum class QuestionKind : std::uint8_t {
    ColourOf,    ///< What color is the {shape}?            -> {colour}
    CountAll,    ///< How many shapes are there?            -> digit
    CountColour, ///< How many {colour} shapes are there?   -> digit
    WhereIs,     ///< Where is the {colour} {shape}?        -> {position}
    WhatIsAt,    ///< What is at the {position}?            -> object phrase or "nothing"
    IsThere,     ///< Is there a {colour} {shape}?          -> yes / no
    Describe,    ///< Describe the image.                   -> the caption in reading order
    Count
};
std::string_view toString(QuestionKind kind); ///< "colour_of", "count_all", ...
std::optional<QuestionKind> questionKindFromString(std::string_view name);

struct Question {
    QuestionKind kind = QuestionKind::Describe;
    Colour colour = Colour::Red; ///< ColourOf ignores it; CountColour, WhereIs, IsThere use it
    Shape shape = Shape::Circle; ///< ColourOf, WhereIs, IsThere
    Cell cell = Cell::Center;    ///< WhatIsAt

    /// Equal as questions: the kind and the fields its text names.
    bool operator==(const Question& other) const;
    bool operator!=(const Question& other) const { return !(*this == other); }
};

/// The exact answer about `scene`.
std::string answerQuestion(const Scene& scene, const Question& question);

/// The canonical text, e.g. "What color is the star?", "What is at the top left?", "Describe the image.".
std::string questionText(const Question& question);
/// Reads a canonical question back (case, spacing and the final '?' or '.' tolerated; also "What is
/// in the center?").
std::optional<Question> parseQuestion(std::string_view text);
/// A random rewording ("how many objects are there?", "what colour is the star?"); the canonical text
/// is one of the outcomes. The answer stays the canonical one.
std::string paraphraseQuestion(const Question& question, Rng& rng);

/// A question valid for `scene`: kind uniform; ColourOf only about a shape present exactly once;
/// WhereIs about a present, uniquely named object; WhatIsAt, CountColour and IsThere half the time
/// about something present and half the time about anything.
Question sampleQuestion(const Scene& scene, Rng& rng);

} // namespace hb::shapeworld
