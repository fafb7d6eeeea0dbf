#pragma once
// The BPE model: byte -> initial id, (left id, right id) -> (rank, merged id), and the merge loop.
// A word (one pre-tokenizer piece, as raw bytes) starts as one symbol per byte; the adjacent pair
// with the lowest merge rank is merged, the leftmost on ties, until no pair has a merge. This is
// the result of Hugging Face's heap-based loop and of the classic GPT-2 loop alike.
// Short words use a linear scan; long ones a heap, so a 100 kB "word" stays O(n log n).
// Thread safety: immutable after build(); encodeWord() is safe from any thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hb::tok {

struct BpeMerge {
    std::int32_t left = 0;
    std::int32_t right = 0;
    std::int32_t merged = 0;
};

class BpeModel {
public:
    struct Options {
        bool ignoreMerges = false; ///< a word that is itself a token skips merging (HF ignore_merges)
        std::int32_t unkId = -1;   ///< id for bytes without a token; -1 drops them, as HF does
        bool fuseUnk = false;      ///< consecutive unknowns become one unk
    };

    /// `byteIds[b]` is the id spelling byte b (-1 when absent); `merges` in rank order;
    /// `wholeTokens` maps raw bytes to ids (only needed for ignoreMerges).
    void build(const std::array<std::int32_t, 256>& byteIds, const std::vector<BpeMerge>& merges,
               std::unordered_map<std::string, std::int32_t> wholeTokens, const Options& options);

    /// Appends the ids of one word (raw bytes) to `out`.
    void encodeWord(std::string_view word, std::vector<std::int32_t>& out) const;

    std::size_t mergeCount() const { return m_mergeCount; }

private:
    struct MergeSlot {
        std::uint64_t key = kEmpty;
        std::uint32_t rank = 0;
        std::int32_t merged = 0;
    };
    static constexpr std::uint64_t kEmpty = ~0ull;
    static constexpr std::uint32_t kNoRank = 0xFFFFFFFFu;

    /// Rank and merged id of the pair, or rank kNoRank.
    std::pair<std::uint32_t, std::int32_t> findMerge(std::int32_t left, std::int32_t right) const;
    void initialSymbols(std::string_view word, std::vector<std::int32_t>& symbols) const;
    void mergeLinear(std::vector<std::int32_t>& symbols) const;
    void mergeHeap(std::vector<std::int32_t>& symbols) const;

    std::array<std::int32_t, 256> m_byteIds{};
    std::vector<MergeSlot> m_slots;
    std::uint64_t m_slotMask = 0;
    std::size_t m_mergeCount = 0;
    std::unordered_map<std::string, std::int32_t> m_wholeTokens;
    Options m_options;
};

} // namespace hb::tok
