#pragma once
// The Qwen2 byte-level BPE tokenizer that BAGEL uses, with exact parity to Hugging Face
// `tokenizers` (ids and decoded text), plus BAGEL's prompt framing and a deterministic BPE trainer.
//
// Usage:
//   auto tok = hb::Tokenizer::loadDirectory(modelDir);          // tokenizer.json, or the slow files
//   if (!tok) { log(tok.error().describe()); return; }
//   std::vector<std::int32_t> ids = (*tok)->encode("A red cube.");   // no BOS/EOS added
//   auto segment = (*tok)->encodeTextSegment(prompt);           // <|im_start|> ids <|im_end|>
//   hb::IncrementalDecoder stream(**tok);                        // one per answer being streamed
//   for (id : sampledIds) ui.append(stream.push(id));            // whole UTF-8 characters only
//   ui.append(stream.finish());
//
// Pipeline (as Hugging Face's): invalid UTF-8 is replaced by U+FFFD (maximal subparts, as
// WHATWG's decoder and Rust's from_utf8_lossy do) -> added tokens are cut out of the raw text
// (leftmost-longest) -> each remaining piece is NFC-normalised (ICU) -> split by the Qwen2
// pre-tokenizer regex -> each piece's UTF-8 bytes are merged by BPE rank.
//
// Thread safety: a loaded Tokenizer is immutable; encode(), decode() and every other const member
// are safe from any number of threads at once (the word cache is per thread). An
// IncrementalDecoder is mutable state: one thread at a time.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

/// What encode() does with special added tokens (special: true, e.g. <|im_start|>) found in text.
/// Non-special added tokens (special: false, e.g. <tool_call>) are matched in both modes, exactly as
/// Hugging Face's `encode_special_tokens` switch behaves.
enum class SpecialTokenMode : std::uint8_t {
    Match,  ///< "<|im_end|>" inside text becomes the single id 151645 (the default, as BAGEL does)
    AsText, ///< it is tokenized like any other text (use for untrusted user text)
    Count
};
/// "match", "as_text"
std::string_view toString(SpecialTokenMode mode);
std::optional<SpecialTokenMode> specialTokenModeFromString(std::string_view name);

/// BAGEL's two think-mode system prompts (bagel-spec §3).
enum class ThinkMode : std::uint8_t { Understanding, Generation, Count };
/// "understanding", "generation"
std::string_view toString(ThinkMode mode);
std::optional<ThinkMode> thinkModeFromString(std::string_view name);
/// The exact system prompt text for `mode` (note the space before the newline).
std::string_view thinkSystemPrompt(ThinkMode mode);

struct EncodeOptions {
    SpecialTokenMode specialTokens = SpecialTokenMode::Match;
    /// "specialTokens=match"
    std::string describe() const;
};

/// One entry of the added-token table (tokenizer.json "added_tokens").
struct AddedTokenInfo {
    std::int32_t id = 0;
    std::string content;
    bool special = false;    ///< skipped by decode(skipSpecialTokens) and affected by AsText
    bool normalized = false; ///< matched after NFC (true) or in the raw text (false)
    bool lstrip = false;     ///< swallows the whitespace before it
    bool rstrip = false;     ///< swallows the whitespace after it
    bool singleWord = false; ///< only matched when not inside a word
};

/// The ids BAGEL frames its sequences with (bagel-spec §3).
struct BagelSpecialTokens {
    std::int32_t imStart = -1;     ///< <|im_start|>: text segment start; first token fed to decoding
    std::int32_t imEnd = -1;       ///< <|im_end|>: text segment end; stop token
    std::int32_t visionStart = -1; ///< <|vision_start|>: before an image's tokens
    std::int32_t visionEnd = -1;   ///< <|vision_end|>: after an image's tokens
    /// "im_start=151644 im_end=151645 vision_start=151652 vision_end=151653"
    std::string describe() const;
};

class Tokenizer {
public:
    /// Loads a Hugging Face fast tokenizer file. Fails with FileNotFound, IoError, or BadFormat
    /// naming the problem (truncated JSON, unknown merge token, duplicate id, unsupported component).
    static Result<std::unique_ptr<Tokenizer>> loadTokenizerJson(const std::string& path);
    /// Same, from JSON text held in memory; `sourceName` prefixes error messages.
    static Result<std::unique_ptr<Tokenizer>>
    fromTokenizerJsonText(std::string_view json, std::string_view sourceName = "tokenizer.json");
    /// Loads the slow files (Qwen2Tokenizer.from_pretrained): vocab.json, merges.txt and, when
    /// `configPath` is not empty, the added tokens of tokenizer_config.json ("added_tokens_decoder").
    /// Gives the same ids as the equivalent tokenizer.json.
    static Result<std::unique_ptr<Tokenizer>>
    loadSlowFiles(const std::string& vocabPath, const std::string& mergesPath, const std::string& configPath);
    /// A model folder: tokenizer.json when present, else vocab.json + merges.txt (+ tokenizer_config.json).
    /// A path to a file is loaded as tokenizer.json.
    static Result<std::unique_ptr<Tokenizer>> loadDirectory(const std::string& path);

    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;

