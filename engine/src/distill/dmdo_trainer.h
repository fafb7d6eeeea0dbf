#pragma once
// Stage 3, DMDO: distribution matching along the generator's deterministic ODE trajectory
// (hyper-bagel.md §3, docs/distillation.md §9). Per example the generator G (the 6-step student)
// rolls out its Euler trajectory x_T -> x_0 without gradients, keeping every knot. Then:
//   fake score F: x_t = lerp(x_0, x_T, t) on the straight line, regress F(x_t, t) to x_T - x_0;
//   generator: pick the knot just above a drawn t, predict x0_hat there with gradients, re-noise it
//   with the SAME x_T at a fresh t', and push x0_hat along the DMD direction: away from F's x0
//   prediction, towards the real score's (the teacher with its official CFG, bagel-spec §5.4).
// Both updates reuse the one stored trajectory. Engine-internal. Thread safety: one thread.

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "hyperbagel/engine/distill.h"

#include "distill/cfg_student.h"
#include "distill/stage_common.h"

namespace hb {

struct DmdoStats {
    double lossGenerator = std::nan(""); ///< 0.5 * mean squared DMD step (the surrogate's value)
    double lossFake = std::nan("");      ///< the fake score's flow-matching loss
    double realGap = std::nan("");       ///< mean squared x0_hat - real-score x0 (monitored)
    double fakeGap = std::nan("");       ///< mean squared fake - real x0 predictions (monitored)
    double gradNorm = 0.0;               ///< the generator's, before clipping
};

class DmdoTrainer {
public:
    /// Loads the teacher, starts the generator and the fake score from the request's start tier.
    static Result<std::unique_ptr<DmdoTrainer>> create(const DistillRequest& request);

    /// One optimizer step: `criticUpdates` fake-score updates at `criticLr`, then one generator update
    /// at `lr`, over the examples of step `step` (a pure function of the seed and `step`).
    DmdoStats step(std::int64_t step, double lr, double criticLr);

    TrainedState& generator() { return m_generator; }
    TrainedState& fake() { return m_fake; }
    CfgStudentImpl& generatorNet() { return *m_generatorNet; }
    BagelModel& teacher() const { return m_teacher.bagel(); }
    const std::vector<float>& times() const { return m_times; }

private:
    DmdoTrainer() = default;

    DistillRequest m_r;
    FrozenTeacher m_teacher;
    std::vector<float> m_times;
    std::shared_ptr<CfgStudentImpl> m_generatorNet;
    std::shared_ptr<CfgStudentImpl> m_fakeNet;
    TrainedState m_generator;
    TrainedState m_fake;
};

/// The rollout knot a generator update starts from for a drawn time t: the last k with times[k] >= t
/// among the knots that still have a step after them (times run from 1 down to 0).
std::size_t knotAbove(const std::vector<float>& times, double t);

} // namespace hb
