#include "demo/eval_scoring.h"

#include <array>

#include "shapeworld/oracle.h"

namespace hb {

namespace sw = shapeworld;

GenEvalRecord scoreGenEvalImage(const sw::GenEvalPrompt& prompt, const Image& image) {
    GenEvalRecord record;
    record.prompt = prompt;
    record.read = sw::readScene(image);
    record.passed = sw::scoreGenEval(prompt, record.read);
    return record;
}

GEditRecord scoreGEditImage(const sw::GEditCase& item, const Image& edited) {
    GEditRecord record;
    record.item = item;
    record.read = sw::readScene(edited);
    record.score = sw::scoreGEdit(item.source, item.edit, record.read);
    return record;
}

VqaRecord scoreVqaAnswer(const sw::VqaCase& item, std::string answer) {
    VqaRecord record;
    record.item = item;
    record.correct = sw::vqaExactMatch(answer, item.answer);
    record.answer = std::move(answer);
    return record;
}

EvalScores summarizeRecords(const std::vector<GenEvalRecord>& genEval, const std::vector<GEditRecord>& gEdit,
                            const std::vector<VqaRecord>& vqa) {
    EvalScores scores;
    std::vector<sw::GenEvalPrompt> prompts;
    std::vector<sw::Scene> reads;
    for (const GenEvalRecord& r : genEval) {
        prompts.push_back(r.prompt);
        reads.push_back(r.read);
    }
    scores.genEval = sw::summarizeGenEval(prompts, reads);
    scores.genEvalCount = static_cast<int>(genEval.size());

    std::vector<sw::GEditCase> cases;
    reads.clear();
    for (const GEditRecord& r : gEdit) {
        cases.push_back(r.item);
        reads.push_back(r.read);
    }
    scores.gEdit = sw::summarizeGEdit(cases, reads);
    scores.gEditCount = static_cast<int>(gEdit.size());

    std::array<int, static_cast<int>(sw::QuestionKind::Count)> correct{};
    int correctAll = 0;
    for (const VqaRecord& r : vqa) {
        const int kind = static_cast<int>(r.item.question.kind);
        ++scores.vqaQuestionsByKind[kind];
        correct[kind] += r.correct ? 1 : 0;
        correctAll += r.correct ? 1 : 0;
    }
    for (int k = 0; k < static_cast<int>(sw::QuestionKind::Count); ++k) {
        scores.vqaByKind[k] = scores.vqaQuestionsByKind[k] > 0
                                  ? static_cast<double>(correct[k]) / scores.vqaQuestionsByKind[k]
                                  : 0.0;
    }
    scores.vqaCount = static_cast<int>(vqa.size());
    scores.vqaAccuracy =
        vqa.empty() ? 0.0 : static_cast<double>(correctAll) / static_cast<double>(vqa.size());
    return scores;
}

namespace {

template <typename Record>
double meanMs(const std::vector<Record>& records) {
    double total = 0.0;
    for (const Record& r : records) {
        total += r.ms;
    }
    return records.empty() ? 0.0 : total / static_cast<double>(records.size());
}

} // namespace

EvalTimings summarizeTimings(const std::vector<GenEvalRecord>& genEval, const std::vector<GEditRecord>& gEdit,
                             const std::vector<VqaRecord>& vqa) {
    EvalTimings t;
    t.t2iMsPerImage = meanMs(genEval);
    t.editMsPerImage = meanMs(gEdit);
    t.answerMsPerAnswer = meanMs(vqa);
    double tokens = 0.0;
    double decodeMs = 0.0;
    for (const VqaRecord& r : vqa) {
        tokens += r.tokens;
        decodeMs += r.decodeMs;
    }
    t.answerTokensPerSecond = decodeMs > 0.0 ? tokens * 1000.0 / decodeMs : 0.0;
    t.answerTokensMean = vqa.empty() ? 0.0 : tokens / static_cast<double>(vqa.size());
    return t;
}

std::string genEvalColumnName(sw::GenEvalCategory category) {
    static const std::array<const char*, static_cast<int>(sw::GenEvalCategory::Count)> kNames = {
        "Single Obj.", "Two Obj.", "Counting", "Colors", "Position", "Color Attri."};
    const auto index = static_cast<std::size_t>(category);
    return index < kNames.size() ? kNames[index] : "?";
}

} // namespace hb
