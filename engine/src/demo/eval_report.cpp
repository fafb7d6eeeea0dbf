#include "demo/eval_report.h"

#include <cstdio>
#include <filesystem>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "shapeworld/caption_text.h"
#include "shapeworld/evaluation_sets.h"

namespace hb {
namespace {

namespace sw = shapeworld;
using Json = nlohmann::ordered_json;

constexpr int kCategories = static_cast<int>(sw::GenEvalCategory::Count);
constexpr int kEditKinds = static_cast<int>(sw::EditKind::Count);
constexpr int kQuestionKinds = static_cast<int>(sw::QuestionKind::Count);

double meanOf(const std::vector<int>& values) {
    return values.empty()
               ? 0.0
               : std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

Json settingsJson(const EvalRun& run) {
    const EvalSettings& s = run.settings;
    return Json{{"seed", s.seed},
                {"timesteps", s.timesteps},
                {"shift", s.shift},
                {"text_to_image",
                 {{"cfg_text", s.cfgText},
                  {"cfg_image", 1.0},
                  {"cfg_interval", {s.t2iIntervalLow, s.t2iIntervalHigh}},
                  {"renorm", s.t2iRenorm}}},
                {"edit",
                 {{"cfg_text", s.cfgText},
                  {"cfg_image", s.editCfgImage},
                  {"cfg_interval", {s.editIntervalLow, s.editIntervalHigh}},
                  {"renorm", s.editRenorm}}},
                {"answer", {{"max_tokens", s.answerMaxTokens}, {"decoding", "greedy"}}},
                {"counts",
                 {{"geneval_per_category", s.genEvalPerCategory},
                  {"geneval_prompts", run.genEval.size()},
                  {"edits", run.gEdit.size()},
                  {"questions", run.vqa.size()}}},
                {"evaluation_seed", sw::kEvaluationSeed}};
}

Json scoresJson(const EvalScores& scores) {
    Json genEval = Json::object();
    for (int c = 0; c < kCategories; ++c) {
        genEval[std::string(sw::toString(static_cast<sw::GenEvalCategory>(c)))] = {
            {"score", scores.genEval.categoryScore[c]}, {"prompts", scores.genEval.categoryPrompts[c]}};
    }
    genEval["overall"] = scores.genEval.overall;
    Json editKinds = Json::object();
    for (int k = 0; k < kEditKinds; ++k) {
        editKinds[std::string(sw::toString(static_cast<sw::EditKind>(k)))] = {
            {"success", scores.gEdit.successByKind[k]}, {"cases", scores.gEdit.casesByKind[k]}};
    }
    Json vqaKinds = Json::object();
    for (int k = 0; k < kQuestionKinds; ++k) {
        vqaKinds[std::string(sw::toString(static_cast<sw::QuestionKind>(k)))] = {
            {"accuracy", scores.vqaByKind[k]}, {"questions", scores.vqaQuestionsByKind[k]}};
    }
    return Json{
        {"geneval", genEval},
        {"gedit",
         {{"success", scores.gEdit.success},
          {"preservation", scores.gEdit.preservation},
          {"both", scores.gEdit.both},
          {"cases", scores.gEditCount},
          {"by_kind", editKinds}}},
        {"vqa", {{"accuracy", scores.vqaAccuracy}, {"questions", scores.vqaCount}, {"by_kind", vqaKinds}}}};
}

Json itemsJson(const EvalRun& run) {
    Json genEval = Json::array();
    for (std::size_t i = 0; i < run.genEval.size(); ++i) {
        const GenEvalRecord& r = run.genEval[i];
        genEval.push_back({{"index", i},
                           {"category", sw::toString(r.prompt.category)},
                           {"prompt", r.prompt.prompt},
                           {"seed", r.seed},
                           {"passed", r.passed},
                           {"read", sw::describeScene(r.read)},
                           {"ms", r.ms}});
    }
    Json gEdit = Json::array();
    for (std::size_t i = 0; i < run.gEdit.size(); ++i) {
        const GEditRecord& r = run.gEdit[i];
        gEdit.push_back({{"index", i},
                         {"kind", sw::toString(r.item.edit.kind)},
                         {"instruction", r.item.instruction},
                         {"source", sw::describeScene(r.item.source)},
                         {"expected", sw::describeScene(r.item.expected)},
                         {"read", sw::describeScene(r.read)},
                         {"seed", r.seed},
                         {"success", r.score.success},
                         {"preserved", r.score.preserved},
                         {"ms", r.ms}});
    }
    Json vqa = Json::array();
    for (std::size_t i = 0; i < run.vqa.size(); ++i) {
        const VqaRecord& r = run.vqa[i];
        vqa.push_back({{"index", i},
                       {"kind", sw::toString(r.item.question.kind)},
                       {"scene", sw::describeScene(r.item.scene)},
                       {"question", r.item.text},
                       {"expected", r.item.answer},
                       {"answer", r.answer},
                       {"correct", r.correct},
                       {"tokens", r.tokens},
                       {"ms", r.ms}});
    }
    return Json{{"geneval", genEval}, {"gedit", gEdit}, {"vqa", vqa}};
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string modelName(const EvalRun& run) {
    const std::filesystem::path dir(run.settings.modelDir);
    const std::string name =
        dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
    return name.empty() ? run.settings.modelDir : name;
}

void genEvalTable(std::ostringstream& md, const EvalRun& run, const EvalScores& scores) {
    md << "## mini-GenEval (" << scores.genEvalCount << " prompts; columns as the paper's Table 2)\n\n"
       << "| Model | Tier |";
    for (int c = 0; c < kCategories; ++c) {
        md << " " << genEvalColumnName(static_cast<sw::GenEvalCategory>(c)) << " |";
    }
    md << " Overall |\n|---|---|";
    for (int c = 0; c <= kCategories; ++c) {
        md << "---:|";
    }
    md << "\n| " << modelName(run) << " | " << run.settings.tier << " |";
    for (int c = 0; c < kCategories; ++c) {
        md << " " << fixed(scores.genEval.categoryScore[c], 2) << " |";
    }
    md << " **" << fixed(scores.genEval.overall, 2) << "** |\n\n";
}

void gEditTables(std::ostringstream& md, const EvalRun& run, const EvalScores& scores) {
    md << "## mini-GEdit (" << scores.gEditCount << " edits; cf. the paper's Table 3)\n\n"
       << "| Model | Tier | Success | Preservation | Both |\n|---|---|---:|---:|---:|\n"
       << "| " << modelName(run) << " | " << run.settings.tier << " | " << fixed(scores.gEdit.success, 2)
       << " | " << fixed(scores.gEdit.preservation, 2) << " | " << fixed(scores.gEdit.both, 2) << " |\n\n"
       << "Success by edit kind:\n\n|";
    for (int k = 0; k < kEditKinds; ++k) {
        md << " " << sw::toString(static_cast<sw::EditKind>(k)) << " |";
    }
    md << "\n|";
    for (int k = 0; k < kEditKinds; ++k) {
        md << "---:|";
    }
    md << "\n|";
    for (int k = 0; k < kEditKinds; ++k) {
        md << " " << fixed(scores.gEdit.successByKind[k], 2) << " (" << scores.gEdit.casesByKind[k] << ") |";
    }
    md << "\n\n";
}

void vqaTable(std::ostringstream& md, const EvalScores& scores) {
    md << "## VQA (" << scores.vqaCount << " questions, exact match)\n\n| Overall |";
    for (int k = 0; k < kQuestionKinds; ++k) {
        md << " " << sw::toString(static_cast<sw::QuestionKind>(k)) << " |";
    }
    md << "\n|---:|";
    for (int k = 0; k < kQuestionKinds; ++k) {
        md << "---:|";
    }
    md << "\n| **" << fixed(scores.vqaAccuracy, 2) << "** |";
    for (int k = 0; k < kQuestionKinds; ++k) {
        md << " " << fixed(scores.vqaByKind[k], 2) << " (" << scores.vqaQuestionsByKind[k] << ") |";
    }
    md << "\n\n";
}

} // namespace

std::string evalJson(const EvalRun& run, const EvalScores& scores, const EvalTimings& timings) {
    Json json{{"format", "hyperbagel-demo-eval/1"}, {"model", run.settings.modelDir},
              {"tier", run.settings.tier},          {"split", run.settings.split},
              {"device", run.settings.device},      {"canvas", run.settings.canvas},
              {"settings", settingsJson(run)}};
    const Json scoreParts = scoresJson(scores);
    for (const auto& [key, value] : scoreParts.items()) {
        json[key] = value;
    }
    json["timing"] = {{"t2i_ms_per_image", timings.t2iMsPerImage},
                      {"t2i_forwards_per_image", meanOf(run.genEvalForwards)},
                      {"edit_ms_per_image", timings.editMsPerImage},
                      {"edit_forwards_per_image", meanOf(run.gEditForwards)},
                      {"answer_ms_per_answer", timings.answerMsPerAnswer},
                      {"answer_tokens_per_second", timings.answerTokensPerSecond},
                      {"answer_tokens_mean", timings.answerTokensMean},
                      {"total_seconds", run.totalSeconds}};
    json["items"] = itemsJson(run);
    return json.dump(1) + "\n";
}

std::string evalMarkdown(const EvalRun& run, const EvalScores& scores, const EvalTimings& timings) {
    const EvalSettings& s = run.settings;
    std::ostringstream md;
    md << "# ShapeWorld evaluation\n\n"
       << "Model `" << s.modelDir << "`, tier " << s.tier << ", split " << s.split << ", " << s.canvas << "x"
       << s.canvas << ", seed " << s.seed << " (+ item index), " << s.timesteps << " timesteps, shift "
       << fixed(s.shift, 1) << ", text CFG " << fixed(s.cfgText, 1) << " (interval ["
       << fixed(s.t2iIntervalLow, 1) << ", " << fixed(s.t2iIntervalHigh, 1) << "], " << s.t2iRenorm
       << "), edit image CFG " << fixed(s.editCfgImage, 1) << " (interval [" << fixed(s.editIntervalLow, 1)
       << ", " << fixed(s.editIntervalHigh, 1) << "], " << s.editRenorm << "), device " << s.device
       << ". Scores are fractions; counts in parentheses.\n\n";
    genEvalTable(md, run, scores);
    gEditTables(md, run, scores);
    vqaTable(md, scores);
    md << "## Speed\n\n"
       << "| Text-to-image ms/image | NFE/image | Edit ms/image | NFE/edit | Answer ms | Tokens/answer | "
          "Tokens/s |\n"
       << "|---:|---:|---:|---:|---:|---:|---:|\n"
       << "| " << fixed(timings.t2iMsPerImage, 1) << " | " << fixed(meanOf(run.genEvalForwards), 1) << " | "
       << fixed(timings.editMsPerImage, 1) << " | " << fixed(meanOf(run.gEditForwards), 1) << " | "
       << fixed(timings.answerMsPerAnswer, 1) << " | " << fixed(timings.answerTokensMean, 1) << " | "
       << fixed(timings.answerTokensPerSecond, 1) << " |\n\n"
       << "Total wall time " << fixed(run.totalSeconds, 1) << " s.\n";
    return md.str();
}

} // namespace hb
