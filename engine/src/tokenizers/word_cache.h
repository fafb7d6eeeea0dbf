#pragma once
// A per-thread cache of BPE results (word bytes -> ids). Natural text repeats a few thousand words,
// so most pieces skip the merge loop entirely. The cache belongs to the calling thread, which keeps
// Tokenizer::encode() lock-free and safe from many threads; it remembers one tokenizer at a time
// (by a process-unique owner id) and starts over when another tokenizer uses the thread, or when
// it is full.
// Thread safety: each thread gets its own instance through threadWordCache().

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hb::tok {

class WordCache {
public:
    static constexpr std::size_t kMaxWordBytes = 96; ///< longer pieces are rare and not cached
    static constexpr std::size_t kMaxEntries = 1 << 15;

    /// Appends the cached ids of `word` to `out`; false on a miss. Switches owner when needed.
    bool lookup(std::uint64_t owner, std::string_view word, std::vector<std::int32_t>& out);
    /// Remembers the ids of `word` (ids [first, last) of some vector) for `owner`.
    void insert(std::uint64_t owner, std::string_view word, const std::int32_t* first,
                const std::int32_t* last);

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t keyOffset = 0;
        std::uint32_t idsOffset = 0;
        std::uint16_t keyLength = 0; ///< 0 marks an empty slot (empty words are never cached)
        std::uint16_t idsLength = 0;
    };

    void reset(std::uint64_t owner);
    std::size_t findSlot(std::uint64_t hash, std::string_view word) const;

    std::uint64_t m_owner = 0;
    std::size_t m_entries = 0;
    std::vector<Slot> m_slots;
    std::string m_keys;
    std::vector<std::int32_t> m_ids;
};

/// The calling thread's cache.
WordCache& threadWordCache();

/// A fast 64-bit hash of a short byte string (multiply-xorshift over 8-byte words).
std::uint64_t hashBytes(std::string_view bytes);

} // namespace hb::tok
