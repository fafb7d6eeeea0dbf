#pragma once
// ShapeWorld, the bundled demo model: training it from nothing, stage by stage, and measuring it.
// Each stage (tokenizer, autoencoder, teacher) writes checkpoints into its own folder under the
// output folder and resumes from them, so a run may stop at any moment (time budget, Ctrl+C, a
// crash) and continue later. The finished model is written in the official BAGEL folder layout.
// Thread safety: one call at a time per output folder; callbacks run on the calling thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

/// A snapshot of a running stage, for progress lines and the GUI.
struct TrainingProgress {
    std::string stage;          ///< "tokenizer", "autoencoder", "teacher"
    std::int64_t step = 0;      ///< optimizer steps done (across resumes)
    std::int64_t totalSteps = 0;
    double samplesPerSecond = 0.0;
    double etaSeconds = 0.0; ///< to totalSteps at the current rate
    std::vector<std::pair<std::string, double>> metrics; ///< loss terms, gate rates, learning rate
    std::string message; ///< a line worth showing as is (stage start, gate result, checkpoint)
};

struct DemoTrainRequest {
    std::string outDir;     ///< created when missing; holds one folder per stage and `model/`
    std::uint64_t seed = 1; ///< every random choice derives from it
    /// Stages to run, in order; empty means all: "tokenizer", "autoencoder", "teacher". A stage whose
    /// result exists is skipped; one with a checkpoint resumes.
    std::vector<std::string> stages;
    /// Stop (after writing a checkpoint) once this many minutes have passed; 0 means no limit.
    double budgetMinutes = 0.0;
    /// Override the stages' planned optimizer steps (0 keeps the defaults), for quick runs and tests.
    std::int64_t autoencoderSteps = 0;
    std::int64_t teacherSteps = 0;
    /// The autoencoder gate: the share of held-out round trips that must read back exactly (0.98 per
    /// the ShapeWorld definition; tests lower it to run the chain end to end) and its sample count
    /// (0 keeps 400).
    double autoencoderGate = 0.98;
    std::int64_t autoencoderGateSamples = 0;
    /// Steps between teacher snapshots (EMA model folder + a quick evaluation); 0 keeps 1000.
    std::int64_t teacherSnapshotEvery = 0;
    /// A model folder from an earlier run (e.g. resources/models/shapeworld) to continue from across
    /// machines: unfinished stages take its tokenizer.json, its ae.safetensors + ae_config.json, and
    /// its ema.safetensors as the teacher's starting point (with a fresh optimizer). Empty: none.
    std::string resumeFrom;
    /// Samples per task in one teacher step (text-to-image, edit, question); 0 keeps 16, 12, 16.
    std::int64_t teacherBatchPerTask = 0;
    /// Where the teacher stage trains and measures its snapshots: "cpu", "cuda" or "cuda:N" (the
    /// tokenizer and autoencoder stages run on the CPU). A run may move between devices: checkpoints
    /// are device-independent.
    std::string device = "cpu";
    std::function<void(const TrainingProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr; ///< checked every step; a checkpoint is written first
};

struct DemoTrainReport {
    std::vector<std::string> finishedStages; ///< stages whose final result now exists
    bool stoppedEarly = false;               ///< the budget ran out or cancel fired; run again to resume
    std::string modelDir;                    ///< `outDir/model` once the teacher is finished
};

/// Runs the requested stages. Fails with InvalidRequest (unknown stage, a stage before its inputs
/// exist), IoError, or Internal when a gate is missed at the end of its budget (the autoencoder must
/// read back at least 98% of held-out scenes exactly before the teacher starts); the message says
/// what was reached. Cancelled is not returned: a cancelled run reports stoppedEarly.
Result<DemoTrainReport> trainDemo(const DemoTrainRequest& request);

/// Writes the teacher's current EMA weights (from OUT/teacher/checkpoint.safetensors) as a model folder
/// in the official layout, as the finished stage would, with its step in the metadata: for measuring
/// an unfinished run or handing it to another machine (`resumeFrom`). Returns the step. Fails with
/// FileNotFound (no teacher checkpoint), InvalidRequest (earlier stages unfinished), BadCheckpoint,
/// IoError.
Result<std::int64_t> exportDemoTeacher(const std::string& outDir, const std::string& modelDir);

/// The autoencoder gate measured on a stage folder (its checkpoint's EMA weights, or the finished
/// ae.safetensors): the fraction of `samples` held-out scenes read back exactly after a round trip.
struct AutoencoderCheck {
    double exactRate = 0.0;
    std::string commonMisses; ///< "small hexagon read as small circle x7; ..."
    double latentStd = 0.0;    ///< spread of the posterior means
    double posteriorStd = 0.0; ///< mean posterior standard deviation (the encoder's noise)
};
/// `gridPath`, when set, receives a PNG of eight renders above their round trips.
Result<AutoencoderCheck> checkDemoAutoencoder(const std::string& stageDir, std::uint64_t seed = 1,
                                              std::int64_t samples = 400, const std::string& gridPath = {});

/// Measuring a ShapeWorld model the way the Hyper-Bagel paper measures BAGEL, on the project's fixed
/// evaluation sets (engine/src/shapeworld/evaluation_sets.h): mini-GenEval (six categories, the
/// overall score is their mean), mini-GEdit (success and preservation, read back by the oracle) and
/// VQA (exact match, one fresh chat per question: one image, one question, greedy). Every generated
/// image uses seed + its index in its set, so a run is reproducible.
struct DemoEvalRequest {
    std::string modelDir;           ///< a ShapeWorld model folder (BAGEL layout with tokenizer.json)
    std::string outDir;             ///< created when missing; receives eval.json, eval.md and samples.png
    std::string tier = "full";      ///< "full", "fast" or "preview" (fails when the model lacks the tier)
    std::string split = "held_out"; ///< "held_out" (each scene has a held-out pair) or "any"
    int genevalPerCategory = 0;     ///< the first N prompts of each category; 0 = the whole set (50)
    int editCount = 0;              ///< the first N edits (kinds cycle); 0 = the whole set (300)
    int questionCount = 0;          ///< the first N questions (kinds cycle); 0 = the whole set (350)
    std::uint64_t seed = 42;        ///< image i of a set uses seed + i
    int timesteps = 50;             ///< Full tier sampler points (the distilled tiers have their own)
    int answerMaxTokens = 64;       ///< per answer
    std::string device = "cpu";     ///< "cpu", "cuda" or "cuda:N"
    /// (stage, done, total) after every item; stage is "load", "geneval", "gedit" or "vqa".
    std::function<void(const std::string& stage, int done, int total)> onProgress;
    const std::atomic<bool>* cancel = nullptr; ///< checked before every item and every forward
};

struct DemoEvalReport {
    /// mini-GenEval: (category, score) for single_object, two_objects, counting, colours, position,
    /// colour_attribution, then ("overall", mean of the six). Scores are fractions in [0, 1].
    std::vector<std::pair<std::string, double>> geneval;
    double geditSuccess = 0.0;      ///< fraction of edits whose instructed change is present
    double geditPreservation = 0.0; ///< fraction of edits that left everything else unchanged
    double geditBoth = 0.0;         ///< fraction with both
    std::vector<std::pair<std::string, double>> geditSuccessByKind; ///< recolour, resize, ... background
    double vqaAccuracy = 0.0;                                       ///< exact match over all questions
    std::vector<std::pair<std::string, double>> vqaByKind;          ///< colour_of, count_all, ... describe
    double t2iMsPerImage = 0.0;         ///< mean wall time of one text-to-image generate() call
    double editMsPerImage = 0.0;        ///< mean wall time of one edit
    double answerMsPerAnswer = 0.0;     ///< mean wall time of one answer (image added + question + decode)
    double answerTokensPerSecond = 0.0; ///< produced tokens / decode time, over all answers
    std::string jsonPath;               ///< outDir/eval.json: every number, the settings and every item
    std::string markdownPath;           ///< outDir/eval.md: the tables
    std::string gridPath; ///< outDir/samples.png: text-to-image and edit samples with their text
    std::string markdown; ///< the tables of eval.md, for printing
};

/// Loads the model, runs the three evaluations and writes the report files. Fails with
/// InvalidRequest (empty folders, unknown tier or split, counts out of range), Unsupported (the model
/// lacks the tier or a tokenizer), Cancelled, the load errors of Model::load(), or IoError.
/// Call from the engine thread (it loads and runs a model); callbacks run on the calling thread.
Result<DemoEvalReport> evaluateDemo(const DemoEvalRequest& request);

} // namespace hb
