#pragma once
// The state behind hb::Tokenizer (pimpl). Built once by buildTokenizer(), then read-only.
// Thread safety: immutable; safe to read from any thread.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "hyperbagel/engine/tokenizer.h"

#include "tokenizers/added_tokens.h"
#include "tokenizers/bpe_model.h"

namespace hb {

struct Tokenizer::Impl {
    enum class Kind : std::uint8_t { Unused, Vocab, Added, AddedSpecial };

    std::string source;
    std::uint64_t cacheOwner = 0; ///< process-unique, keys the per-thread word cache
    bool nfc = true;
    tok::BpeModel model;
    tok::AddedTokenMatcher rawMatcher;        ///< added tokens with normalized: false
    tok::AddedTokenMatcher normalizedMatcher; ///< added tokens with normalized: true
    std::vector<AddedTokenInfo> addedTokens;

    std::vector<Kind> kinds;                ///< by id
    std::vector<std::string> spellings;     ///< by id: byte-level spelling, or added token content
    std::vector<bool> inModelVocab;         ///< by id: the BPE vocabulary has it (added tokens may too)
    std::vector<std::uint32_t> bytesOffset; ///< by id, into bytesArena; size ids + 1
    std::string bytesArena;                 ///< what each id decodes to, back to back
    std::unordered_map<std::string, std::int32_t> idBySpelling;
    std::size_t mergeCount = 0;

    /// Encodes text that holds no raw-matched added token and is valid UTF-8.
    void encodeText(std::string_view text, SpecialTokenMode mode, std::vector<std::int32_t>& out) const;
    /// BPE of one pre-tokenizer piece, through the per-thread cache.
    void encodePiece(std::string_view piece, std::vector<std::int32_t>& out) const;
};

} // namespace hb
