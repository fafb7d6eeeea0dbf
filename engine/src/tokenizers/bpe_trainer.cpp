// A deterministic byte-level BPE trainer. Words come from the same pipeline as encoding (UTF-8
// repair, NFC, Qwen2 split); ids 0..255 are the bytes in GPT-2 order; each step merges the most
// frequent adjacent pair (ties: smaller left id, then smaller right id), updating only the words
// that contain it. The heap holds stale counts, checked when popped (as Hugging Face's trainer).

#include <algorithm>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "hyperbagel/engine/tokenizer.h"

#include "core/file_util.h"
#include "tokenizers/byte_level.h"
#include "tokenizers/pre_tokenizer.h"
#include "tokenizers/tokenizer_spec.h"
#include "tokenizers/unicode_props.h"
#include "tokenizers/utf8.h"

namespace hb {
namespace {

struct PairStat {
    std::int64_t count = 0;
    std::vector<std::uint32_t> words; ///< may hold duplicates and words that lost the pair
};

struct HeapEntry {
    std::int64_t count;
    std::uint64_t key;
    bool operator<(const HeapEntry& o) const { return count != o.count ? count < o.count : key > o.key; }
};

std::uint64_t pairKey(std::int32_t a, std::int32_t b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

class Trainer {
public:
    explicit Trainer(const BpeTrainerOptions& options) : m_options(options) {}

    void countWords(const std::vector<std::string>& texts);
    void train();
    tok::TokenizerSpec spec() const;

private:
    void mergeInWord(std::uint32_t w, std::int32_t a, std::int32_t b, std::int32_t merged,
                     std::unordered_map<std::uint64_t, std::int64_t>& delta);
    std::int32_t tokenFor(const std::string& bytes);

    const BpeTrainerOptions& m_options;
    std::vector<std::string> m_words;
    std::vector<std::int64_t> m_freq;
    std::vector<std::vector<std::int32_t>> m_symbols;
    std::vector<std::string> m_tokenBytes;
    std::unordered_map<std::string, std::int32_t> m_idOfBytes;
    std::vector<std::pair<std::int32_t, std::int32_t>> m_merges;
    std::unordered_map<std::uint64_t, PairStat> m_stats;
};

void Trainer::countWords(const std::vector<std::string>& texts) {
    std::unordered_map<std::string, std::int64_t> counts;
    for (const std::string& raw : texts) {
        const std::string text = tok::nfc(tok::isValidUtf8(raw) ? raw : tok::repairUtf8(raw));
        for (std::size_t pos = 0; pos < text.size();) {
            const std::size_t end = tok::qwen2PieceEnd(text, pos);
            ++counts[text.substr(pos, end - pos)];
            pos = end;
        }
    }
    std::vector<std::pair<std::string, std::int64_t>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end()); // hash order must not leak into the result
    for (std::size_t i = 0; i < 256; ++i) {
        const std::string byte(1, static_cast<char>(tok::byteOrder()[i]));
        m_idOfBytes.emplace(byte, static_cast<std::int32_t>(i));
        m_tokenBytes.push_back(byte);
    }
    for (auto& [word, count] : sorted) {
        std::vector<std::int32_t> symbols;
        for (const char ch : word) {
            symbols.push_back(m_idOfBytes.at(std::string(1, ch)));
        }
        const auto w = static_cast<std::uint32_t>(m_words.size());
        for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
            PairStat& stat = m_stats[pairKey(symbols[i], symbols[i + 1])];
            stat.count += count;
            stat.words.push_back(w);
        }
        m_words.push_back(std::move(word));
        m_freq.push_back(count);
        m_symbols.push_back(std::move(symbols));
    }
}

std::int32_t Trainer::tokenFor(const std::string& bytes) {
    // Two pairs can spell the same bytes ("a"+"bc", "ab"+"c"): they share one id, as in HF.
    const auto [it, inserted] = m_idOfBytes.emplace(bytes, static_cast<std::int32_t>(m_tokenBytes.size()));
    if (inserted) {
        m_tokenBytes.push_back(bytes);
    }
    return it->second;
}

void Trainer::mergeInWord(std::uint32_t w, std::int32_t a, std::int32_t b, std::int32_t merged,
                          std::unordered_map<std::uint64_t, std::int64_t>& delta) {
    std::vector<std::int32_t>& s = m_symbols[w];
    const std::int64_t freq = m_freq[w];
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        delta[pairKey(s[i], s[i + 1])] -= freq;
    }
    std::vector<std::int32_t> out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
            out.push_back(merged);
            ++i;
        } else {
            out.push_back(s[i]);
        }
    }
    s = std::move(out);
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const std::uint64_t key = pairKey(s[i], s[i + 1]);
        delta[key] += freq;
        m_stats[key].words.push_back(w);
    }
}

