#pragma once
// Conversations about images (bagel-spec §6): one context per session holding the images and turns;
// answers are decoded greedily or by temperature sampling and streamed token by token.
// Thread safety: not thread-safe; call only from the engine thread. See model.h for the walkthrough.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

namespace hb {

class Model;

/// One streamed token.
struct TokenEvent {
    std::int64_t id = 0;
    std::string text;     ///< the complete UTF-8 characters this token finished (may be empty)
    int index = 0;        ///< 0-based position in the answer
    double elapsedMs = 0; ///< since ask() started
};

struct AskOptions {
    int maxTokens = 512;      ///< forwards, counting the fed <|im_start|> (official max_length)
    double temperature = 0.0; ///< 0: greedy; > 0: softmax(logits / T) sampling
    std::uint64_t seed = 0;
    /// Called for each produced token; return false to stop after it. Runs on the engine thread.
    std::function<bool(const TokenEvent&)> onToken;
    const std::atomic<bool>* cancel = nullptr; ///< checked before every forward
    /// Speculative decoding with the model's draft (hyperbagel.json "draft") when it has one. The answer
    /// is the same either way: token for token when greedy, the same distribution when sampling.
    bool useDraft = true;
    /// "chain:K" or "tree:TOPK,BUDGET,DEPTH"; empty: a chain of the draft's configured length.
    std::string draftPlan;
};

struct AskResult {
    std::vector<std::int64_t> tokens; ///< produced ids (including <|im_end|> when reached)
    std::string text;                 ///< decoded answer without the stop token
    bool stopped = false;             ///< ended by <|im_end|>
    bool cancelled = false;
    double prefillMs = 0;
    double decodeMs = 0;
    double tokensPerSecond = 0; ///< produced tokens / decode time
    bool drafted = false;       ///< decoded speculatively (the model has a draft and useDraft was set)
    std::string draftPlan;      ///< the plan used, e.g. "chain:4"
    std::int64_t cycles = 0;    ///< draft-and-verify cycles (target forwards while decoding)
    double tau = 0;             ///< mean tokens per cycle, the bonus token included
    double alpha = 0;           ///< fitted acceptance rate (hyper-bagel.md §2.3)
    double draftMs = 0;         ///< of decodeMs: the draft proposing tokens
    double verifyMs = 0;        ///< of decodeMs: the model's verification forwards
    double observeMs = 0;       ///< of decodeMs: the draft taking in the accepted rows
};

class ChatSession {
public:
    explicit ChatSession(std::shared_ptr<Model> model);
    ~ChatSession();
    ChatSession(const ChatSession&) = delete;
    ChatSession& operator=(const ChatSession&) = delete;

    /// Adds an image as a ViT segment after the official resizes (VAE rule, then the ViT rule).
    Result<void> addImage(const Image& image);
    /// Adds an already preprocessed image as is (sides must be multiples of the ViT patch size).
    Result<void> addPixels(const PixelTensor& pixels);
    /// Adds the question as a text segment and decodes the answer, which joins the conversation.
    /// Fails with Unsupported when the model has no tokenizer (use askTokens).
    Result<AskResult> ask(const std::string& question, const AskOptions& options);
    /// As ask(), with the question's token ids (framing is added here).
    Result<AskResult> askTokens(const std::vector<std::int64_t>& questionIds, const AskOptions& options);
    /// Think mode (bagel-spec §6): the context starts with BAGEL's understanding think system prompt,
    /// so answers reason inside <think> </think> before answering. Choose it before the first image
    /// or question: on a chat that has content it fails with InvalidRequest (reset() first). Fails
    /// with Unsupported when the model has no tokenizer. reset() keeps the choice.
    Result<void> setThink(bool on);
    bool think() const;
    /// Whether the chat keeps the model's speculative-decoding draft in step with its context. A
    /// drafter watches every prefill and every decoded token so any later answer can be drafted; off,
    /// answers are decoded plainly and that cost is not paid (AskOptions::useDraft = false alone skips
    /// drafting one answer but keeps the drafter watching). Until this is called, the chat follows the
    /// model folder's advice for its device type (hyperbagel.json "draft": "use_by_default", written by
    /// `draft bench --record`; on where it says nothing). Choose it before the first image or question:
    /// a switch on a chat with content fails with InvalidRequest (asking for the state the chat is in,
    /// or any choice on a model without a draft, always succeeds). reset() keeps the choice.
    Result<void> setDraft(bool on);
    /// True when this chat has a drafter (setDraft on and the model has a draft).
    bool drafting() const;
    /// Forgets images and turns.
    void reset();
    /// Positions held by the context.
    std::int64_t contextLength() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hb
