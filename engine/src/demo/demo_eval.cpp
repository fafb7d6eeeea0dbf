// evaluateDemo(): a ShapeWorld model on mini-GenEval, mini-GEdit and VQA through the public engine API
// (ImageGenerator, ChatSession), scored by the oracle, reported in eval.json, eval.md and samples.png.

#include "demo/demo_eval.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>

#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"

#include "core/file_util.h"
#include "demo/eval_report.h"
#include "demo/eval_scoring.h"
#include "session/error_mapping.h"
#include "session/model_impl.h"
#include "shapeworld/renderer.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

namespace sw = shapeworld;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Error cancelledError() { return makeError(ErrorCode::Cancelled, "cancelled"); }

// The model's square canvas: the largest side its VAE transform and latent table allow.
int canvasSide(const BagelConfig& c) {
    const std::int64_t px = c.vae.downsample * c.latentPatchSize;
    const std::int64_t side = std::min<std::int64_t>(c.vaeTransform[0], c.maxLatentSize * px);
    return static_cast<int>(side / px * px);
}

// What every item of a run shares.
struct EvalContext {
    const DemoEvalRequest& request;
    std::shared_ptr<Model> model;
    ImageGenerator generator;
    Tier tier = Tier::Full;
    int canvas = 96;

    void progress(const std::string& stage, int done, int total) const {
        if (request.onProgress) {
            request.onProgress(stage, done, total);
        }
    }
    bool cancelled() const { return request.cancel != nullptr && request.cancel->load(); }

    // The official settings (as the CLI's generate / edit defaults), on this run's tier and steps.
    GenerationRequest textToImage(const std::string& prompt, std::uint64_t seed) const {
        GenerationRequest r = GenerationRequest::textToImage(prompt);
        r.width = canvas;
        r.height = canvas;
        return finish(std::move(r), seed);
    }
    GenerationRequest edit(Image source, const std::string& instruction, std::uint64_t seed) const {
        return finish(GenerationRequest::edit(std::move(source), instruction), seed);
    }
    GenerationRequest finish(GenerationRequest r, std::uint64_t seed) const {
        r.tier = tier;
        r.timesteps = request.timesteps;
        r.seed = seed;
        r.cancel = request.cancel;
        return r;
    }
};

Result<void> runGenEval(EvalContext& ctx, const std::vector<sw::GenEvalPrompt>& prompts, EvalRun& run,
                        std::vector<EvalSample>& samples) {
    const std::vector<int> shown = gridSampleIndices(static_cast<int>(prompts.size()));
    const int total = static_cast<int>(prompts.size());
    for (int i = 0; i < total; ++i) {
        if (ctx.cancelled()) {
            return cancelledError();
        }
        const std::uint64_t seed = ctx.request.seed + static_cast<std::uint64_t>(i);
        const auto start = Clock::now();
        auto result = ctx.generator.generate(ctx.textToImage(prompts[i].prompt, seed));
        const double ms = msSince(start);
        if (!result) {
            return result.error();
        }
        GenEvalRecord record = scoreGenEvalImage(prompts[i], result->image);
        record.seed = seed;
        record.ms = ms;
        if (std::find(shown.begin(), shown.end(), i) != shown.end()) {
            samples.push_back(
                {Image{}, result->image,
                 "[" + std::string(sw::toString(prompts[i].category)) + "] " + prompts[i].prompt,
                 record.passed ? 2 : 0});
        }
        run.genEval.push_back(std::move(record));
        run.genEvalForwards.push_back(result->forwards);
        ctx.progress("geneval", i + 1, total);
    }
    return {};
}

Result<void> runGEdit(EvalContext& ctx, const std::vector<sw::GEditCase>& cases, EvalRun& run,
                      std::vector<EvalSample>& samples) {
    const std::vector<int> shown = gridSampleIndices(static_cast<int>(cases.size()));
    const int total = static_cast<int>(cases.size());
    for (int i = 0; i < total; ++i) {
        if (ctx.cancelled()) {
            return cancelledError();
        }
        const std::uint64_t seed = ctx.request.seed + static_cast<std::uint64_t>(i);
        Image source = sw::render(cases[i].source, ctx.canvas);
        const auto start = Clock::now();
        auto result = ctx.generator.generate(ctx.edit(source, cases[i].instruction, seed));
        const double ms = msSince(start);
        if (!result) {
            return result.error();
        }
        GEditRecord record = scoreGEditImage(cases[i], result->image);
        record.seed = seed;
        record.ms = ms;
        if (std::find(shown.begin(), shown.end(), i) != shown.end()) {
            samples.push_back({std::move(source), result->image, cases[i].instruction,
                               (record.score.success ? 1 : 0) + (record.score.preserved ? 1 : 0)});
        }
        run.gEdit.push_back(std::move(record));
        run.gEditForwards.push_back(result->forwards);
        ctx.progress("gedit", i + 1, total);
    }
    return {};
}

