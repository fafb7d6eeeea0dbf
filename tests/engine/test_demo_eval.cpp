// hyperbagel-cli demo eval underneath: the scoring path on oracle-perfect renders (a perfect model
// scores 1.0 everywhere), the report pieces, and evaluateDemo() end to end on a random ShapeWorld
// checkpoint (files, bounds, GenEval overall = mean of the six categories, determinism, errors).

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hyperbagel/engine/default_model.h"
#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/runtime.h"

#include "demo/demo_eval.h"
#include "demo/eval_report.h"
#include "demo/eval_scoring.h"
#include "shapeworld/renderer.h"
#include "shapeworld_model_fixture.h"
#include "test_support.h"

namespace fs = std::filesystem;
namespace sw = hb::shapeworld;

namespace {

constexpr int kCanvas = 96;
constexpr int kCategories = static_cast<int>(sw::GenEvalCategory::Count);

// -- the scoring path, independent of any model --

TEST(DemoEvalScoring, OraclePerfectRendersScoreOne) {
    const sw::EvaluationSets sets = sw::standardEvaluationSets(sw::Split::HeldOut);
    std::vector<hb::GenEvalRecord> genEval;
    for (const sw::GenEvalPrompt& prompt : sets.genEval) {
        genEval.push_back(hb::scoreGenEvalImage(prompt, sw::render(prompt.scene, kCanvas)));
        EXPECT_TRUE(genEval.back().passed) << prompt.prompt;
    }
    std::vector<hb::GEditRecord> gEdit;
    for (const sw::GEditCase& item : sets.gEdit) {
        gEdit.push_back(hb::scoreGEditImage(item, sw::render(item.expected, kCanvas)));
        EXPECT_TRUE(gEdit.back().score.success && gEdit.back().score.preserved) << item.instruction;
    }
    std::vector<hb::VqaRecord> vqa;
    for (const sw::VqaCase& item : sets.vqa) {
        const auto answer = sw::answerText(item.scene, item.text);
        ASSERT_TRUE(answer.has_value()) << item.text;
        vqa.push_back(hb::scoreVqaAnswer(item, " " + *answer + "\n"));
        EXPECT_TRUE(vqa.back().correct) << item.text;
    }
    const hb::EvalScores scores = hb::summarizeRecords(genEval, gEdit, vqa);
    for (int c = 0; c < kCategories; ++c) {
        EXPECT_EQ(scores.genEval.categoryScore[c], 1.0) << c;
        EXPECT_EQ(scores.genEval.categoryPrompts[c], sw::kGenEvalPromptsPerCategory);
    }
    EXPECT_EQ(scores.genEval.overall, 1.0);
    EXPECT_EQ(scores.gEdit.success, 1.0);
    EXPECT_EQ(scores.gEdit.preservation, 1.0);
    EXPECT_EQ(scores.vqaAccuracy, 1.0);
    for (int k = 0; k < static_cast<int>(sw::QuestionKind::Count); ++k) {
        EXPECT_EQ(scores.vqaByKind[k], 1.0) << k;
    }
}

TEST(DemoEvalScoring, FailuresCountAndOverallIsTheMeanOfTheCategories) {
    auto items = hb::selectEvaluationItems(sw::Split::Any, 4, 6, 7);
    ASSERT_TRUE(items.ok()) << items.error().message;
    ASSERT_EQ(items->genEval.size(), 24u);
    std::vector<hb::GenEvalRecord> genEval;
    for (std::size_t i = 0; i < items->genEval.size(); ++i) {
        const sw::GenEvalPrompt& prompt = items->genEval[i];
        // A blank canvas fails every category; how many fail differs per category.
        const bool blank = static_cast<int>(i % 4) < static_cast<int>(prompt.category) % 4;
        sw::Scene empty;
        empty.background = prompt.scene.background;
        genEval.push_back(hb::scoreGenEvalImage(prompt, sw::render(blank ? empty : prompt.scene, kCanvas)));
        EXPECT_EQ(genEval.back().passed, !blank) << prompt.prompt;
    }
    std::vector<hb::GEditRecord> gEdit;
    for (const sw::GEditCase& item : items->gEdit) {
        gEdit.push_back(hb::scoreGEditImage(item, sw::render(item.source, kCanvas))); // no edit done
        EXPECT_FALSE(gEdit.back().score.success) << item.instruction;
        EXPECT_TRUE(gEdit.back().score.preserved) << item.instruction;
    }
    std::vector<hb::VqaRecord> vqa;
    for (const sw::VqaCase& item : items->vqa) {
        vqa.push_back(hb::scoreVqaAnswer(item, vqa.size() < 3 ? item.answer : "a purple elephant"));
    }
    const hb::EvalScores scores = hb::summarizeRecords(genEval, gEdit, vqa);
    double sum = 0.0;
    for (int c = 0; c < kCategories; ++c) {
        sum += scores.genEval.categoryScore[c];
    }
    EXPECT_DOUBLE_EQ(scores.genEval.overall, sum / kCategories);
    EXPECT_DOUBLE_EQ(scores.genEval.categoryScore[0], 1.0);
    EXPECT_DOUBLE_EQ(scores.genEval.categoryScore[1], 0.75);
    EXPECT_DOUBLE_EQ(scores.genEval.categoryScore[3], 0.25);
    EXPECT_EQ(scores.gEdit.success, 0.0);
    EXPECT_EQ(scores.gEdit.preservation, 1.0);
    EXPECT_DOUBLE_EQ(scores.vqaAccuracy, 3.0 / 7.0);
}

TEST(DemoEvalScoring, ItemSelectionKeepsEveryKind) {
    auto items = hb::selectEvaluationItems(sw::Split::HeldOut, 2, 6, 7);
    ASSERT_TRUE(items.ok());
    int perCategory[kCategories] = {};
    for (const sw::GenEvalPrompt& p : items->genEval) {
        ++perCategory[static_cast<int>(p.category)];
        EXPECT_TRUE(sw::hasHeldOutPair(p.scene)) << p.prompt;
    }
    for (int c = 0; c < kCategories; ++c) {
        EXPECT_EQ(perCategory[c], 2);
    }
    for (int k = 0; k < 6; ++k) {
        EXPECT_EQ(static_cast<int>(items->gEdit[k].edit.kind), k);
    }
    for (int k = 0; k < 7; ++k) {
        EXPECT_EQ(static_cast<int>(items->vqa[k].question.kind), k);
    }
    // The prefix of the standard set, so a short run measures the same items as a long one.
    const sw::EvaluationSets all = sw::standardEvaluationSets(sw::Split::HeldOut);
    EXPECT_EQ(items->gEdit[3].instruction, all.gEdit[3].instruction);
    EXPECT_EQ(items->vqa[5].text, all.vqa[5].text);
    auto whole = hb::selectEvaluationItems(sw::Split::Any, 0, 0, 0);
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(whole->genEval.size(), 300u);
    EXPECT_EQ(whole->gEdit.size(), 300u);
    EXPECT_EQ(whole->vqa.size(), 350u);
    EXPECT_FALSE(hb::selectEvaluationItems(sw::Split::Any, 51, 0, 0).ok());
    EXPECT_FALSE(hb::selectEvaluationItems(sw::Split::Any, 0, -1, 0).ok());
}

TEST(DemoEvalScoring, GridHasAFixedSizeAndSpreadSamples) {
    EXPECT_EQ(hb::gridSampleIndices(3), (std::vector<int>{0, 1, 2}));
    const std::vector<int> spread = hb::gridSampleIndices(300);
    ASSERT_EQ(spread.size(), 8u);
    EXPECT_EQ(spread.front(), 0);
    EXPECT_EQ(spread.back(), 262);
    const sw::EvaluationSets sets = sw::standardEvaluationSets(sw::Split::Any);
    std::vector<hb::EvalSample> t2i{
        {{}, sw::render(sets.genEval[0].scene, kCanvas), sets.genEval[0].prompt, 2}};
    std::vector<hb::EvalSample> edits{{sw::render(sets.gEdit[0].source, kCanvas),
                                       sw::render(sets.gEdit[0].expected, kCanvas), sets.gEdit[0].instruction,
                                       1}};
    const hb::Image grid = hb::sampleGrid(t2i, edits);
    EXPECT_EQ(grid.width, hb::sampleGridWidth());
    EXPECT_EQ(grid.height, hb::sampleGridHeight());
    EXPECT_EQ(grid.rgb.size(), static_cast<std::size_t>(grid.width) * grid.height * 3);
}

// -- end to end on a random ShapeWorld checkpoint --

class DemoEvalModel : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        hb::RuntimeOptions runtime;
        runtime.appName = "test-demo-eval";
        runtime.logDir = (fs::path(HB_TEST_TMP) / "demo_eval_logs").string();
        runtime.logToConsole = false;
        runtime.checkBlas = false;
        (void)hb::initRuntime(runtime); // threads from HB_THREADS when set
        modelDir = hbtest::makeRandomShapeWorldModel("demo_eval_model", 3);
        ASSERT_FALSE(modelDir.empty());
    }

    static hb::DemoEvalRequest tinyRequest(const std::string& outName) {
        hb::DemoEvalRequest r;
        r.modelDir = modelDir;
        r.outDir = hbtest::tempDir(outName);
        r.genevalPerCategory = 1;
        r.editCount = 2;
        r.questionCount = 3;
        r.timesteps = 3;
        r.answerMaxTokens = 12;
        return r;
    }

    static inline std::string modelDir;
};

