#pragma once
// GPT-2's byte-level alphabet: each of the 256 byte values is spelled as one printable Unicode
// character (printable Latin-1 bytes as themselves, the rest as U+0100 upwards), so that
// vocabularies can be stored as text. "Ġthe" is the bytes " the".
// Internally the tokenizer works on raw bytes; these functions convert at the file boundary.
// Thread safety: stateless; safe from any thread.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hb::tok {

/// The character that spells byte `b`.
char32_t byteToChar(std::uint8_t b);
/// The byte a character spells, or -1 for a character outside the alphabet.
int charToByte(char32_t cp);
/// The 256 byte values in the order GPT-2 (and Qwen2's ids 0..255) list them: printable ones first.
const std::array<std::uint8_t, 256>& byteOrder();

/// Spells raw bytes in the alphabet (UTF-8 output).
std::string bytesToByteLevel(std::string_view bytes);
/// Reads a byte-level spelling back into raw bytes. False when `text` is not valid UTF-8 or holds a
/// character outside the alphabet (`out` is then unspecified).
bool byteLevelToBytes(std::string_view text, std::string& out);

} // namespace hb::tok
