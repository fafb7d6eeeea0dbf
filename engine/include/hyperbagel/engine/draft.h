#pragma once
// The speculative-decoding draft of a model (hyper-bagel.md §2): training it on the target's own
// answers and measuring what it buys. A trained draft lives in the model folder (draft.safetensors and
// the "draft" entry of hyperbagel.json); ChatSession uses it whenever the model has one.
//
// Prompt sets (`prompts`): "shapeworld" (scenes and questions of the bundled world: for training the
// training split with paraphrases, for measuring the fixed VQA evaluation set), or a JSON-lines file
// with one {"question": "...", "image": "path"} per line ("image" optional, relative to the file).
// Thread safety: one call at a time per model folder; callbacks run on the calling thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/error.h"

namespace hb {

struct DraftTrainRequest {
    std::string modelDir; ///< the target; the trained draft is written into this folder
    std::string workDir;  ///< checkpoint.safetensors, loss.csv, loss.png (created when missing)
    std::string prompts = "shapeworld";
    std::int64_t steps = 1500;
    std::int64_t batch = 8;           ///< conversations per optimizer step
    double peakLr = 1e-3;
    std::int64_t unroll = 3;          ///< training-time-test steps
    std::int64_t answerMaxTokens = 64; ///< forwards of the target's answer
    std::int64_t chainLength = 4;     ///< written to hyperbagel.json as the default chain length
    std::int64_t layers = 2;          ///< draft decoder layers, copied from the target's last ones
    std::uint64_t seed = 1;
    std::string device = "cpu";
    std::function<void(const TrainingProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr; ///< checked every step; a checkpoint is written first
};

struct DraftTrainReport {
    std::int64_t steps = 0;
    bool stoppedEarly = false;            ///< cancelled; run again to resume from the checkpoint
    std::string draftPath;                ///< the written draft.safetensors (empty when stopped early)
    std::vector<double> acceptPerStep;    ///< last logged share of rows whose draft argmax is the target's
};

/// Trains a draft for the model in `modelDir`, resuming from workDir/checkpoint.safetensors. Fails
/// with FileNotFound/BadConfig/BadCheckpoint for the model, InvalidRequest for a bad prompt set or
/// option, IoError, Internal when the loss stops being finite.
Result<DraftTrainReport> trainDraft(const DraftTrainRequest& request);

struct DraftBenchRequest {
    std::string modelDir;
    std::string prompts = "shapeworld";
    int questions = 70;          ///< taken in order from the prompt set (ShapeWorld: all question kinds)
    std::string plan;            ///< "chain:K" / "tree:TOPK,BUDGET,DEPTH"; empty: the draft's default
    std::int64_t maxTokens = 64; ///< forwards per answer
    std::string device = "cpu";
    /// Also record in the folder's hyperbagel.json whether chats on this device type draft by default
    /// (on when the measured speed-up is at least 1) and the figures behind it.
    bool record = false;
    std::function<void(int done, int total)> onProgress;
    const std::atomic<bool>* cancel = nullptr;
};

struct DraftBenchKind {
    std::string kind;            ///< question kind ("describe", ...) or "all"
    int questions = 0;
    std::int64_t tokens = 0;     ///< answer tokens produced (each way)
    double plainTokensPerSecond = 0.0;
    double draftTokensPerSecond = 0.0;
    double tau = 0.0;
};

struct DraftBenchReport {
    std::string plan;
    int questions = 0;
    std::int64_t tokens = 0;
    int identical = 0; ///< answers token-for-token equal with and without the draft (greedy)
    double plainTokensPerSecond = 0.0; ///< answer tokens / decode time, summed over the set
    double draftTokensPerSecond = 0.0;
    double speedup = 0.0;
    double tau = 0.0;   ///< tokens per target forward while decoding with the draft
    double alpha = 0.0; ///< fitted from tau and the plan's draft length
    double draftShare = 0.0;   ///< of the drafted decode time: proposing tokens
    double verifyShare = 0.0;  ///< the model's verification forwards
    double observeShare = 0.0; ///< the draft taking in accepted rows
    std::vector<DraftBenchKind> kinds;
    std::string recorded; ///< with DraftBenchRequest::record: what was written, in words
    std::string describe() const; ///< a few lines for the terminal
};

/// Answers every question twice in one process, greedily, without and with the draft (alternating,
/// each in a fresh chat with the image; the plain chat has no drafter at all, as a model without a
/// draft decodes), and compares speed and tokens. Fails with Unsupported when
/// the model has no draft.
Result<DraftBenchReport> benchmarkDraft(const DraftBenchRequest& request);

} // namespace hb
