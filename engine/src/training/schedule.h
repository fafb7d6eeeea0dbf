#pragma once
// Learning-rate schedule: linear warm-up from 0, then cosine decay to a floor.
// Thread safety: a plain value.

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hb {

struct WarmupCosine {
    double peak = 1e-3;
    double floor = 1e-5;
    std::int64_t warmupSteps = 200;
    std::int64_t totalSteps = 10000;

    /// The rate for 0-based step `step`; steps past totalSteps stay at `floor`.
    double at(std::int64_t step) const {
        if (step < warmupSteps) {
            return peak * static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
        }
        const double span = static_cast<double>(std::max<std::int64_t>(1, totalSteps - warmupSteps));
        const double progress = std::min(1.0, static_cast<double>(step - warmupSteps) / span);
        return floor + 0.5 * (peak - floor) * (1.0 + std::cos(progress * 3.14159265358979323846));
    }
};

} // namespace hb
