#pragma once
// What every demo training stage receives: its folder, the run's seed, the request's callbacks and
// budget. Engine-internal. Thread safety: used on the calling thread only.

#include <cstdint>
#include <string>

#include "hyperbagel/engine/demo.h"

#include "demo/stage_clock.h"

namespace hb {

struct StageEnv {
    std::string dir; ///< the stage's own folder (created)
    std::uint64_t seed = 1;
    const DemoTrainRequest* request = nullptr;
    StageClock* clock = nullptr;

    bool stopRequested() const {
        return (request->cancel != nullptr && request->cancel->load()) || clock->budgetSpent();
    }
    void report(const TrainingProgress& progress) const {
        if (request->onProgress) {
            request->onProgress(progress);
        }
    }
    void say(const std::string& stage, const std::string& message) const {
        TrainingProgress p;
        p.stage = stage;
        p.message = message;
        report(p);
    }
};

/// How a stage call ended.
enum class StageOutcome { Finished, Stopped };

} // namespace hb