// One fresh chat per question: the rendered scene, the canonical question, a greedy answer.
Result<void> runVqa(EvalContext& ctx, const std::vector<sw::VqaCase>& cases, EvalRun& run) {
    const int total = static_cast<int>(cases.size());
    for (int i = 0; i < total; ++i) {
        if (ctx.cancelled()) {
            return cancelledError();
        }
        const Image image = sw::render(cases[i].scene, ctx.canvas);
        const auto start = Clock::now();
        ChatSession chat(ctx.model);
        if (auto added = chat.addImage(image); !added) {
            return added.error();
        }
        AskOptions options;
        options.maxTokens = ctx.request.answerMaxTokens;
        options.temperature = 0.0;
        options.cancel = ctx.request.cancel;
        auto answer = chat.ask(cases[i].text, options);
        const double ms = msSince(start);
        if (!answer) {
            return answer.error();
        }
        if (answer->cancelled) {
            return cancelledError();
        }
        VqaRecord record = scoreVqaAnswer(cases[i], answer->text);
        record.tokens = static_cast<int>(answer->tokens.size());
        record.ms = ms;
        record.decodeMs = answer->decodeMs;
        run.vqa.push_back(std::move(record));
        ctx.progress("vqa", i + 1, total);
    }
    return {};
}

EvalSettings settingsOf(const EvalContext& ctx, const std::string& splitName, int perCategory) {
    const GenerationRequest t2i = ctx.textToImage("x", 0);
    const GenerationRequest edit = ctx.edit(Image{}, "x", 0);
    EvalSettings s;
    s.modelDir = ctx.request.modelDir;
    s.tier = std::string(toString(ctx.tier));
    s.split = splitName;
    s.device = ctx.request.device;
    s.canvas = ctx.canvas;
    s.seed = ctx.request.seed;
    s.timesteps = ctx.request.timesteps;
    s.genEvalPerCategory = perCategory;
    s.answerMaxTokens = ctx.request.answerMaxTokens;
    s.shift = t2i.shift;
    s.cfgText = t2i.cfgTextScale;
    s.t2iIntervalLow = t2i.cfgIntervalLow;
    s.t2iIntervalHigh = t2i.cfgIntervalHigh;
    s.t2iRenorm = t2i.renorm;
    s.editCfgImage = edit.cfgImageScale;
    s.editIntervalLow = edit.cfgIntervalLow;
    s.editIntervalHigh = edit.cfgIntervalHigh;
    s.editRenorm = edit.renorm;
    return s;
}

Result<void> writeReport(const EvalRun& run, const std::vector<EvalSample>& t2iSamples,
                         const std::vector<EvalSample>& editSamples, DemoEvalReport& report) {
    const EvalScores scores = summarizeRecords(run.genEval, run.gEdit, run.vqa);
    const EvalTimings timings = summarizeTimings(run.genEval, run.gEdit, run.vqa);
    for (int c = 0; c < static_cast<int>(sw::GenEvalCategory::Count); ++c) {
        report.geneval.emplace_back(std::string(sw::toString(static_cast<sw::GenEvalCategory>(c))),
                                    scores.genEval.categoryScore[c]);
    }
    report.geneval.emplace_back("overall", scores.genEval.overall);
    report.geditSuccess = scores.gEdit.success;
    report.geditPreservation = scores.gEdit.preservation;
    report.geditBoth = scores.gEdit.both;
    for (int k = 0; k < static_cast<int>(sw::EditKind::Count); ++k) {
        report.geditSuccessByKind.emplace_back(std::string(sw::toString(static_cast<sw::EditKind>(k))),
                                               scores.gEdit.successByKind[k]);
    }
    report.vqaAccuracy = scores.vqaAccuracy;
    for (int k = 0; k < static_cast<int>(sw::QuestionKind::Count); ++k) {
        report.vqaByKind.emplace_back(std::string(sw::toString(static_cast<sw::QuestionKind>(k))),
                                      scores.vqaByKind[k]);
    }
    report.t2iMsPerImage = timings.t2iMsPerImage;
    report.editMsPerImage = timings.editMsPerImage;
    report.answerMsPerAnswer = timings.answerMsPerAnswer;
    report.answerTokensPerSecond = timings.answerTokensPerSecond;
    report.markdown = evalMarkdown(run, scores, timings);

    if (auto ok = writeTextFileAtomic(report.jsonPath, evalJson(run, scores, timings)); !ok) {
        return ok;
    }
    if (auto ok = writeTextFileAtomic(report.markdownPath, report.markdown); !ok) {
        return ok;
    }
    return saveImagePng(sampleGrid(t2iSamples, editSamples), report.gridPath,
                        {{"model", run.settings.modelDir},
                         {"tier", run.settings.tier},
                         {"split", run.settings.split},
                         {"Software", "HyperBagel Studio"}});
}

