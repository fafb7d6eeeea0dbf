#pragma once
// Small text helpers for the grammar: word splitting with light normalisation and patterns with
// typed slots ("make the {colour} {shape} {size}").
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hb::shapeworld {

/// Lower-cased ASCII words split on whitespace; a trailing comma becomes its own "," word, and the
/// text's final '.', '?' or '!' is dropped. "Where is the red circle?" -> {where, is, the, red, circle}.
std::vector<std::string> splitWords(std::string_view text);

/// Matches `words[begin, end)` against `pattern`, whose words are literals or slots {colour},
/// {shape}, {size}, {cell}, {background}, {count} (0..9); a slot takes any of its vocabulary's names
/// ("top left", "light blue" span two words). Returns the slot values (enum indices, or the digit) in
/// pattern order, or nullopt.
std::optional<std::vector<int>> matchPattern(std::string_view pattern, const std::vector<std::string>& words,
                                             std::size_t begin, std::size_t end);
/// As above, on all of `words`.
std::optional<std::vector<int>> matchPattern(std::string_view pattern, const std::vector<std::string>& words);

} // namespace hb::shapeworld