    /// Token ids of `text` (UTF-8; invalid sequences become U+FFFD). No BOS/EOS is added.
    std::vector<std::int32_t> encode(std::string_view text, const EncodeOptions& options = {}) const;
    /// Appends the ids of `text` to `out` (no reallocation of an already large buffer).
    void encodeInto(std::string_view text, std::vector<std::int32_t>& out,
                    const EncodeOptions& options = {}) const;

    /// Text of `ids`. Unknown ids are skipped, as Hugging Face does; byte sequences that are not
    /// UTF-8 become U+FFFD. decode(encode(s)) == normalize(s) for every s.
    std::string decode(const std::vector<std::int32_t>& ids, bool skipSpecialTokens = false) const;
    std::string decode(const std::int32_t* ids, std::size_t count, bool skipSpecialTokens = false) const;
    /// Appends the raw bytes token `id` stands for (before any UTF-8 repair); false for an unknown
    /// or skipped id. The building block of IncrementalDecoder.
    bool appendTokenBytes(std::int32_t id, bool skipSpecialTokens, std::string& out) const;

    /// What encode() feeds the pre-tokenizer: `text` with invalid UTF-8 replaced, NFC-normalised
    /// when the tokenizer normalises.
    std::string normalize(std::string_view text) const;

    /// Id of a token by its text: an added token's content ("<|im_start|>") or a vocabulary entry
    /// in its byte-level spelling ("Ġthe"). nullopt when absent.
    std::optional<std::int32_t> tokenId(std::string_view token) const;
    /// The token text for `id` as stored (byte-level spelling for vocabulary entries).
    std::optional<std::string> tokenText(std::int32_t id) const;
    /// One past the largest id, added tokens included (151665 for Qwen2.5).
    std::size_t vocabSize() const;
    /// Number of BPE merges.
    std::size_t mergeCount() const;
    const std::vector<AddedTokenInfo>& addedTokens() const;

    /// BAGEL's framing ids. Fails with BadConfig naming any of the four tokens the tokenizer lacks.
    Result<BagelSpecialTokens> bagelSpecialTokens() const;
    /// A text segment: <|im_start|> + encode(text) + <|im_end|>.
    Result<std::vector<std::int32_t>> encodeTextSegment(std::string_view text,
                                                        const EncodeOptions& options = {}) const;
    /// The think-mode system prompt as a text segment (it goes first in the sequence).
    Result<std::vector<std::int32_t>> encodeThinkPrompt(ThinkMode mode) const;

    /// Short summary for logs: vocabulary size, merges, added tokens, normaliser.
    std::string describe() const;

    struct Impl; ///< internal; defined in engine/src/tokenizers
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    const Impl& impl() const { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

/// Turns a stream of ids into text one id at a time, emitting only complete UTF-8 characters; a
/// character split across tokens is held until its last byte arrives. The concatenation of every
/// push() and finish() equals tokenizer.decode(all ids).
/// Thread safety: one thread at a time; the Tokenizer must outlive it.
class IncrementalDecoder {
public:
    explicit IncrementalDecoder(const Tokenizer& tokenizer, bool skipSpecialTokens = false);

    /// The text that `id` completes (often empty, or several characters at once).
    std::string push(std::int32_t id);
    /// Flushes bytes still waiting for the rest of a character, as U+FFFD, and resets.
    std::string finish();
    /// Drops pending bytes (a new answer starts).
    void reset() { m_pending.clear(); }
    /// Bytes held back because they end in an incomplete character.
    std::size_t pendingBytes() const { return m_pending.size(); }

private:
    const Tokenizer* m_tokenizer;
    bool m_skipSpecial;
    std::string m_pending;
};

/// Settings of the BPE trainer. The result is a Qwen2-style tokenizer.json (NFC, Qwen2 split
/// regex, byte-level) whose vocabulary starts with the 256 byte tokens.
struct BpeTrainerOptions {
    std::size_t vocabSize = 4096;   ///< byte tokens + merges (added tokens come on top)
    std::uint64_t minFrequency = 2; ///< a pair seen fewer times is never merged
    std::size_t maxTokenBytes = 64; ///< merges never build a token longer than this
    /// Appended after the vocabulary as special added tokens, in this order. The default gives
    /// BAGEL's framing tokens so a trained tokenizer works with encodeTextSegment().
    std::vector<std::string> specialTokens = {"<|endoftext|>", "<|im_start|>", "<|im_end|>",
                                              "<|vision_start|>", "<|vision_end|>"};
    /// "vocabSize=4096 minFrequency=2 maxTokenBytes=64 specialTokens=5"
    std::string describe() const;
};

/// Trains byte-level BPE on `texts` and returns tokenizer.json text. Deterministic: the same texts
/// and options give the same bytes (ties between equally frequent pairs go to the smaller ids).
/// Fails with InvalidRequest for a vocabSize below 256 or a duplicate special token.
Result<std::string> trainBpeTokenizerJson(const std::vector<std::string>& texts,
                                          const BpeTrainerOptions& options);
/// Same, written to `path` atomically.
Result<void> trainBpeTokenizer(const std::vector<std::string>& texts, const BpeTrainerOptions& options,
                               const std::string& path);

} // namespace hb