Result<void> validate(const DemoEvalRequest& r) {
    if (r.modelDir.empty()) {
        return makeError(ErrorCode::InvalidRequest, "no model folder given");
    }
    if (r.outDir.empty()) {
        return makeError(ErrorCode::InvalidRequest, "no output folder given");
    }
    if (!tierFromString(r.tier)) {
        return makeError(ErrorCode::InvalidRequest, "unknown tier \"" + r.tier + "\" (full, fast, preview)");
    }
    const auto split = sw::splitFromString(r.split);
    if (!split || *split == sw::Split::Train) {
        return makeError(ErrorCode::InvalidRequest, "unknown split \"" + r.split + "\" (held_out, any)");
    }
    if (r.timesteps < 2 || r.timesteps > 1000 || r.answerMaxTokens < 1) {
        return makeError(ErrorCode::InvalidRequest,
                         "timesteps must be 2..1000 and the answer length at least 1 token");
    }
    return {};
}

Result<DemoEvalReport> evaluate(const DemoEvalRequest& request) {
    const auto wallStart = Clock::now();
    const sw::Split split = *sw::splitFromString(request.split);
    auto items =
        selectEvaluationItems(split, request.genevalPerCategory, request.editCount, request.questionCount);
    if (!items) {
        return items.error();
    }
    if (auto ok = ensureDirectory(request.outDir); !ok) {
        return ok.error();
    }
    if (request.onProgress) {
        request.onProgress("load", 0, 1);
    }
    auto model = Model::load({request.modelDir, request.device, Precision::Fp32});
    if (!model) {
        return model.error();
    }
    BagelModel& bagel = *(*model)->impl().bagel;
    const Tier tier = *tierFromString(request.tier);
    if (tier != Tier::Full && bagel.tier(toString(tier)) == nullptr) {
        return makeError(ErrorCode::Unsupported,
                         "the model in " + request.modelDir + " has no " + request.tier +
                             " tier (its hyperbagel.json lists none); use the full tier");
    }
    if (!(*model)->impl().codec) {
        return makeError(ErrorCode::Unsupported,
                         "the model in " + request.modelDir + " has no tokenizer (tokenizer.json)");
    }
    EvalContext ctx{request, *model, ImageGenerator(*model), tier, canvasSide(bagel.config())};
    ctx.progress("load", 1, 1);

    const int perCategory =
        request.genevalPerCategory > 0 ? request.genevalPerCategory : sw::kGenEvalPromptsPerCategory;
    EvalRun run;
    run.settings = settingsOf(ctx, std::string(sw::toString(split)), perCategory);
    std::vector<EvalSample> t2iSamples;
    std::vector<EvalSample> editSamples;
    if (auto ok = runGenEval(ctx, items->genEval, run, t2iSamples); !ok) {
        return ok.error();
    }
    if (auto ok = runGEdit(ctx, items->gEdit, run, editSamples); !ok) {
        return ok.error();
    }
    if (auto ok = runVqa(ctx, items->vqa, run); !ok) {
        return ok.error();
    }
    run.totalSeconds = msSince(wallStart) / 1000.0;

    DemoEvalReport report;
    const fs::path out(request.outDir);
    report.jsonPath = (out / "eval.json").string();
    report.markdownPath = (out / "eval.md").string();
    report.gridPath = (out / "samples.png").string();
    if (auto ok = writeReport(run, t2iSamples, editSamples, report); !ok) {
        return ok.error();
    }
    return report;
}

} // namespace

Result<sw::EvaluationSets> selectEvaluationItems(sw::Split split, int perCategory, int edits, int questions) {
    if (perCategory < 0 || perCategory > sw::kGenEvalPromptsPerCategory || edits < 0 ||
        edits > sw::kGEditCases || questions < 0 || questions > sw::kVqaCases) {
        return makeError(ErrorCode::InvalidRequest, "counts must be 0 (the whole set) or at most " +
                                                        std::to_string(sw::kGenEvalPromptsPerCategory) +
                                                        " prompts per category, " +
                                                        std::to_string(sw::kGEditCases) + " edits and " +
                                                        std::to_string(sw::kVqaCases) + " questions");
    }
    sw::EvaluationSets all = sw::standardEvaluationSets(split);
    sw::EvaluationSets chosen;
    std::array<int, static_cast<int>(sw::GenEvalCategory::Count)> taken{};
    for (sw::GenEvalPrompt& prompt : all.genEval) {
        int& n = taken[static_cast<int>(prompt.category)];
        if (perCategory == 0 || n < perCategory) {
            chosen.genEval.push_back(std::move(prompt));
            ++n;
        }
    }
    const auto keep = [](auto& set, int count) {
        if (count > 0 && static_cast<std::size_t>(count) < set.size()) {
            set.resize(static_cast<std::size_t>(count));
        }
    };
    chosen.gEdit = std::move(all.gEdit);
    keep(chosen.gEdit, edits);
    chosen.vqa = std::move(all.vqa);
    keep(chosen.vqa, questions);
    return chosen;
}

Result<DemoEvalReport> evaluateDemo(const DemoEvalRequest& request) {
    if (auto ok = validate(request); !ok) {
        return ok.error();
    }
    try {
        return evaluate(request);
    } catch (const std::exception& e) {
        return mapException(e, "evaluation");
    }
}

} // namespace hb
