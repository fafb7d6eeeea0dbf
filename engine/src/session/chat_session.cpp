#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/tokenizer.h"

#include <chrono>
#include <optional>

#include <ATen/ATen.h>

#include "models/bagel/bagel_language.h"
#include "session/error_mapping.h"
#include "session/model_impl.h"
#include "speculative/model_drafter.h"
#include "speculative/observed_prefill.h"
#include "speculative/speculative_decoder.h"

namespace hb {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

struct ChatSession::Impl {
    std::shared_ptr<Model> model;
    BagelContext context;
    /// Mirrors `context` when the chat drafts (wantsDraft()), so every answer can be drafted.
    std::unique_ptr<ModelDrafter> drafter;
    bool think = false;
    /// setDraft()'s choice; unset: the draft entry's advice for the model's device type.
    std::optional<bool> draftChoice;

    BagelModel& bagel() const { return *model->impl().bagel; }
    /// setDraft()'s choice, else the draft entry's advice for the model's device (ModelInfo, which
    /// reads it at load); false without a draft.
    bool wantsDraft() const {
        return bagel().draft() != nullptr && draftChoice.value_or(model->info().draftByDefault);
    }
    const TextCodec* codec() const { return model->impl().codec.get(); }

    /// Appends a framed text segment, with the drafter watching when there is one.
    void prefillFramedText(const at::Tensor& framed) {
        if (drafter) {
            prefillTextObserved(bagel().llm(), context, *drafter, framed);
        } else {
            prefillText(bagel().llm(), context, framed);
        }
    }
    /// The think system prompt opens the context (before the first image or question).
    void openContext() {
        if (think && context.kvLength() == 0) {
            prefillFramedText(
                bagel().frameText(codec()->encode(std::string(thinkSystemPrompt(ThinkMode::Understanding)))));
        }
    }
    /// Appends an image block, with the drafter watching when there is one.
    void prefillImage(const at::Tensor& vitPixels) {
        openContext();
        BagelModel& b = bagel();
        if (drafter) {
            prefillImageBlockObserved(b.llm(), context, *drafter, b.framedBlock(b.vitTokens(vitPixels)),
                                      ExpertRouting{});
        } else {
            b.prefillVitImage(context, vitPixels);
        }
    }
    /// Forgets everything after `length` positions (a failed or cancelled step).
    void rollBack(std::int64_t length) {
        (void)context.truncate(length);
        if (drafter) {
            drafter->truncate(std::min(length, drafter->length()));
        }
    }
};

ChatSession::ChatSession(std::shared_ptr<Model> model) : m_impl(std::make_unique<Impl>()) {
    m_impl->model = std::move(model);
    reset();
}

ChatSession::~ChatSession() = default;

void ChatSession::reset() {
    m_impl->context = BagelContext(static_cast<std::size_t>(m_impl->bagel().config().llm.numHiddenLayers));
    m_impl->drafter.reset();
    DraftModelImpl* draft = m_impl->wantsDraft() ? m_impl->bagel().draft() : nullptr;
    if (draft != nullptr) {
        m_impl->drafter = std::make_unique<ModelDrafter>(*draft, m_impl->bagel().llm());
    }
}

std::int64_t ChatSession::contextLength() const { return m_impl->context.kvLength(); }

bool ChatSession::think() const { return m_impl->think; }

Result<void> ChatSession::setDraft(bool on) {
    if (m_impl->wantsDraft() == on || m_impl->bagel().draft() == nullptr) {
        m_impl->draftChoice = on; // nothing changes now (same state, or no draft to keep in step)
        return {};
    }
    if (m_impl->context.kvLength() > 0) {
        return makeError(ErrorCode::InvalidRequest,
                         "the draft is switched on or off before the first image or question; reset the chat first");
    }
    m_impl->draftChoice = on;
    reset();
    return {};
}

bool ChatSession::drafting() const { return m_impl->drafter != nullptr; }

Result<void> ChatSession::setThink(bool on) {
    if (on == m_impl->think) {
        return {};
    }
    if (m_impl->context.kvLength() > 0) {
        return makeError(ErrorCode::InvalidRequest,
                         "think mode is chosen before the first image or question; reset the chat first");
    }
    if (on && m_impl->codec() == nullptr) {
        return makeError(ErrorCode::Unsupported, "think mode needs the model's tokenizer for its system prompt");
    }
    m_impl->think = on;
    return {};
}

Result<void> ChatSession::addImage(const Image& image) {
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        return makeError(ErrorCode::InvalidRequest,
                         "addImage: the image has no pixels or a wrong buffer size");
    }
    const std::int64_t restoreLength = m_impl->context.kvLength();
    try {
        const at::InferenceMode inference;
        m_impl->prefillImage(m_impl->bagel().prepareImage(image).vitPixels);
    } catch (const std::exception& e) {
        m_impl->rollBack(restoreLength);
        return mapException(e, "addImage");
    }
    return {};
}

