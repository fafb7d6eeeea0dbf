#pragma once
// Deterministic random tensor values for random checkpoints.
// Counter-based: element i of tensor T under seed S is a pure function of (S, name of T, i), so any
// chunk can be generated independently (in parallel, in any order) and the same seed gives the same
// bytes on every platform. Normals come from Box-Muller over splitmix64 hashes; the only libm calls
// are log, sqrt, sin and cos in double precision, whose results round to the same float everywhere
// in practice (a 1-ulp double difference survives float rounding with probability ~1e-9).
// The init rules follow the golden set (shared/golden/README.md, "Weights").
// Thread safety: pure functions, safe from any thread.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/dtype.h"

namespace hb {

/// How one tensor is initialised.
enum class InitKind : std::uint8_t {
    Normal,   ///< offset + scale * N(0,1)
    SinCos2d, ///< the fixed 2-D sin-cos table (bagel-spec §4.5), exact
    Count
};

struct TensorInit {
    InitKind kind = InitKind::Normal;
    double scale = 1.0;
    double offset = 0.0;
    std::int64_t gridSide = 0; ///< SinCos2d only: rows = gridSide^2
    std::int64_t dim = 0;      ///< SinCos2d only: values per row
};

/// The golden-set rule for a tensor:
///   norm weights (1-D `.weight`) 1 + 0.1 N; biases 0.1 N; `embed_tokens` N(0,1);
///   the ViT learned `position_embedding` 0.2 N; other weights N / sqrt(fan_in) (fan_in = product of
///   all but the first dimension); `latent_pos_embed` / `vit_pos_embed` the exact sin-cos tables.
TensorInit initFor(std::string_view name, const std::vector<std::int64_t>& shape);

/// splitmix64's output function (a strong 64-bit mixer).
std::uint64_t splitmix64(std::uint64_t x);
/// The stream key of one tensor under `seed` (depends on the name, not on the tensor's position, so
/// adding tensors to a preset does not change the others).
std::uint64_t tensorStreamKey(std::uint64_t seed, std::string_view tensorName);

/// Writes values of elements [begin, begin + count) of a tensor with stream `key` to `out`.
void generateValues(const TensorInit& init, std::uint64_t key, std::int64_t begin, std::size_t count,
                    float* out);

/// Encodes `count` floats as little-endian F32, BF16 or F16 (round to nearest even) into `out`,
/// which must hold count * dtypeSize(dtype) bytes. Precondition: dtype is one of those three.
void encodeValues(const float* values, std::size_t count, DType dtype, std::byte* out);

} // namespace hb
