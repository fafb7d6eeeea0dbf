#include "demo/stage_clock.h"

#include <algorithm>

namespace hb {

StageClock::StageClock(double budgetSeconds) : m_start(Clock::now()), m_budget(budgetSeconds) {
    m_window.emplace_back(m_start, 0);
}

void StageClock::tick(std::int64_t, std::int64_t samples) {
    m_window.emplace_back(Clock::now(), m_window.back().second + samples);
    while (m_window.size() > 50) {
        m_window.pop_front();
    }
}

double StageClock::samplesPerSecond() const {
    if (m_window.size() < 2) {
        return 0.0;
    }
    const double seconds = std::chrono::duration<double>(m_window.back().first - m_window.front().first).count();
    return seconds > 0.0 ? static_cast<double>(m_window.back().second - m_window.front().second) / seconds : 0.0;
}

double StageClock::secondsPerStep() const {
    if (m_window.size() < 2) {
        return 0.0;
    }
    const double seconds = std::chrono::duration<double>(m_window.back().first - m_window.front().first).count();
    return seconds / static_cast<double>(m_window.size() - 1);
}

double StageClock::etaSeconds(std::int64_t step, std::int64_t totalSteps) const {
    return secondsPerStep() * static_cast<double>(std::max<std::int64_t>(0, totalSteps - step));
}

double StageClock::elapsedSeconds() const {
    return std::chrono::duration<double>(Clock::now() - m_start).count();
}

bool StageClock::budgetSpent() const { return m_budget > 0.0 && elapsedSeconds() >= m_budget; }

TrainingProgress StageClock::progressAt(const std::string& stage, std::int64_t step, std::int64_t totalSteps,
                                        std::vector<std::pair<std::string, double>> metrics) const {
    TrainingProgress p;
    p.stage = stage;
    p.step = step;
    p.totalSteps = totalSteps;
    p.samplesPerSecond = samplesPerSecond();
    p.etaSeconds = etaSeconds(step, totalSteps);
    p.metrics = std::move(metrics);
    return p;
}

} // namespace hb