Result<void> ChatSession::addPixels(const PixelTensor& pixels) {
    if (pixels.chw.size() != static_cast<std::size_t>(pixels.width) * pixels.height * 3 ||
        pixels.width <= 0) {
        return makeError(ErrorCode::InvalidRequest, "addPixels: expected 3 x height x width values");
    }
    const std::int64_t patch = m_impl->bagel().config().vit.patchSize;
    if (pixels.width % patch != 0 || pixels.height % patch != 0) {
        return makeError(ErrorCode::InvalidRequest,
                         "addPixels: " + std::to_string(pixels.width) + "x" + std::to_string(pixels.height) +
                             " is not a multiple of the ViT patch size " + std::to_string(patch));
    }
    const std::int64_t restoreLength = m_impl->context.kvLength();
    try {
        const at::InferenceMode inference;
        const at::Tensor image =
            at::from_blob(const_cast<float*>(pixels.chw.data()), {3, pixels.height, pixels.width}, at::kFloat)
                .clone();
        m_impl->prefillImage(image);
    } catch (const std::exception& e) {
        m_impl->rollBack(restoreLength);
        return mapException(e, "addPixels", ErrorCode::InvalidRequest);
    }
    return {};
}

Result<AskResult> ChatSession::ask(const std::string& question, const AskOptions& options) {
    if (m_impl->codec() == nullptr) {
        return makeError(ErrorCode::Unsupported,
                         "this model folder has no tokenizer files; pass token ids instead");
    }
    return askTokens(m_impl->codec()->encode(question), options);
}

Result<AskResult> ChatSession::askTokens(const std::vector<std::int64_t>& questionIds,
                                         const AskOptions& options) {
    BagelModel& bagel = m_impl->bagel();
    const SpecialTokens& special = bagel.tokens();
    const std::int64_t vocab = bagel.config().llm.vocabSize;
    for (const std::int64_t id : questionIds) {
        if (id < 0 || id >= vocab) {
            return makeError(ErrorCode::InvalidRequest, "token id " + std::to_string(id) +
                                                            " is outside the vocabulary of " +
                                                            std::to_string(vocab));
        }
    }
    Impl& impl = *m_impl;
    DraftModelImpl* draft = impl.drafter ? bagel.draft() : nullptr;
    std::optional<DraftPlan> plan;
    if (draft != nullptr && options.useDraft) {
        DraftPlan defaults;
        defaults.chainLength = draft->config().chainLength;
        auto parsed = options.draftPlan.empty() ? Result<DraftPlan>(defaults)
                                                : parseDraftPlan(options.draftPlan, defaults);
        if (!parsed) {
            return parsed.error();
        }
        plan = *parsed;
    }
    AskResult result;
    const auto start = Clock::now();
    const std::int64_t restoreLength = impl.context.kvLength();
    try {
        const at::InferenceMode inference;
        impl.openContext();
        impl.prefillFramedText(bagel.frameText(questionIds));
        result.prefillMs = msSince(start);

        SamplingOptions sampling{special.bos,         special.eos,  options.maxTokens,
                                 options.temperature, options.seed, options.cancel};
        std::unique_ptr<TextStream> stream = impl.codec() ? impl.codec()->stream() : nullptr;
        const auto onToken = [&](std::int64_t id, const at::Tensor&) {
            TokenEvent event{id, {}, static_cast<int>(result.tokens.size()), msSince(start)};
            result.tokens.push_back(id);
            if (id != special.eos && stream) {
                event.text = stream->push(id);
                result.text += event.text;
            }
            return options.onToken ? options.onToken(event) : true;
        };
        const auto decodeStart = Clock::now();
        DecodeResult decoded;
        if (plan) {
            SpeculativeDecoder decoder(bagel.llm(), *impl.drafter, *plan);
            auto speculative = decoder.decode(impl.context, sampling, onToken);
            if (!speculative) {
                impl.rollBack(restoreLength);
                return speculative.error();
            }
            decoded = speculative->decoded;
            result.drafted = true;
            result.draftPlan = plan->describe();
            result.cycles = speculative->stats.cycles;
            result.tau = speculative->stats.tau;
            result.alpha = speculative->stats.alpha;
            result.draftMs = speculative->stats.draftMs;
            result.verifyMs = speculative->stats.verifyMs;
            result.observeMs = speculative->stats.observeMs;
        } else if (impl.drafter) {
            decoded = decodeTextObserved(bagel.llm(), impl.context, *impl.drafter, sampling, onToken);
        } else {
            decoded = decodeText(bagel.llm(), impl.context, sampling, onToken);
        }
        if (stream) {
            result.text += stream->finish();
        }
        result.decodeMs = msSince(decodeStart);
        result.stopped = decoded.stopped;
        result.cancelled = decoded.cancelled;
        result.tokensPerSecond = result.decodeMs > 0 ? 1000.0 * result.tokens.size() / result.decodeMs : 0.0;
        if (!result.drafted) {
            result.cycles = static_cast<std::int64_t>(result.tokens.size());
        }
    } catch (const std::exception& e) {
        // Leave the conversation as it was before this question: no half-added turn.
        impl.rollBack(restoreLength);
        return mapException(e, "ask");
    }
    if (result.cancelled) {
        impl.rollBack(restoreLength);
    }
    return result;
}

} // namespace hb
