#pragma once
// UTF-8 stepping, repair and lossy conversion. Invalid input is repaired by replacing each maximal
// subpart of an ill-formed sequence with U+FFFD: the rule of the WHATWG decoder (TextDecoder),
// ICU and Rust's String::from_utf8_lossy, so a JavaScript or Rust caller sees the same text.
// Thread safety: stateless; safe from any thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hb::tok {

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

enum class Utf8Status : std::uint8_t { Valid, Invalid, Incomplete };

struct Utf8Step {
    Utf8Status status = Utf8Status::Valid;
    std::uint8_t length = 1; ///< bytes of the character, or of the maximal invalid subpart
    char32_t codePoint = 0;  ///< meaningful when status == Valid
};

/// Decodes the character at `p` (p < end). Incomplete means the bytes up to `end` are a valid
/// prefix of a longer character (only the incremental decoder treats that differently).
Utf8Step decodeUtf8(const unsigned char* p, const unsigned char* end);

/// True when every byte of `text` is part of a well-formed character.
bool isValidUtf8(std::string_view text);

/// `text` with every ill-formed subpart (and a truncated tail) replaced by U+FFFD.
std::string repairUtf8(std::string_view text);

/// Appends the UTF-8 form of `cp` (must be a scalar value).
void appendUtf8(char32_t cp, std::string& out);

} // namespace hb::tok
