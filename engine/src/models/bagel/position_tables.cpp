#include "models/bagel/position_tables.h"

#include <cmath>

namespace hb {

void sinCos2dRow(std::int64_t index, std::int64_t gridSide, std::int64_t dim, double* out) {
    const std::int64_t quarter = dim / 4;
    const std::int64_t rowIndex = index / gridSide; // whole grid rows, intentionally truncated
    const auto row = static_cast<double>(rowIndex);
    const auto col = static_cast<double>(index - rowIndex * gridSide);
    for (std::int64_t k = 0; k < quarter; ++k) {
        // omega = 1 / 10000^(k / quarter), exactly as the MAE helper builds it in float64.
        const double omega = 1.0 / std::pow(10000.0, static_cast<double>(k) / static_cast<double>(quarter));
        out[k] = std::sin(col * omega);
        out[quarter + k] = std::cos(col * omega);
        out[2 * quarter + k] = std::sin(row * omega);
        out[3 * quarter + k] = std::cos(row * omega);
    }
}

std::vector<double> sinCos2dTable(std::int64_t gridSide, std::int64_t dim) {
    const std::int64_t rows = gridSide * gridSide;
    std::vector<double> table(static_cast<std::size_t>(rows * dim));
    for (std::int64_t n = 0; n < rows; ++n) {
        sinCos2dRow(n, gridSide, dim, table.data() + n * dim);
    }
    return table;
}

std::vector<double> timestepFrequencies(std::int64_t count, double maxPeriod) {
    std::vector<double> freqs(static_cast<std::size_t>(count));
    const double logPeriod = std::log(maxPeriod);
    for (std::int64_t k = 0; k < count; ++k) {
        freqs[static_cast<std::size_t>(k)] =
            std::exp(-logPeriod * static_cast<double>(k) / static_cast<double>(count));
    }
    return freqs;
}

std::vector<double> timestepEmbedding(double t, std::int64_t count, double maxPeriod) {
    const std::vector<double> freqs = timestepFrequencies(count, maxPeriod);
    std::vector<double> embedding(static_cast<std::size_t>(2 * count));
    for (std::size_t k = 0; k < freqs.size(); ++k) {
        embedding[k] = std::cos(t * freqs[k]);
        embedding[freqs.size() + k] = std::sin(t * freqs[k]);
    }
    return embedding;
}

} // namespace hb