nlohmann::json readJson(const std::string& path) { return nlohmann::json::parse(hbtest::readFile(path)); }

// The scores and items without the wall times.
nlohmann::json withoutTimes(nlohmann::json json) {
    json.erase("timing");
    for (const char* part : {"geneval", "gedit", "vqa"}) {
        for (auto& item : json["items"][part]) {
            item.erase("ms");
        }
    }
    return json;
}

TEST_F(DemoEvalModel, WritesTheReportAndIsDeterministic) {
    hb::DemoEvalRequest request = tinyRequest("demo_eval_a");
    std::vector<std::string> stages;
    request.onProgress = [&](const std::string& stage, int done, int total) {
        EXPECT_LE(done, total);
        if (done == total) {
            stages.push_back(stage);
        }
    };
    auto report = hb::evaluateDemo(request);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(stages, (std::vector<std::string>{"load", "geneval", "gedit", "vqa"}));
    ASSERT_TRUE(fs::exists(report->jsonPath));
    ASSERT_TRUE(fs::exists(report->markdownPath));
    ASSERT_TRUE(fs::exists(report->gridPath));

    const nlohmann::json json = readJson(report->jsonPath);
    EXPECT_EQ(json["tier"], "full");
    EXPECT_EQ(json["split"], "held_out");
    EXPECT_EQ(json["canvas"], kCanvas);
    EXPECT_EQ(json["settings"]["counts"]["geneval_prompts"], 6);
    double sum = 0.0;
    for (int c = 0; c < kCategories; ++c) {
        const std::string name(sw::toString(static_cast<sw::GenEvalCategory>(c)));
        const double score = json["geneval"][name]["score"];
        EXPECT_GE(score, 0.0);
        EXPECT_LE(score, 1.0);
        EXPECT_EQ(json["geneval"][name]["prompts"], 1);
        sum += score;
    }
    EXPECT_NEAR(json["geneval"]["overall"].get<double>(), sum / kCategories, 1e-12);
    ASSERT_EQ(report->geneval.size(), 7u);
    EXPECT_EQ(report->geneval.back().first, "overall");
    EXPECT_NEAR(report->geneval.back().second, sum / kCategories, 1e-12);
    for (const char* key : {"success", "preservation"}) {
        EXPECT_GE(json["gedit"][key].get<double>(), 0.0);
        EXPECT_LE(json["gedit"][key].get<double>(), 1.0);
    }
    EXPECT_GE(report->vqaAccuracy, 0.0);
    EXPECT_LE(report->vqaAccuracy, 1.0);
    EXPECT_EQ(json["vqa"]["questions"], 3);
    EXPECT_EQ(json["items"]["gedit"].size(), 2u);
    EXPECT_GT(report->t2iMsPerImage, 0.0);
    EXPECT_GT(report->editMsPerImage, 0.0);
    EXPECT_GT(report->answerMsPerAnswer, 0.0);
    EXPECT_EQ(json["timing"]["t2i_forwards_per_image"].get<double>(), 2.0 * 2); // 2 steps, text CFG

    const std::string markdown = hbtest::readFile(report->markdownPath);
    EXPECT_EQ(markdown, report->markdown);
    for (const char* column : {"Single Obj.", "Two Obj.", "Counting", "Colors", "Position", "Color Attri.",
                               "Overall", "Success", "Preservation", "colour_of"}) {
        EXPECT_NE(markdown.find(column), std::string::npos) << column;
    }
    auto grid = hb::loadImage(report->gridPath);
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(grid->width, hb::sampleGridWidth());
    EXPECT_EQ(grid->height, hb::sampleGridHeight());

    // Same request, same numbers and the same items.
    auto again = hb::evaluateDemo(tinyRequest("demo_eval_b"));
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(withoutTimes(readJson(again->jsonPath)).dump(), withoutTimes(json).dump());
    EXPECT_EQ(hbtest::readFile(again->gridPath), hbtest::readFile(report->gridPath));
}

