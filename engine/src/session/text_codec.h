#pragma once
// The text side of a loaded model: text to ids and back, streaming-safe. Engine-internal.
// Thread safety: a codec is immutable after construction; a TextStream is used by one thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

/// Turns produced ids into text as they arrive, emitting only complete UTF-8 characters.
class TextStream {
public:
    virtual ~TextStream() = default;
    virtual std::string push(std::int64_t id) = 0;
    /// Whatever is still held back (an unfinished character), at the end of an answer.
    virtual std::string finish() = 0;
};

class TextCodec {
public:
    virtual ~TextCodec() = default;
    virtual std::string name() const = 0;
    /// Ids of plain text (no framing; special tokens in the text are matched as whole tokens).
    virtual std::vector<std::int64_t> encode(const std::string& text) const = 0;
    /// A decoder for one streamed answer; special tokens are skipped.
    virtual std::unique_ptr<TextStream> stream() const = 0;
};

/// The golden set's stand-in: UTF-8 bytes are ids 0..255 (its bagel_config.json says so).
std::unique_ptr<TextCodec> makeByteCodec();

/// The codec a checkpoint folder calls for: the Qwen2 tokenizer (tokenizer.json or the slow files)
/// when present, the byte stand-in when bagel_config.json names it, else nullptr (no text input).
/// A tokenizer file that exists but cannot be read is an error naming the problem.
Result<std::unique_ptr<TextCodec>> codecForFolder(const std::string& folder);

/// Splits `pending` into the longest prefix of complete UTF-8 characters (returned) and keeps the
/// rest in `pending`, so streamed text never ends inside a character.
std::string takeCompleteUtf8(std::string& pending);

} // namespace hb
