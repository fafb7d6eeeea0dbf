#include "tokenizers/word_cache.h"

#include <cstring>

namespace hb::tok {
namespace {

constexpr std::size_t kSlotCount = WordCache::kMaxEntries * 2; // load factor <= 1/2
constexpr std::size_t kSlotMask = kSlotCount - 1;

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ull;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dull;
    h ^= h >> 33;
    return h;
}

} // namespace

std::uint64_t hashBytes(std::string_view bytes) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ bytes.size();
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        h = (h ^ word) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
    }
    std::uint64_t tail = 0;
    if (i < bytes.size()) {
        std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
    }
    return mix(h ^ tail);
}

void WordCache::reset(std::uint64_t owner) {
    m_owner = owner;
    m_entries = 0;
    m_slots.assign(kSlotCount, Slot{});
    m_keys.clear();
    m_ids.clear();
}

std::size_t WordCache::findSlot(std::uint64_t hash, std::string_view word) const {
    std::size_t index = static_cast<std::size_t>(hash) & kSlotMask;
    while (true) {
        const Slot& slot = m_slots[index];
        if (slot.keyLength == 0) {
            return index;
        }
        if (slot.hash == hash && slot.keyLength == word.size() &&
            std::memcmp(m_keys.data() + slot.keyOffset, word.data(), word.size()) == 0) {
            return index;
        }
        index = (index + 1) & kSlotMask;
    }
}

bool WordCache::lookup(std::uint64_t owner, std::string_view word, std::vector<std::int32_t>& out) {
    if (owner != m_owner || m_slots.empty()) {
        reset(owner);
        return false;
    }
    const Slot& slot = m_slots[findSlot(hashBytes(word), word)];
    if (slot.keyLength == 0) {
        return false;
    }
    const std::int32_t* ids = m_ids.data() + slot.idsOffset;
    out.insert(out.end(), ids, ids + slot.idsLength);
    return true;
}

void WordCache::insert(std::uint64_t owner, std::string_view word, const std::int32_t* first,
                       const std::int32_t* last) {
    if (word.empty() || word.size() > kMaxWordBytes || last - first > 0xFFFF) {
        return;
    }
    if (owner != m_owner || m_slots.empty() || m_entries >= kMaxEntries) {
        reset(owner); // a full cache starts over: simpler than eviction and as good for text
    }
    const std::uint64_t hash = hashBytes(word);
    Slot& slot = m_slots[findSlot(hash, word)];
    if (slot.keyLength != 0) {
        return;
    }
    slot.hash = hash;
    slot.keyOffset = static_cast<std::uint32_t>(m_keys.size());
    slot.keyLength = static_cast<std::uint16_t>(word.size());
    slot.idsOffset = static_cast<std::uint32_t>(m_ids.size());
    slot.idsLength = static_cast<std::uint16_t>(last - first);
    m_keys.append(word.data(), word.size());
    m_ids.insert(m_ids.end(), first, last);
    ++m_entries;
}

WordCache& threadWordCache() {
    thread_local WordCache cache;
    return cache;
}

} // namespace hb::tok