TEST_F(DemoEvalModel, RefusesMissingTiersAndBadRequests) {
    hb::DemoEvalRequest request = tinyRequest("demo_eval_errors");
    request.tier = "fast";
    auto fast = hb::evaluateDemo(request);
    ASSERT_FALSE(fast.ok());
    EXPECT_EQ(fast.error().code, hb::ErrorCode::Unsupported);
    EXPECT_NE(fast.error().message.find("fast"), std::string::npos);

    request.tier = "turbo";
    EXPECT_EQ(hb::evaluateDemo(request).error().code, hb::ErrorCode::InvalidRequest);
    request.tier = "full";
    request.split = "train";
    EXPECT_EQ(hb::evaluateDemo(request).error().code, hb::ErrorCode::InvalidRequest);
    request.split = "any";
    request.editCount = 301;
    EXPECT_EQ(hb::evaluateDemo(request).error().code, hb::ErrorCode::InvalidRequest);

    std::atomic<bool> cancel{true};
    request.editCount = 2;
    request.cancel = &cancel;
    EXPECT_EQ(hb::evaluateDemo(request).error().code, hb::ErrorCode::Cancelled);
}

#ifndef _WIN32
TEST_F(DemoEvalModel, DefaultModelDirHonoursTheEnvironment) {
    const char* before = std::getenv("HB_MODEL_DIR");
    const std::string saved = before != nullptr ? before : "";
    setenv("HB_MODEL_DIR", modelDir.c_str(), 1);
    EXPECT_EQ(fs::path(hb::defaultModelDir()), fs::weakly_canonical(modelDir));
    const std::string notAModel = hbtest::tempDir("demo_eval_not_a_model");
    setenv("HB_MODEL_DIR", notAModel.c_str(), 1);
    EXPECT_NE(fs::path(hb::defaultModelDir()), fs::weakly_canonical(notAModel));
    if (before != nullptr) {
        setenv("HB_MODEL_DIR", saved.c_str(), 1);
    } else {
        unsetenv("HB_MODEL_DIR");
    }
}
#endif

} // namespace
