#pragma once
// BAGEL's fixed embeddings (bagel-spec §4.5): the 2-D sin-cos position tables stored as
// `latent_pos_embed.pos_embed` and `vit_pos_embed.pos_embed`, and the DiT timestep-embedding
// frequencies. Computed in float64 like the official numpy code, so a float32 copy matches the
// stored tables to rounding.
// Thread safety: pure functions, safe from any thread.

#include <cstdint>
#include <vector>

namespace hb {

/// One row of the 2-D sin-cos table for a `gridSide` x `gridSide` grid and `dim` channels
/// (dim % 4 == 0). Row index n = r * gridSide + c. The row is four contiguous dim/4 blocks:
/// sin(c*w_k), cos(c*w_k), sin(r*w_k), cos(r*w_k) with w_k = 10000^(-k/(dim/4)); the column fills
/// the first half (an artefact of the official meshgrid(w, h)). `out` receives `dim` values.
void sinCos2dRow(std::int64_t index, std::int64_t gridSide, std::int64_t dim, double* out);

/// The whole table, [gridSide^2, dim] row-major. For large grids prefer sinCos2dRow (the 7B tables
/// are 14-18 M values each).
std::vector<double> sinCos2dTable(std::int64_t gridSide, std::int64_t dim);

/// Timestep-embedding frequencies f_k = exp(-ln(maxPeriod) * k / count), k = 0..count-1
/// (count 128, maxPeriod 10000 in BAGEL).
std::vector<double> timestepFrequencies(std::int64_t count = 128, double maxPeriod = 10000.0);

/// The 2*count-value embedding of flow time `t` (raw, in [0,1], not scaled by 1000):
/// [cos(t*f_k) for all k, sin(t*f_k) for all k] (cos first, as the official code).
std::vector<double> timestepEmbedding(double t, std::int64_t count = 128, double maxPeriod = 10000.0);

} // namespace hb
