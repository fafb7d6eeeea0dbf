#pragma once
// Training data for the draft (hyper-bagel.md §2.1 c): conversations the target had, replayed as
// DraftExamples. A conversation is run exactly as ChatSession runs it (the image's ViT segment, the
// framed question, greedy decoding of the answer), while a RecordingDrafter keeps every committed
// block with the target's per-layer outputs. The answer is therefore the target's own, and the rows,
// positions and attention pattern are those speculative decoding will see.
// Engine-internal. Thread safety: engine thread; the model is only read.

#include <cstdint>
#include <vector>

#include "models/bagel/bagel_model.h"
#include "speculative/draft_loss.h"
#include "speculative/drafter.h"

namespace hb {

/// A drafter that proposes nothing and remembers every block the context committed.
class RecordingDrafter final : public Drafter {
public:
    std::int64_t length() const override { return m_length; }
    void observe(const TargetBlock& block) override;
    void truncate(std::int64_t length) override;
    at::Tensor extend(const std::vector<DraftNode>& nodes) override; ///< always throws
    void endRound() override {}

    const std::vector<TargetBlock>& blocks() const { return m_blocks; }

private:
    std::vector<TargetBlock> m_blocks;
    std::int64_t m_length = 0;
};

/// The blocks as one example: rows concatenated, the target's next-token logits of every row (its
/// final norm and head on the last layer's output; every row is a text or ViT row of the
/// understanding expert), the block-wise visibility, and rows from `firstTrained` on trained.
DraftExample exampleFromBlocks(Qwen2MoTModelImpl& target, const std::vector<TargetBlock>& blocks,
                               std::int64_t firstTrained);

struct RecordedConversation {
    DraftExample example;
    std::vector<std::int64_t> answer; ///< the target's greedy answer (with <|im_end|> when reached)
};

/// Runs one turn as ChatSession does: the image (ViT pixels [3, H, W] in [-1, 1], or undefined for a
/// text-only turn), the question framed as <|im_start|> ids <|im_end|>, then greedy decoding from
/// <|im_start|> for at most `maxTokens` forwards. The trained rows are the fed answer rows (the start
/// token and every answer token before the last), each predicting the next answer token.
RecordedConversation recordConversation(BagelModel& model, const at::Tensor& vitPixels,
                                        const std::vector<std::int64_t>& questionIds, std::int64_t maxTokens);

} // namespace hb
