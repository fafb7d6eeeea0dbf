// hb::Tokenizer: loading entry points and the encode pipeline
// (repair UTF-8 -> raw added tokens -> NFC -> normalized added tokens -> Qwen2 split -> BPE).

#include "hyperbagel/engine/tokenizer.h"

#include "core/file_util.h"
#include "tokenizers/pre_tokenizer.h"
#include "tokenizers/tokenizer_impl.h"
#include "tokenizers/tokenizer_spec.h"
#include "tokenizers/unicode_props.h"
#include "tokenizers/utf8.h"
#include "tokenizers/word_cache.h"
#include <sys/stat.h>

namespace hb {
namespace {

// tokenizer.json of Qwen2.5 is 7 MB; 512 MB leaves room for any real vocabulary.
constexpr std::uint64_t kMaxTokenizerFileBytes = 512ull << 20;

bool isDirectory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

} // namespace

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

Result<std::unique_ptr<Tokenizer>> Tokenizer::fromTokenizerJsonText(std::string_view json,
                                                                    std::string_view sourceName) {
    auto spec = tok::parseTokenizerJson(json, std::string(sourceName));
    if (!spec) {
        return spec.error();
    }
    return tok::buildTokenizer(std::move(*spec));
}

Result<std::unique_ptr<Tokenizer>> Tokenizer::loadTokenizerJson(const std::string& path) {
    auto text = readTextFile(path, kMaxTokenizerFileBytes);
    if (!text) {
        return text.error();
    }
    return fromTokenizerJsonText(*text, path);
}

Result<std::unique_ptr<Tokenizer>> Tokenizer::loadSlowFiles(const std::string& vocabPath,
                                                            const std::string& mergesPath,
                                                            const std::string& configPath) {
    auto vocab = readTextFile(vocabPath, kMaxTokenizerFileBytes);
    if (!vocab) {
        return vocab.error();
    }
    auto merges = readTextFile(mergesPath, kMaxTokenizerFileBytes);
    if (!merges) {
        return merges.error();
    }
    std::string config;
    if (!configPath.empty()) {
        auto read = readTextFile(configPath, kMaxTokenizerFileBytes);
        if (!read) {
            return read.error();
        }
        config = std::move(*read);
    }
    const auto slash = vocabPath.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : vocabPath.substr(0, slash);
    auto spec = tok::parseSlowFiles(*vocab, *merges, config, folder);
    if (!spec) {
        return spec.error();
    }
    return tok::buildTokenizer(std::move(*spec));
}

Result<std::unique_ptr<Tokenizer>> Tokenizer::loadDirectory(const std::string& path) {
    if (!isDirectory(path)) {
        return loadTokenizerJson(path);
    }
    if (exists(path + "/tokenizer.json")) {
        return loadTokenizerJson(path + "/tokenizer.json");
    }
    if (exists(path + "/vocab.json") && exists(path + "/merges.txt")) {
        const std::string config = path + "/tokenizer_config.json";
        return loadSlowFiles(path + "/vocab.json", path + "/merges.txt", exists(config) ? config : "");
    }
    return makeError(ErrorCode::FileNotFound,
                     path + ": no tokenizer.json, and no vocab.json + merges.txt, in this folder");
}

void Tokenizer::Impl::encodePiece(std::string_view piece, std::vector<std::int32_t>& out) const {
    if (piece.size() == 1) {
        model.encodeWord(piece, out);
        return;
    }
    tok::WordCache& cache = tok::threadWordCache();
    if (cache.lookup(cacheOwner, piece, out)) {
        return;
    }
    const std::size_t first = out.size();
    model.encodeWord(piece, out);
    cache.insert(cacheOwner, piece, out.data() + first, out.data() + out.size());
}

void Tokenizer::Impl::encodeText(std::string_view text, SpecialTokenMode mode,
                                 std::vector<std::int32_t>& out) const {
    std::string normalizedCopy;
    if (nfc && !tok::isNfc(text)) {
        normalizedCopy = tok::nfc(text);
        text = normalizedCopy;
    }
    const auto splitAndMerge = [&](std::string_view piece) {
        for (std::size_t pos = 0; pos < piece.size();) {
            const std::size_t end = tok::qwen2PieceEnd(piece, pos);
            encodePiece(piece.substr(pos, end - pos), out);
            pos = end;
        }
    };
    if (normalizedMatcher.empty()) {
        splitAndMerge(text);
        return;
    }
    std::vector<tok::Segment> segments;
    normalizedMatcher.split(text, mode, segments);
    for (const tok::Segment& s : segments) {
        if (s.id >= 0) {
            out.push_back(s.id);
        } else {
            splitAndMerge(text.substr(s.begin, s.end - s.begin));
        }
    }
}

void Tokenizer::encodeInto(std::string_view text, std::vector<std::int32_t>& out,
                           const EncodeOptions& options) const {
    std::string repaired;
    if (!tok::isValidUtf8(text)) {
        repaired = tok::repairUtf8(text);
        text = repaired;
    }
    if (m_impl->rawMatcher.empty()) {
        m_impl->encodeText(text, options.specialTokens, out);
        return;
    }
    std::vector<tok::Segment> segments;
    m_impl->rawMatcher.split(text, options.specialTokens, segments);
    for (const tok::Segment& s : segments) {
        if (s.id >= 0) {
            out.push_back(s.id);
        } else {
            m_impl->encodeText(text.substr(s.begin, s.end - s.begin), options.specialTokens, out);
        }
    }
}

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 4);
    encodeInto(text, ids, options);
    return ids;
}

std::string Tokenizer::normalize(std::string_view text) const {
    std::string s = tok::isValidUtf8(text) ? std::string(text) : tok::repairUtf8(text);
    return m_impl->nfc ? tok::nfc(s) : s;
}

std::optional<std::int32_t> Tokenizer::tokenId(std::string_view token) const {
    const auto it = m_impl->idBySpelling.find(std::string(token));
    if (it == m_impl->idBySpelling.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<std::string> Tokenizer::tokenText(std::int32_t id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= m_impl->kinds.size() ||
        m_impl->kinds[static_cast<std::size_t>(id)] == Impl::Kind::Unused) {
        return std::nullopt;
    }
    return m_impl->spellings[static_cast<std::size_t>(id)];
}

std::size_t Tokenizer::vocabSize() const { return m_impl->kinds.size(); }
std::size_t Tokenizer::mergeCount() const { return m_impl->mergeCount; }
const std::vector<AddedTokenInfo>& Tokenizer::addedTokens() const { return m_impl->addedTokens; }

std::string Tokenizer::describe() const {
    return m_impl->source + ": " + std::to_string(vocabSize()) + " ids, " + std::to_string(mergeCount()) +
           " merges, " + std::to_string(m_impl->addedTokens.size()) + " added tokens, normalizer " +
           (m_impl->nfc ? "NFC" : "none") + ", Qwen2 split + byte-level BPE";
}

} // namespace hb
