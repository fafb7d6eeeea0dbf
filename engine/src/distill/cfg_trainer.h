#pragma once
// One CFG-distillation run's moving parts (docs/distillation.md): the frozen teacher, its tokenizer,
// the student, AdamW over the student's trainable tensors and their EMA. prepare() does the teacher's
// work for a step's examples (no gradients); trainStep() runs the student once per example, one
// forward without CFG branches, and regresses the teacher's guided velocity (plain MSE, every example
// weighted alike). The loop around it (checkpoints, logs, export) is cfg_stage.cpp; tests drive the
// trainer directly. Engine-internal. Thread safety: not thread-safe; one thread owns a trainer.

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/model.h"
#include "hyperbagel/engine/tokenizer.h"

#include "distill/cfg_examples.h"
#include "distill/cfg_student.h"
#include "training/adamw.h"
#include "training/ema.h"

namespace hb {

struct CfgTrainerOptions {
    std::string teacherDir;
    std::string device = "cpu";
    CfgDrawOptions draw;
    double emaDecay = 0.998;
};

struct CfgStepStats {
    double loss = std::nan("");            ///< mean student MSE over the examples (before the update)
    double lossTextToImage = std::nan(""); ///< NaN when the step had none
    double lossEdit = std::nan("");
    double gap = std::nan(""); ///< mean MSE of the teacher's conditional velocity to the target
    double gradNorm = 0.0;     ///< before clipping (trainStep only)
};

class CfgTrainer {
public:
    /// Loads the teacher (float32 on `options.device`) and its tokenizer and builds the student.
    /// Fails with the load errors of Model::load() (FileNotFound, BadConfig, BadCheckpoint naming the
    /// file or tensor), Unsupported when the folder has no tokenizer.json.
    static Result<std::unique_ptr<CfgTrainer>> create(const CfgTrainerOptions& options);

    /// The examples of optimizer step `step`, made ready by the teacher.
    std::vector<PreparedCfgExample> prepare(std::int64_t step);
    /// One AdamW step at rate `lr` on `batch` (gradients clipped to norm 1), then the EMA update.
    CfgStepStats trainStep(const std::vector<PreparedCfgExample>& batch, double lr);
    /// The student's loss on `batch` without gradients or updates.
    CfgStepStats evaluate(const std::vector<PreparedCfgExample>& batch);

    BagelModel& teacher();
    const Tokenizer& tokenizer() const { return *m_tokenizer; }
    const CfgTrainerOptions& options() const { return m_options; }
    CfgStudentImpl& student() { return *m_student; }
    NamedTensors& parameters() { return m_params; }
    AdamW& optimizer() { return *m_optimizer; }
    Ema& ema() { return *m_ema; }

private:
    CfgTrainer() = default;
    CfgStepStats run(const std::vector<PreparedCfgExample>& batch, bool backward);

    CfgTrainerOptions m_options;
    std::shared_ptr<Model> m_model;
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::shared_ptr<CfgStudentImpl> m_student;
    NamedTensors m_params;
    std::unique_ptr<AdamW> m_optimizer;
    std::unique_ptr<Ema> m_ema;
};

} // namespace hb
