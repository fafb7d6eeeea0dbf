#pragma once
// Edit instructions as text: the canonical forms of shapeworld.md, a parser for them, and
// paraphrases for training variety.
// Thread safety: pure functions (the Rng is the caller's).

#include <optional>
#include <string>
#include <string_view>

#include "shapeworld/edits.h"
#include "shapeworld/rng.h"

namespace hb::shapeworld {

/// The canonical instruction, e.g. "make the red circle blue", "add a small green star in the center",
/// "change the background to light blue".
std::string instructionText(const Edit& edit);
/// Reads a canonical instruction back (case, surrounding spaces and a final period tolerated; also
/// "at the center" / "to the center" spellings). Add's object gets no jitter and scale 1.
std::optional<Edit> parseInstruction(std::string_view text);
/// A random rewording ("turn the red circle blue", "delete the red circle", "make the red circle
/// bigger", ...); the canonical instruction is one of the outcomes.
std::string paraphraseInstruction(const Edit& edit, Rng& rng);

} // namespace hb::shapeworld