void Trainer::train() {
    std::priority_queue<HeapEntry> heap;
    for (const auto& [key, stat] : m_stats) {
        heap.push({stat.count, key});
    }
    std::unordered_set<std::uint64_t> tooLong;
    const auto minCount = static_cast<std::int64_t>(std::max<std::uint64_t>(m_options.minFrequency, 1));
    while (m_tokenBytes.size() < m_options.vocabSize && !heap.empty()) {
        const HeapEntry top = heap.top();
        heap.pop();
        const auto it = m_stats.find(top.key);
        const std::int64_t current = it == m_stats.end() ? 0 : it->second.count;
        if (current != top.count || tooLong.count(top.key)) {
            continue; // a stale entry; the current count was pushed when it changed
        }
        if (current < minCount) {
            break;
        }
        const auto a = static_cast<std::int32_t>(top.key >> 32);
        const auto b = static_cast<std::int32_t>(top.key & 0xFFFFFFFFu);
        const std::string bytes =
            m_tokenBytes[static_cast<std::size_t>(a)] + m_tokenBytes[static_cast<std::size_t>(b)];
        if (bytes.size() > m_options.maxTokenBytes) {
            tooLong.insert(top.key);
            continue;
        }
        const std::int32_t merged = tokenFor(bytes);
        m_merges.emplace_back(a, b);
        std::vector<std::uint32_t> words = std::move(it->second.words);
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        std::unordered_map<std::uint64_t, std::int64_t> delta;
        for (const std::uint32_t w : words) {
            mergeInWord(w, a, b, merged, delta);
        }
        std::vector<std::uint64_t> changed;
        for (const auto& [key, d] : delta) {
            if (d != 0) {
                m_stats[key].count += d;
                changed.push_back(key);
            }
        }
        std::sort(changed.begin(), changed.end());
        for (const std::uint64_t key : changed) {
            if (m_stats[key].count > 0) {
                heap.push({m_stats[key].count, key});
            }
        }
    }
}

tok::TokenizerSpec Trainer::spec() const {
    tok::TokenizerSpec spec;
    spec.source = "trained tokenizer";
    for (std::size_t id = 0; id < m_tokenBytes.size(); ++id) {
        spec.vocab.emplace_back(tok::bytesToByteLevel(m_tokenBytes[id]), static_cast<std::int64_t>(id));
    }
    for (const auto& [a, b] : m_merges) {
        spec.merges.emplace_back(tok::bytesToByteLevel(m_tokenBytes[static_cast<std::size_t>(a)]),
                                 tok::bytesToByteLevel(m_tokenBytes[static_cast<std::size_t>(b)]));
    }
    auto next = static_cast<std::int32_t>(m_tokenBytes.size());
    for (const std::string& special : m_options.specialTokens) {
        AddedTokenInfo t;
        t.id = next++;
        t.content = special;
        t.special = true;
        spec.addedTokens.push_back(std::move(t));
    }
    return spec;
}

Result<void> checkOptions(const BpeTrainerOptions& options) {
    if (options.vocabSize < 256) {
        return makeError(ErrorCode::InvalidRequest,
                         "vocabSize " + std::to_string(options.vocabSize) + " is below the 256 byte tokens");
    }
    std::unordered_set<std::string> seen;
    for (const std::string& s : options.specialTokens) {
        if (s.empty() || !tok::isValidUtf8(s) || !seen.insert(s).second) {
            return makeError(ErrorCode::InvalidRequest,
                             "special token \"" + s + "\" is empty, not UTF-8 or repeated");
        }
    }
    return {};
}

} // namespace

Result<std::string> trainBpeTokenizerJson(const std::vector<std::string>& texts,
                                          const BpeTrainerOptions& options) {
    if (auto ok = checkOptions(options); !ok) {
        return ok.error();
    }
    Trainer trainer(options);
    trainer.countWords(texts);
    trainer.train();
    return tok::writeTokenizerJson(trainer.spec());
}

Result<void> trainBpeTokenizer(const std::vector<std::string>& texts, const BpeTrainerOptions& options,
                               const std::string& path) {
    auto json = trainBpeTokenizerJson(texts, options);
    if (!json) {
        return json.error();
    }
    return writeTextFileAtomic(path, *json);
}

} // namespace hb
