#pragma once
// A seeded random source whose outputs are identical on every platform and standard library:
// std::mt19937_64's raw output sequence is fixed by the standard, but the std distributions are not,
// so integers and reals are derived from the raw 64-bit words here.
// Thread safety: a plain value; one instance per thread.

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace hb::shapeworld {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    /// The next raw 64-bit word of mt19937_64.
    std::uint64_t next() { return m_engine(); }
    /// Uniform integer in [lo, hi] (inclusive), by rejection: unbiased. Precondition: lo <= hi.
    int uniformInt(int lo, int hi);
    /// Uniform index in [0, n). Precondition: n > 0.
    std::size_t index(std::size_t n);
    /// Uniform real in [0, 1) with 53 random bits.
    double uniform01();
    /// Uniform real in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
    /// True with probability p.
    bool chance(double p) { return uniform01() < p; }

private:
    std::mt19937_64 m_engine;
};

/// A uniformly chosen element of `items`. Precondition: non-empty.
template <typename T>
const T& pickOne(Rng& rng, const std::vector<T>& items) {
    return items[rng.index(items.size())];
}

} // namespace hb::shapeworld
