#pragma once
// Prefilling a context while a drafter watches: the same forwards and commits as prefillText() and
// prefillImageBlock() (bagel_language.h), plus every layer's output handed to the drafter, so it stays
// in step with the context for speculative decoding. Engine-internal. Thread safety: engine thread.

#include <functional>

#include "models/bagel/bagel_language.h"
#include "speculative/drafter.h"

namespace hb {

/// prefillText() with the drafter observing. Requires drafter.length() == context.kvLength().
at::Tensor prefillTextObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                               const at::Tensor& ids);

/// prefillImageBlock() with the drafter observing (full attention, one RoPE position).
at::Tensor prefillImageBlockObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                                     const at::Tensor& embeddings, const ExpertRouting& routing);

/// decodeText() with the drafter observing every fed token: plain decoding (e.g. `ask --no-draft`) in a
/// session that keeps a drafter, so the next question can still be drafted. Same tokens, same context.
DecodeResult decodeTextObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                                const SamplingOptions& options,
                                const std::function<bool(std::int64_t, const at::Tensor&)>& onToken);

/// The general form: any prepared block, committed as `kind`.
at::Tensor prefillObserved(Qwen2MoTModelImpl& llm, BagelContext& context, Drafter& drafter,
                           const DecoderPass& pass, SegmentKind kind);

} // namespace hb
