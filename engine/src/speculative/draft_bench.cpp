// benchmarkDraft(): what the draft buys on a fixed question set, measured in one process: every
// question is answered greedily without and with the draft (in alternating order, each in a fresh
// chat), the answers are compared token for token, and tokens per second, tau and alpha are summed
// over the set and per question kind.

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <map>
#include <sstream>

#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/draft.h"
#include "hyperbagel/engine/model.h"

#include "session/model_impl.h"
#include "speculative/draft_io.h"
#include "speculative/draft_prompts.h"
#include "speculative/draft_tree.h"
#include "speculative/speculative_decoder.h"

namespace hb {
namespace {

struct Totals {
    int questions = 0;
    std::int64_t tokens = 0;
    double plainMs = 0.0;
    double draftMs = 0.0;
    std::int64_t draftTokens = 0;
    std::int64_t cycles = 0;
    double draftPartMs = 0.0;
    double verifyPartMs = 0.0;
    double observePartMs = 0.0;

    DraftBenchKind summary(const std::string& kind) const {
        DraftBenchKind k;
        k.kind = kind;
        k.questions = questions;
        k.tokens = tokens;
        k.plainTokensPerSecond = plainMs > 0 ? 1000.0 * static_cast<double>(tokens) / plainMs : 0.0;
        k.draftTokensPerSecond = draftMs > 0 ? 1000.0 * static_cast<double>(draftTokens) / draftMs : 0.0;
        k.tau = cycles > 0 ? static_cast<double>(draftTokens) / static_cast<double>(cycles) : 0.0;
        return k;
    }
};

Result<AskResult> answer(const std::shared_ptr<Model>& model, const DraftPrompt& prompt, const DraftBenchRequest& r,
                         bool useDraft) {
    ChatSession chat(model);
    // Plain decoding as a model without a draft does it, with no drafter watching the context; the
    // drafted chat keeps one whatever the folder advises for this device.
    if (auto chosen = chat.setDraft(useDraft); !chosen) {
        return chosen.error();
    }
    if (!prompt.image.empty()) {
        if (auto added = chat.addImage(prompt.image); !added) {
            return added.error();
        }
    }
    AskOptions options;
    options.maxTokens = static_cast<int>(r.maxTokens);
    options.useDraft = useDraft;
    options.draftPlan = r.plan;
    options.cancel = r.cancel;
    return chat.ask(prompt.question, options);
}

} // namespace

std::string DraftBenchReport::describe() const {
    std::ostringstream s;
    s << std::fixed << std::setprecision(2);
    s << "draft " << plan << " over " << questions << " questions, " << tokens << " answer tokens; " << identical
      << "/" << questions << " answers identical to plain greedy\n";
    s << "plain " << plainTokensPerSecond << " tokens/s, with the draft " << draftTokensPerSecond
      << " tokens/s: speed-up " << speedup << "x, tau " << tau << ", alpha " << alpha << "\n";
    s << "drafted decoding time: " << 100.0 * draftShare << "% drafting, " << 100.0 * verifyShare
      << "% verifying, " << 100.0 * observeShare << "% observing\n";
    if (!recorded.empty()) {
        s << recorded << "\n";
    }
    for (const DraftBenchKind& k : kinds) {
        s << "  " << std::left << std::setw(13) << k.kind << std::right << " " << std::setw(3) << k.questions
          << " questions " << std::setw(5) << k.tokens << " tokens  plain " << std::setw(8)
          << k.plainTokensPerSecond << "  draft " << std::setw(8) << k.draftTokensPerSecond << " tokens/s  tau "
          << k.tau << "\n";
    }
    return s.str();
}

Result<DraftBenchReport> benchmarkDraft(const DraftBenchRequest& request) {
    if (request.questions < 1 || request.maxTokens < 2) {
        return makeError(ErrorCode::InvalidRequest, "draft bench: at least one question and two tokens per answer");
    }
    auto loaded = Model::load(ModelLoadOptions{request.modelDir, request.device, Precision::Fp32});
    if (!loaded) {
        return loaded.error();
    }
    const std::shared_ptr<Model> model = *loaded;
    const DraftModelImpl* draft = model->impl().bagel->draft();
    if (draft == nullptr) {
        return makeError(ErrorCode::Unsupported, request.modelDir +
                                                     " has no draft (no \"draft\" entry in hyperbagel.json); "
                                                     "train one with `hyperbagel-cli draft train`");
    }
    DraftPlan defaults;
    defaults.chainLength = draft->config().chainLength;
    auto plan = request.plan.empty() ? Result<DraftPlan>(defaults) : parseDraftPlan(request.plan, defaults);
    if (!plan) {
        return plan.error();
    }
    auto prompts = openDraftPrompts(request.prompts, DraftPromptUse::Measuring, 0);
    if (!prompts) {
        return prompts.error();
    }
    // Warm-up: the first forwards of a process pay for allocations and thread start-up.
    {
        auto first = (*prompts)->at(0);
        if (!first) {
            return first.error();
        }
        for (const bool useDraft : {false, true}) {
            if (auto a = answer(model, *first, request, useDraft); !a) {
                return a.error();
            }
        }
    }
    DraftBenchReport report;
    report.plan = plan->describe();
    Totals all;
    std::map<std::string, Totals> byKind;
    std::vector<std::string> kindOrder;
    for (int i = 0; i < request.questions; ++i) {
        auto prompt = (*prompts)->at(static_cast<std::uint64_t>(i));
        if (!prompt) {
            return prompt.error();
        }
        AskResult plain, drafted;
        // Alternate which way goes first, so neither profits from a warmer cache on average.
        for (int pass = 0; pass < 2; ++pass) {
            const bool useDraft = (pass == 0) == (i % 2 == 1);
            auto a = answer(model, *prompt, request, useDraft);
            if (!a) {
                return a.error();
            }
            if (a->cancelled) {
                return makeError(ErrorCode::Cancelled, "draft bench: cancelled");
            }
            (useDraft ? drafted : plain) = std::move(*a);
        }
        if (!drafted.drafted) {
            return makeError(ErrorCode::Internal, "draft bench: the chat did not use the draft");
        }
        report.identical += plain.tokens == drafted.tokens ? 1 : 0;
        if (byKind.find(prompt->kind) == byKind.end()) {
            kindOrder.push_back(prompt->kind);
        }
        for (Totals* t : {&all, &byKind[prompt->kind]}) {
            ++t->questions;
            t->tokens += static_cast<std::int64_t>(plain.tokens.size());
            t->plainMs += plain.decodeMs;
            t->draftTokens += static_cast<std::int64_t>(drafted.tokens.size());
            t->draftMs += drafted.decodeMs;
            t->cycles += drafted.cycles;
            t->draftPartMs += drafted.draftMs;
            t->verifyPartMs += drafted.verifyMs;
            t->observePartMs += drafted.observeMs;
        }
        if (request.onProgress) {
            request.onProgress(i + 1, request.questions);
        }
    }
    const DraftBenchKind summary = all.summary("all");
    report.questions = all.questions;
    report.tokens = all.tokens;
    report.plainTokensPerSecond = summary.plainTokensPerSecond;
    report.draftTokensPerSecond = summary.draftTokensPerSecond;
    report.speedup =
        summary.plainTokensPerSecond > 0 ? summary.draftTokensPerSecond / summary.plainTokensPerSecond : 0.0;
    report.tau = summary.tau;
    report.alpha = fitAcceptanceRate(report.tau, plan->maxDraftLength());
    if (all.draftMs > 0) {
        report.draftShare = all.draftPartMs / all.draftMs;
        report.verifyShare = all.verifyPartMs / all.draftMs;
        report.observeShare = all.observePartMs / all.draftMs;
    }
    for (const std::string& kind : kindOrder) {
        report.kinds.push_back(byKind[kind].summary(kind));
    }
    if (request.record) {
        const std::string deviceType = request.device.substr(0, request.device.find(':'));
        const bool useByDefault = report.speedup >= 1.0;
        const std::time_t now = std::time(nullptr);
        char day[16] = {};
        std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&now));
        std::ostringstream note;
        note << std::fixed << std::setprecision(2) << report.speedup << "x with " << report.plan << " over "
             << report.questions << " questions (" << report.plainTokensPerSecond << " plain, "
             << report.draftTokensPerSecond << " drafted tokens/s, tau " << report.tau << "; " << report.identical
             << "/" << report.questions << " identical), draft bench, " << day;
        if (auto ok = recordDraftDefault(request.modelDir, deviceType, useByDefault, note.str()); !ok) {
            return ok.error();
        }
        report.recorded = "hyperbagel.json: chats on " + deviceType + (useByDefault ? " draft" : " decode plainly") +
                          " by default (" + note.str() + ")";
    }
    return report;
}

} // namespace hb
