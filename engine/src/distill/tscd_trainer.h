#pragma once
// Stage 2 of the generation distillation, TSCD (hyper-bagel.md §3, docs/distillation.md "Stage 2"):
// trajectory-segmented consistency distillation, Hyper-SD style with the paper's changes: the tier's
// 6 steps form 3 segments trained together in one stage, the loss is purely adversarial (no MSE), and
// the discriminator is DMDX's multi-head design on a trainable diffusion backbone
// (latent_discriminator.h).
//
// Per example: a segment [s_a, s_b] and a start knot t in it; x_t = (1 - t) x0 + t eps; the generator
// G (the start tier's student, trained) jumps to the segment's end in one Euler step,
// x̂ = x_t - (t - s_b) G(x_t, t); the real endpoint is the teacher's own guided Euler ODE from x_t to
// s_b on the refined grid (no gradients). The discriminator D judges the endpoint at time s_b over the
// example's full context with the example's guidance scales. Hinge losses; `criticUpdates` D updates,
// then one G update, per step. The MSE of x̂ to the real endpoint is logged, never trained.
// Every choice of step k is a pure function of (seed, k), so a resumed run continues bit for bit.
// The loop around it (checkpoints, logs, export) is tscd_stage.cpp; tests drive the trainer directly.
// Engine-internal. Thread safety: not thread-safe; one thread owns a trainer.

#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/distill.h"
#include "hyperbagel/engine/error.h"

#include "distill/cfg_examples.h"
#include "distill/cfg_student.h"
#include "distill/cfg_target.h"
#include "distill/latent_discriminator.h"
#include "distill/stage_common.h"

namespace hb {

/// The tier's time grid cut into segments, and the teacher's finer grid inside them.
struct TscdPlan {
    std::vector<float> knots;  ///< the tier's timesteps, 1 -> 0 (shiftedTimesteps(tierTimesteps, shift))
    std::vector<float> fine;   ///< shiftedTimesteps(steps * substeps + 1, shift)
    int segments = 3;
    int stepsPerSegment = 2;   ///< tier steps per segment
    int substeps = 2;          ///< teacher Euler steps per tier step

    /// The segment of knot `k` (k < knots.size() - 1) and the knot index where it ends.
    int segmentOf(int k) const { return k / stepsPerSegment; }
    int segmentEnd(int segment) const { return (segment + 1) * stepsPerSegment; }
    /// The teacher's Euler times from knot `from` to knot `to` (from < to): the fine grid with the
    /// tier's knots exactly (substeps * (to - from) steps).
    std::vector<float> teacherTimes(int from, int to) const;
};

/// The plan for a tier of `tierTimesteps` points. InvalidRequest unless its steps split evenly into
/// `segments` segments.
Result<TscdPlan> makeTscdPlan(int tierTimesteps, double shift, int segments = 3, int substeps = 2);

/// The teacher's guided Euler ODE from x at times[0] to times.back() (no gradients): the arithmetic of
/// sampleFlow() with the guidance's interval, so it equals the teacher's sampler on those times.
/// `forwards`, when given, receives the teacher forwards spent.
at::Tensor teacherOdeEndpoint(BagelModel& teacher, const GuidanceContexts& contexts, const at::Tensor& x,
                              std::int64_t h, std::int64_t w, const std::vector<float>& times,
                              const CfgGuidance& guidance, int* forwards = nullptr);

/// An example made ready by the teacher.
struct TscdExample {
    TeacherTask task = TeacherTask::TextToImage;
    BagelContext context; ///< the full-condition context (G and D see no other)
    at::Tensor xt;        ///< [h*w, c] float32 at `t`
    at::Tensor real;      ///< the teacher's ODE endpoint at `end`
    std::int64_t h = 0;
    std::int64_t w = 0;
    int segment = 0;
    int knot = 0;   ///< index of t in the plan's knots
    float t = 1.0f; ///< start time (a knot)
    float end = 0.0f; ///< the segment's end
    double textScale = 1.0;
    double imageScale = 1.0;
    int teacherForwards = 0;
};

struct TscdStepStats {
    double lossG = std::nan("");      ///< generator hinge loss (before its update)
    double lossD = std::nan("");      ///< discriminator hinge loss, mean over the critic updates
    double realLogit = std::nan("");  ///< mean D logit of the real endpoints (last critic update)
    double fakeLogit = std::nan("");  ///< mean D logit of the fake endpoints (last critic update)
    double endpointMse = std::nan(""); ///< monitored: MSE of G's endpoint to the teacher's, not trained
    double gradNormG = 0.0;           ///< before clipping
    double gradNormD = 0.0;           ///< last critic update, before clipping
};

class TscdTrainer {
public:
    /// From a resolved, checked request (stage_common.h): loads the frozen teacher, starts G and D's
    /// backbone from startTierPath(request) and seeds D's heads from request.seed. Fails with the
    /// teacher's and the tier's load errors, InvalidRequest when the tier's steps do not split into 3.
    static Result<std::unique_ptr<TscdTrainer>> create(const DistillRequest& request);

    /// The examples of optimizer step `step`, made ready by the teacher.
    std::vector<TscdExample> prepare(std::int64_t step);
    /// criticUpdates D updates at `criticLr`, then one G update at `lr` (AdamW, clipped to norm 1, EMA).
    TscdStepStats trainStep(const std::vector<TscdExample>& batch, double lr, double criticLr);

    BagelModel& teacher() { return m_teacher.bagel(); }
    const Tokenizer& tokenizer() const { return *m_teacher.tokenizer; }
    const TscdPlan& plan() const { return m_plan; }
    CfgStudentImpl& generator() { return *m_generator; }
    LatentDiscriminatorImpl& discriminator() { return *m_discriminator; }
    TrainedState& generatorState() { return m_g; }
    TrainedState& discriminatorState() { return m_d; }

private:
    TscdTrainer() = default;
    /// G's one-step jump from x_t to the segment's end (the tier sampler's arithmetic).
    at::Tensor fakeEndpoint(const TscdExample& e);
    at::Tensor judge(const TscdExample& e, const at::Tensor& endpoint);
    void setDiscriminatorTrainable(bool on);

    DistillRequest m_request;
    CfgDrawOptions m_draw;
    TscdPlan m_plan;
    FrozenTeacher m_teacher;
    std::shared_ptr<CfgStudentImpl> m_generator;
    std::shared_ptr<LatentDiscriminatorImpl> m_discriminator;
    TrainedState m_g;
    TrainedState m_d;
};

} // namespace hb
