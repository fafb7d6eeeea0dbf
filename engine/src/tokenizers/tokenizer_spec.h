#pragma once
// What a tokenizer file says, before validation: the common form that the tokenizer.json reader,
// the slow-files reader and the trainer produce, and that buildTokenizer() checks and compiles.
// Thread safety: plain data.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/tokenizer.h"

namespace hb::tok {

struct TokenizerSpec {
    std::string source;                                      ///< file name for error messages
    std::vector<std::pair<std::string, std::int64_t>> vocab; ///< byte-level spelling -> id
    std::vector<std::pair<std::string, std::string>> merges; ///< in rank order
    std::vector<AddedTokenInfo> addedTokens;
    bool nfc = true;
    bool ignoreMerges = false;
    std::string unkToken; ///< empty: none
    bool fuseUnk = false;
};

/// Validates `spec` (duplicate ids, merges naming unknown tokens, clashing added tokens, ...) and
/// builds the immutable tokenizer. Errors are BadFormat and name the source and the entry.
Result<std::unique_ptr<Tokenizer>> buildTokenizer(TokenizerSpec spec);

/// Reads tokenizer.json text into a spec (no validation beyond the file's structure).
Result<TokenizerSpec> parseTokenizerJson(std::string_view json, const std::string& source);
/// Reads the slow files into a spec; `configText` may be empty.
Result<TokenizerSpec> parseSlowFiles(std::string_view vocabJson, std::string_view mergesText,
                                     std::string_view configText, const std::string& source);
/// Writes a spec as Qwen2-style tokenizer.json text.
std::string writeTokenizerJson(const TokenizerSpec& spec);

} // namespace hb::tok
