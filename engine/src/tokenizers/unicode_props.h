#pragma once
// The Unicode facts the Qwen2 pre-tokenizer and normaliser need, all answered by ICU:
// general category (\p{L}, \p{N}), the White_Space property (\s, as Oniguruma defines it, so
// U+180E is not a space and U+0085 is), simple case folding ((?i) in the contraction branch) and
// NFC. Nothing here is a hand-written Unicode table.
// Thread safety: the lookup table is built once (thread-safe static); every function is safe from
// any thread.

#include <cstdint>
#include <string>
#include <string_view>

namespace hb::tok {

enum class CharClass : std::uint8_t {
    Letter,    ///< \p{L}
    Number,    ///< \p{N}
    LineBreak, ///< \r or \n (also white space)
    Space,     ///< other White_Space characters
    Other      ///< anything else: punctuation, symbols, marks, controls, unassigned
};

/// Class of a Unicode scalar value. BMP answers come from a table filled from ICU on first use.
CharClass charClass(char32_t cp);

/// The BMP part of charClass() as a 65536-entry array, for loops that classify every character.
const CharClass* bmpClassTable();

/// Simple case folding (CaseFolding.txt status C+S), e.g. U+017F LONG S folds to 's'.
char32_t foldCase(char32_t cp);

/// NFC of valid UTF-8 `text`. Text whose bytes are all below 0xCC holds only code points below
/// U+0300, which are NFC already, so it is returned unchanged without asking ICU.
std::string nfc(std::string_view text);

/// Empty when ICU's normalisation data is usable, else why not (checked when a tokenizer loads).
std::string nfcUnavailableReason();

/// True when nfc(text) == text; cheap for the common case.
bool isNfc(std::string_view text);

} // namespace hb::tok
