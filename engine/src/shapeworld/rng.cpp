#include "shapeworld/rng.h"

#include <limits>

namespace hb::shapeworld {

std::size_t Rng::index(std::size_t n) {
    const std::uint64_t range = n;
    // Largest multiple of `range` representable: words at or above it are rejected (no modulo bias).
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
    std::uint64_t word = next();
    while (word >= limit) {
        word = next();
    }
    return static_cast<std::size_t>(word % range);
}

int Rng::uniformInt(int lo, int hi) {
    const auto span = static_cast<std::size_t>(static_cast<std::int64_t>(hi) - lo + 1);
    return static_cast<int>(lo + static_cast<std::int64_t>(index(span)));
}

double Rng::uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

} // namespace hb::shapeworld
