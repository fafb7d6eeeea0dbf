#pragma once
// Time keeping shared by the training stages: samples per second over a sliding window, the ETA to
// the planned step count, and the run's time budget. Engine-internal. Thread safety: not thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "hyperbagel/engine/demo.h"

namespace hb {

class StageClock {
public:
    /// `budgetSeconds` <= 0 means no limit.
    explicit StageClock(double budgetSeconds);
    /// Records that step `step` finished with `samples` samples.
    void tick(std::int64_t step, std::int64_t samples);
    double samplesPerSecond() const;
    double secondsPerStep() const;
    double etaSeconds(std::int64_t step, std::int64_t totalSteps) const;
    bool budgetSpent() const;
    /// A progress report for `stage` at `step` of `totalSteps`, with this clock's rate and ETA.
    TrainingProgress progressAt(const std::string& stage, std::int64_t step, std::int64_t totalSteps,
                                std::vector<std::pair<std::string, double>> metrics) const;
    double elapsedSeconds() const;

private:
    using Clock = std::chrono::steady_clock;
    Clock::time_point m_start;
    double m_budget;
    std::deque<std::pair<Clock::time_point, std::int64_t>> m_window; ///< recent (time, samples) marks
};

} // namespace hb
