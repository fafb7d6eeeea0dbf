// Validation and compilation of a TokenizerSpec into the immutable Tokenizer::Impl.
// Every rejection names the file and the entry at fault, because a user who points the app at a
// broken folder needs to know which of 150 000 entries is wrong.

#include <atomic>
#include <unordered_set>

#include "tokenizers/byte_level.h"
#include "tokenizers/tokenizer_impl.h"
#include "tokenizers/tokenizer_spec.h"
#include "tokenizers/unicode_props.h"
#include "tokenizers/utf8.h"

namespace hb::tok {
namespace {

// Ids index dense tables; a larger id in a file is corruption, not a real vocabulary.
constexpr std::int64_t kMaxId = 1 << 24;

Error bad(const std::string& source, const std::string& message) {
    return makeError(ErrorCode::BadFormat, source + ": " + message);
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// What id decodes to: Hugging Face's ByteLevel decoder maps a token's characters back to bytes
// when all of them are in the byte alphabet, and keeps the token's own UTF-8 otherwise.
std::string decodedBytes(const std::string& spelling) {
    std::string bytes;
    return byteLevelToBytes(spelling, bytes) ? bytes : spelling;
}

Result<void> addVocab(const TokenizerSpec& spec, Tokenizer::Impl& impl) {
    for (const auto& [spelling, id] : spec.vocab) {
        if (id < 0 || id >= kMaxId) {
            return bad(spec.source, "vocabulary entry " + quoted(spelling) + " has id " + std::to_string(id) +
                                        ", outside 0.." + std::to_string(kMaxId - 1));
        }
        const auto i = static_cast<std::size_t>(id);
        if (impl.kinds[i] != Tokenizer::Impl::Kind::Unused) {
            return bad(spec.source, "duplicate id " + std::to_string(id) + ": used by both " +
                                        quoted(impl.spellings[i]) + " and " + quoted(spelling));
        }
        if (!impl.idBySpelling.emplace(spelling, static_cast<std::int32_t>(id)).second) {
            return bad(spec.source, "vocabulary entry " + quoted(spelling) + " is listed twice");
        }
        impl.kinds[i] = Tokenizer::Impl::Kind::Vocab;
        impl.inModelVocab[i] = true;
        impl.spellings[i] = spelling;
    }
    return {};
}

Result<void> addAddedTokens(const TokenizerSpec& spec, Tokenizer::Impl& impl) {
    std::unordered_set<std::string> contents;
    std::unordered_set<std::int64_t> ids;
    for (const AddedTokenInfo& t : spec.addedTokens) {
        const std::string name = "added token " + quoted(t.content);
        if (t.id < 0 || t.id >= kMaxId) {
            return bad(spec.source, name + " has id " + std::to_string(t.id) + ", outside the valid range");
        }
        if (t.content.empty() || !isValidUtf8(t.content)) {
            return bad(spec.source,
                       "added token with id " + std::to_string(t.id) + " has empty or invalid text");
        }
        if (!ids.insert(t.id).second) {
            return bad(spec.source,
                       "duplicate id " + std::to_string(t.id) + " in the added tokens (" + name + ")");
        }
        if (!contents.insert(t.content).second) {
            return bad(spec.source, name + " is listed twice");
        }
        const auto i = static_cast<std::size_t>(t.id);
        if (impl.kinds[i] == Tokenizer::Impl::Kind::Vocab && impl.spellings[i] != t.content) {
            return bad(spec.source, "duplicate id " + std::to_string(t.id) + ": " + name +
                                        " clashes with vocabulary entry " + quoted(impl.spellings[i]));
        }
        impl.kinds[i] = t.special ? Tokenizer::Impl::Kind::AddedSpecial : Tokenizer::Impl::Kind::Added;
        impl.spellings[i] = t.content;
        impl.idBySpelling[t.content] = t.id; // the added table wins lookups by name, as in HF
    }
    impl.addedTokens = spec.addedTokens;
    return {};
}

Result<std::vector<BpeMerge>> resolveMerges(const TokenizerSpec& spec, const Tokenizer::Impl& impl) {
    std::vector<BpeMerge> merges;
    merges.reserve(spec.merges.size());
    const auto vocabId = [&](const std::string& s) -> std::int32_t {
        const auto it = impl.idBySpelling.find(s);
        return it != impl.idBySpelling.end() && impl.inModelVocab[static_cast<std::size_t>(it->second)]
                   ? it->second
                   : -1;
    };
    for (std::size_t rank = 0; rank < spec.merges.size(); ++rank) {
        const auto& [left, right] = spec.merges[rank];
        const std::string where =
            "merge " + std::to_string(rank) + " (" + quoted(left) + " " + quoted(right) + ")";
        const std::int32_t l = vocabId(left);
        const std::int32_t r = vocabId(right);
        if (l < 0 || r < 0) {
            return bad(spec.source,
                       where + " names " + quoted(l < 0 ? left : right) + ", which is not in the vocabulary");
        }
        const std::int32_t m = vocabId(left + right);
        if (m < 0) {
            return bad(spec.source,
                       where + " makes " + quoted(left + right) + ", which is not in the vocabulary");
        }
        merges.push_back({l, r, m});
    }
    return merges;
}

void buildDecodeTable(Tokenizer::Impl& impl) {
    impl.bytesOffset.assign(impl.kinds.size() + 1, 0);
    for (std::size_t id = 0; id < impl.kinds.size(); ++id) {
        impl.bytesOffset[id] = static_cast<std::uint32_t>(impl.bytesArena.size());
        if (impl.kinds[id] != Tokenizer::Impl::Kind::Unused) {
            impl.bytesArena += decodedBytes(impl.spellings[id]);
        }
    }
    impl.bytesOffset.back() = static_cast<std::uint32_t>(impl.bytesArena.size());
}

void buildMatchers(Tokenizer::Impl& impl) {
    std::vector<AddedTokenInfo> raw, normalized;
    std::vector<std::string> rawContents, normalizedContents;
    for (const AddedTokenInfo& t : impl.addedTokens) {
        if (t.normalized) {
            normalized.push_back(t);
            normalizedContents.push_back(impl.nfc ? nfc(t.content) : t.content);
        } else {
            raw.push_back(t);
            rawContents.push_back(t.content);
        }
    }
    impl.rawMatcher = AddedTokenMatcher(raw, rawContents);
    impl.normalizedMatcher = AddedTokenMatcher(normalized, normalizedContents);
}

Result<void> buildModel(const TokenizerSpec& spec, Tokenizer::Impl& impl) {
    auto merges = resolveMerges(spec, impl);
    if (!merges) {
        return merges.error();
    }
    std::array<std::int32_t, 256> byteIds{};
    std::unordered_map<std::string, std::int32_t> wholeTokens;
    for (int b = 0; b < 256; ++b) {
        std::string spelling;
        appendUtf8(byteToChar(static_cast<std::uint8_t>(b)), spelling);
        const auto it = impl.idBySpelling.find(spelling);
        const bool inVocab =
            it != impl.idBySpelling.end() && impl.inModelVocab[static_cast<std::size_t>(it->second)];
        byteIds[static_cast<std::size_t>(b)] = inVocab ? it->second : -1;
    }
    BpeModel::Options options;
    options.ignoreMerges = spec.ignoreMerges;
    options.fuseUnk = spec.fuseUnk;
    if (!spec.unkToken.empty()) {
        const auto it = impl.idBySpelling.find(spec.unkToken);
        if (it == impl.idBySpelling.end()) {
            return bad(spec.source, "unk_token " + quoted(spec.unkToken) + " is not in the vocabulary");
        }
        options.unkId = it->second;
    }
    if (spec.ignoreMerges) {
        for (const auto& [spelling, id] : spec.vocab) {
            std::string bytes;
            if (byteLevelToBytes(spelling, bytes)) {
                wholeTokens.emplace(bytes, static_cast<std::int32_t>(id));
            }
        }
    }
    impl.mergeCount = merges->size();
    impl.model.build(byteIds, *merges, std::move(wholeTokens), options);
    return {};
}

} // namespace

Result<std::unique_ptr<Tokenizer>> buildTokenizer(TokenizerSpec spec) {
    static std::atomic<std::uint64_t> nextOwner{1};
    if (spec.nfc) {
        if (const std::string why = nfcUnavailableReason(); !why.empty()) {
            return makeError(ErrorCode::Internal, why);
        }
    }
    auto impl = std::make_unique<Tokenizer::Impl>();
    impl->source = spec.source;
    impl->nfc = spec.nfc;
    impl->cacheOwner = nextOwner.fetch_add(1);
    std::int64_t maxId = -1;
    for (const auto& entry : spec.vocab) {
        maxId = std::max(maxId, entry.second);
    }
    for (const AddedTokenInfo& t : spec.addedTokens) {
        maxId = std::max<std::int64_t>(maxId, t.id);
    }
    if (maxId < 0) {
        return bad(spec.source, "the vocabulary is empty");
    }
    const auto size = static_cast<std::size_t>(std::min(maxId, kMaxId - 1) + 1);
    impl->kinds.assign(size, Tokenizer::Impl::Kind::Unused);
    impl->spellings.assign(size, std::string());
    impl->inModelVocab.assign(size, false);
    for (auto step : {&addVocab, &addAddedTokens, &buildModel}) {
        if (auto r = step(spec, *impl); !r) {
            return r.error();
        }
    }
    buildDecodeTable(*impl);
    buildMatchers(*impl);
    return std::make_unique<Tokenizer>(std::move(impl));
}

} // namespace hb::tok
