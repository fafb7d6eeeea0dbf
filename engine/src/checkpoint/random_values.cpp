#include "checkpoint/random_values.h"

#include <cmath>
#include <cstring>
#include <string>

#include "models/bagel/bagel_schema.h"
#include "models/bagel/position_tables.h"

namespace hb {

namespace {

constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;
constexpr double kTwoPi = 6.283185307179586476925286766559;
constexpr double kTwoPow32 = 4294967296.0;

bool endsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

/// Two standard normals from one 64-bit hash: 32 bits for each Box-Muller uniform. u1 lies in
/// (0, 1), so log(u1) is finite; the tails stop near 6.7 sigma, which is fine for weights.
void normalPair(std::uint64_t key, std::uint64_t pair, double& z0, double& z1) {
    const std::uint64_t h = splitmix64(key + (pair + 1) * kGoldenGamma);
    const double u1 = (static_cast<double>(h >> 32) + 0.5) / kTwoPow32;
    const double u2 = static_cast<double>(h & 0xFFFFFFFFull) / kTwoPow32;
    const double radius = std::sqrt(-2.0 * std::log(u1));
    z0 = radius * std::cos(kTwoPi * u2);
    z1 = radius * std::sin(kTwoPi * u2);
}

void generateNormals(const TensorInit& init, std::uint64_t key, std::int64_t begin, std::size_t count,
                     float* out) {
    std::size_t i = 0;
    auto index = static_cast<std::uint64_t>(begin);
    while (i < count) {
        double z[2];
        normalPair(key, index / 2, z[0], z[1]);
        // Fill the rest of this pair (both halves unless the range starts or ends mid-pair).
        for (std::uint64_t half = index % 2; half < 2 && i < count; ++half, ++i, ++index) {
            out[i] = static_cast<float>(init.offset + init.scale * z[half]);
        }
    }
}

void generateSinCos(const TensorInit& init, std::int64_t begin, std::size_t count, float* out) {
    std::vector<double> row(static_cast<std::size_t>(init.dim));
    std::int64_t cachedRow = -1;
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t element = begin + static_cast<std::int64_t>(i);
        const std::int64_t r = element / init.dim;
        if (r != cachedRow) {
            sinCos2dRow(r, init.gridSide, init.dim, row.data());
            cachedRow = r;
        }
        out[i] = static_cast<float>(row[static_cast<std::size_t>(element % init.dim)]);
    }
}

} // namespace

TensorInit initFor(std::string_view name, const std::vector<std::int64_t>& shape) {
    TensorInit init;
    if ((name == kLatentPosEmbedName || name == kVitPosEmbedName) && shape.size() == 2) {
        init.kind = InitKind::SinCos2d;
        init.gridSide = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(shape[0]))));
        init.dim = shape[1];
        return init;
    }
    if (endsWith(name, ".bias")) {
        init.scale = 0.1;
    } else if (shape.size() == 1) {
        init.offset = 1.0; // every 1-D weight in BAGEL is a norm scale
        init.scale = 0.1;
    } else if (endsWith(name, "embed_tokens.weight")) {
        init.scale = 1.0;
    } else if (endsWith(name, "position_embedding.weight")) {
        init.scale = 0.2;
    } else {
        std::int64_t fanIn = 1;
        for (std::size_t d = 1; d < shape.size(); ++d) {
            fanIn *= shape[d];
        }
        init.scale = 1.0 / std::sqrt(static_cast<double>(fanIn > 0 ? fanIn : 1));
    }
    return init;
}

std::uint64_t splitmix64(std::uint64_t x) {
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::uint64_t tensorStreamKey(std::uint64_t seed, std::string_view tensorName) {
    // FNV-1a over the name, then mixed with the seed.
    std::uint64_t hash = 0xCBF29CE484222325ull;
    for (const char c : tensorName) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    }
    return splitmix64(splitmix64(seed + kGoldenGamma) ^ hash);
}

void generateValues(const TensorInit& init, std::uint64_t key, std::int64_t begin, std::size_t count,
                    float* out) {
    if (init.kind == InitKind::SinCos2d) {
        generateSinCos(init, begin, count, out);
    } else {
        generateNormals(init, key, begin, count, out);
    }
}

void encodeValues(const float* values, std::size_t count, DType dtype, std::byte* out) {
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t bits = 0;
        std::size_t width = 4;
        if (dtype == DType::BF16) {
            bits = floatToBf16(values[i]);
            width = 2;
        } else if (dtype == DType::F16) {
            bits = floatToF16(values[i]);
            width = 2;
        } else {
            std::memcpy(&bits, &values[i], sizeof bits);
        }
        // Explicit little-endian bytes, whatever the host order.
        for (std::size_t b = 0; b < width; ++b) {
            out[i * width + b] = static_cast<std::byte>((bits >> (8 * b)) & 0xFFu);
        }
    }
}

} // namespace hb
