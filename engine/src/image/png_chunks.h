#pragma once
// PNG chunk-level helpers for generation metadata: text chunks (prompt, seed, tier, model) are
// spliced into an encoder's PNG stream after IHDR and read back from any PNG. Engine-internal.
// Thread safety: pure functions.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

using PngTextChunks = std::vector<std::pair<std::string, std::string>>;

/// CRC-32 (ISO 3309, as PNG chunks use it) of `size` bytes.
std::uint32_t crc32(const std::uint8_t* bytes, std::size_t size);

/// `png` (a complete PNG stream) with one text chunk per entry inserted right after IHDR: tEXt when
/// the value is ASCII, otherwise iTXt (uncompressed UTF-8). Keys must be 1..79 printable ASCII
/// characters without leading, trailing or doubled spaces, and values must not contain NUL
/// (InvalidRequest otherwise); a stream that does not start with a PNG signature and IHDR is
/// an Internal error.
Result<std::string> insertPngText(const std::string& png, const PngTextChunks& text);

/// The tEXt and uncompressed iTXt entries of a PNG stream, in file order (compressed zTXt/iTXt are
/// skipped). Fails with BadFormat when the bytes are not a PNG or a chunk runs past the end.
Result<PngTextChunks> readPngTextChunks(const std::uint8_t* bytes, std::size_t size);

} // namespace hb
