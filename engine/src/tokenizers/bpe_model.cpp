#include "tokenizers/bpe_model.h"

#include <algorithm>
#include <queue>

namespace hb::tok {
namespace {

// Words up to this many symbols merge with a linear scan per step (fewer cache misses than a heap).
constexpr std::size_t kLinearMaxSymbols = 48;

std::uint64_t pairKey(std::int32_t left, std::int32_t right) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) |
           static_cast<std::uint32_t>(right);
}

std::uint64_t slotHash(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return key;
}

} // namespace

void BpeModel::build(const std::array<std::int32_t, 256>& byteIds, const std::vector<BpeMerge>& merges,
                     std::unordered_map<std::string, std::int32_t> wholeTokens, const Options& options) {
    m_byteIds = byteIds;
    m_options = options;
    m_wholeTokens = std::move(wholeTokens);
    std::size_t capacity = 16;
    while (capacity < merges.size() * 2) {
        capacity *= 2;
    }
    m_slots.assign(capacity, MergeSlot{});
    m_slotMask = capacity - 1;
    m_mergeCount = merges.size();
    // A pair listed twice keeps its last rank, as both Hugging Face loaders do (map insertion).
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const BpeMerge& m = merges[rank];
        const std::uint64_t key = pairKey(m.left, m.right);
        std::uint64_t index = slotHash(key) & m_slotMask;
        while (m_slots[index].key != kEmpty && m_slots[index].key != key) {
            index = (index + 1) & m_slotMask;
        }
        m_slots[index] = MergeSlot{key, static_cast<std::uint32_t>(rank), m.merged};
    }
}

std::pair<std::uint32_t, std::int32_t> BpeModel::findMerge(std::int32_t left, std::int32_t right) const {
    const std::uint64_t key = pairKey(left, right);
    std::uint64_t index = slotHash(key) & m_slotMask;
    while (true) {
        const MergeSlot& slot = m_slots[index];
        if (slot.key == key) {
            return {slot.rank, slot.merged};
        }
        if (slot.key == kEmpty) {
            return {kNoRank, -1};
        }
        index = (index + 1) & m_slotMask;
    }
}

void BpeModel::initialSymbols(std::string_view word, std::vector<std::int32_t>& symbols) const {
    symbols.clear();
    bool lastWasUnk = false;
    for (const char ch : word) {
        std::int32_t id = m_byteIds[static_cast<unsigned char>(ch)];
        if (id < 0) {
            id = m_options.unkId;
            if (id < 0 || (m_options.fuseUnk && lastWasUnk)) {
                continue;
            }
            lastWasUnk = true;
        } else {
            lastWasUnk = false;
        }
        symbols.push_back(id);
    }
}

void BpeModel::mergeLinear(std::vector<std::int32_t>& symbols) const {
    std::uint32_t ranks[kLinearMaxSymbols];
    std::int32_t mergedIds[kLinearMaxSymbols];
    std::size_t n = symbols.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        std::tie(ranks[i], mergedIds[i]) = findMerge(symbols[i], symbols[i + 1]);
    }
    while (n > 1) {
        std::size_t best = 0;
        for (std::size_t i = 1; i + 1 < n; ++i) {
            if (ranks[i] < ranks[best]) {
                best = i;
            }
        }
        if (ranks[best] == kNoRank) {
            break;
        }
        symbols[best] = mergedIds[best];
        symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(best) + 1);
        std::copy(ranks + best + 1, ranks + n - 1, ranks + best);
        std::copy(mergedIds + best + 1, mergedIds + n - 1, mergedIds + best);
        --n;
        if (best > 0) {
            std::tie(ranks[best - 1], mergedIds[best - 1]) = findMerge(symbols[best - 1], symbols[best]);
        }
        if (best + 1 < n) {
            std::tie(ranks[best], mergedIds[best]) = findMerge(symbols[best], symbols[best + 1]);
        }
    }
}

// Hugging Face's algorithm: a min-heap of (rank, position) candidates over a linked list of
// symbols; a popped candidate is stale when its left symbol was absorbed or its pair changed.
void BpeModel::mergeHeap(std::vector<std::int32_t>& symbols) const {
    struct Candidate {
        std::uint32_t rank;
        std::uint32_t pos;
        std::int32_t merged;
        bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    const std::size_t n = symbols.size();
    std::vector<std::int32_t> prev(n), next(n);
    std::vector<bool> alive(n, true);
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
    for (std::size_t i = 0; i < n; ++i) {
        prev[i] = static_cast<std::int32_t>(i) - 1;
        next[i] = i + 1 < n ? static_cast<std::int32_t>(i + 1) : -1;
        if (i + 1 < n) {
            const auto [rank, merged] = findMerge(symbols[i], symbols[i + 1]);
            if (rank != kNoRank) {
                heap.push({rank, static_cast<std::uint32_t>(i), merged});
            }
        }
    }
    const auto pushPair = [&](std::int32_t left) {
        if (left < 0 || next[static_cast<std::size_t>(left)] < 0) {
            return;
        }
        const auto l = static_cast<std::size_t>(left);
        const auto [rank, merged] = findMerge(symbols[l], symbols[static_cast<std::size_t>(next[l])]);
        if (rank != kNoRank) {
            heap.push({rank, static_cast<std::uint32_t>(left), merged});
        }
    };
    while (!heap.empty()) {
        const Candidate top = heap.top();
        heap.pop();
        const std::size_t pos = top.pos;
        if (!alive[pos] || next[pos] < 0) {
            continue;
        }
        const auto right = static_cast<std::size_t>(next[pos]);
        if (findMerge(symbols[pos], symbols[right]).second != top.merged) {
            continue;
        }
        symbols[pos] = top.merged;
        alive[right] = false;
        next[pos] = next[right];
        if (next[pos] >= 0) {
            prev[static_cast<std::size_t>(next[pos])] = static_cast<std::int32_t>(pos);
        }
        pushPair(prev[pos]);
        pushPair(static_cast<std::int32_t>(pos));
    }
    std::size_t out = 0;
    for (std::int32_t i = 0; i >= 0; i = next[static_cast<std::size_t>(i)]) {
        symbols[out++] = symbols[static_cast<std::size_t>(i)];
    }
    symbols.resize(out);
}

void BpeModel::encodeWord(std::string_view word, std::vector<std::int32_t>& out) const {
    if (word.size() == 1) {
        const std::int32_t id = m_byteIds[static_cast<unsigned char>(word[0])];
        const std::int32_t chosen = id >= 0 ? id : m_options.unkId;
        if (chosen >= 0) {
            out.push_back(chosen);
        }
        return;
    }
    if (m_options.ignoreMerges) {
        if (const auto it = m_wholeTokens.find(std::string(word)); it != m_wholeTokens.end()) {
            out.push_back(it->second);
            return;
        }
    }
    thread_local std::vector<std::int32_t> symbols;
    initialSymbols(word, symbols);
    if (symbols.size() <= kLinearMaxSymbols) {
        mergeLinear(symbols);
    } else {
        mergeHeap(symbols);
    }
    out.insert(out.end(), symbols.begin(), symbols.end());
}

} // namespace hb::tok
