#pragma once
// Language-side operations on a context: prefilling a text segment, prefilling a block of prepared
// embeddings (image segments), and autoregressive decoding with greedy or temperature sampling
// (bagel-spec §3, §6). Engine-internal. Thread safety: engine thread; one context at a time.

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "models/bagel/bagel_context.h"
#include "models/bagel/qwen2_mot.h"

namespace hb {

/// Runs the framed text ids ([<|im_start|>] + text + [<|im_end|>], or any ids) through the
/// understanding expert with causal attention at the context's next positions and commits them.
/// Returns the final hidden states [n, hidden]. `layerOutputs` receives the residual stream per layer.
at::Tensor prefillText(Qwen2MoTModelImpl& llm, BagelContext& context, const at::Tensor& ids,
                       std::vector<at::Tensor>* layerOutputs = nullptr);

/// Runs a prepared block (e.g. [<|vision_start|>, image tokens, <|vision_end|>]) with full attention,
/// every row at the context's current position, and commits it as one image segment. `routing` says
/// which rows use the generation expert (VAE latents). Returns the final hidden states.
at::Tensor prefillImageBlock(Qwen2MoTModelImpl& llm, BagelContext& context, const at::Tensor& embeddings,
                             const ExpertRouting& routing);

struct SamplingOptions {
    std::int64_t startToken = -1; ///< fed first (BAGEL: <|im_start|>)
    std::int64_t stopToken = -1;  ///< produced -> stop; never fed back (BAGEL: <|im_end|>)
    std::int64_t maxLength = 512; ///< forwards, counting the fed start token (official max_length)
    double temperature = 0.0;     ///< 0: greedy argmax; > 0: softmax(logits / T), multinomial draw
    std::uint64_t seed = 0;       ///< sampling generator seed (CPU generator)
    const std::atomic<bool>* cancel = nullptr; ///< checked before every forward
};

struct DecodeResult {
    std::vector<std::int64_t> tokens; ///< produced tokens, including the stop token when reached
    bool stopped = false;             ///< the stop token was produced
    bool cancelled = false;
};

/// Decodes from the context, committing every fed token. `onToken(token, logits)` runs for each
/// produced token; returning false stops after it. `logits` is the float32 row [vocab].
/// The decoding loop of decodeText() with the per-token forward supplied by the caller: `feed(ids)`
/// runs one fed token ([1] int64) through the context, committing it, and returns its final hidden
/// state. Used by decoders that must observe every fed token (speculative decoding's drafter).
DecodeResult decodeTextWith(Qwen2MoTModelImpl& llm, const SamplingOptions& options,
                            const std::function<at::Tensor(const at::Tensor&)>& feed,
                            const std::function<bool(std::int64_t, const at::Tensor&)>& onToken);
DecodeResult decodeText(Qwen2MoTModelImpl& llm, BagelContext& context, const SamplingOptions& options,
                        const std::function<bool(std::int64_t, const at::Tensor&)>& onToken);

} // namespace hb
