#pragma once
// The Qwen2 pre-tokenizer: Hugging Face's Split(pattern, Isolated) with the regex below, run by
// Oniguruma there. Here the regex is compiled by hand into a scanner that reproduces Oniguruma's
// leftmost-first, backtracking result branch by branch (see pre_tokenizer.cpp), with character
// classes from ICU. Every position of the text is covered by some branch, so the pieces tile it.
// Thread safety: stateless; safe from any thread.

#include <cstddef>
#include <string_view>

namespace hb::tok {

/// The regex of Qwen2's tokenizer.json (and of the slow Qwen2Tokenizer).
inline constexpr std::string_view kQwen2SplitPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

/// End of the piece that starts at `pos` (pos < text.size()). `text` must be valid UTF-8.
std::size_t qwen2PieceEnd(std::string_view text, std::size_t pos);

} // namespace hb::tok
