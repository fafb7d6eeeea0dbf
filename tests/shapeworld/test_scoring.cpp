// mini-GenEval, mini-GEdit and VQA scoring, on perfect reads (through the oracle) and on wrong ones.

#include <gtest/gtest.h>

#include "shapeworld/caption_text.h"
#include "shapeworld/evaluation_sets.h"
#include "shapeworld/gedit.h"
#include "shapeworld/geneval.h"
#include "shapeworld/instruction_text.h"
#include "shapeworld/oracle.h"
#include "shapeworld/renderer.h"
#include "shapeworld/vqa.h"

namespace sw = hb::shapeworld;
using sw::GenEvalCategory;

namespace {

const sw::GenEvalPrompt& firstOf(const std::vector<sw::GenEvalPrompt>& prompts, GenEvalCategory category) {
    for (const sw::GenEvalPrompt& p : prompts) {
        if (p.category == category) {
            return p;
        }
    }
    return prompts.front();
}

sw::Colour otherColour(sw::Colour c) {
    return static_cast<sw::Colour>((static_cast<int>(c) + 1) % sw::kColourCount);
}

} // namespace

TEST(ShapeWorldGenEval, SetIsFixedAndHasEveryCategory) {
    const std::vector<sw::GenEvalPrompt> a = sw::makeGenEvalSet(1, 20);
    const std::vector<sw::GenEvalPrompt> b = sw::makeGenEvalSet(1, 20);
    ASSERT_EQ(a.size(), 120u);
    bool heldOut = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].prompt, b[i].prompt);
        EXPECT_EQ(a[i].category, static_cast<GenEvalCategory>(i / 20));
        EXPECT_EQ(a[i].prompt, sw::caption(a[i].scene));
        heldOut = heldOut || sw::hasHeldOutPair(a[i].scene);
    }
    EXPECT_TRUE(heldOut);
    for (const sw::GenEvalPrompt& p : sw::makeGenEvalSet(2, 10, sw::Split::HeldOut)) {
        EXPECT_TRUE(sw::hasHeldOutPair(p.scene));
    }
}

TEST(ShapeWorldGenEval, PerfectReadsScoreOne) {
    const std::vector<sw::GenEvalPrompt> prompts = sw::makeGenEvalSet(3, 30);
    std::vector<sw::Scene> reads;
    for (const sw::GenEvalPrompt& p : prompts) {
        reads.push_back(sw::readScene(sw::render(p.scene, 96)));
    }
    const sw::GenEvalSummary summary = sw::summarizeGenEval(prompts, reads);
    EXPECT_DOUBLE_EQ(summary.overall, 1.0) << summary.describe();
}

TEST(ShapeWorldGenEval, WrongReadsFailTheRightCategories) {
    const std::vector<sw::GenEvalPrompt> prompts = sw::makeGenEvalSet(4, 5);
    // A wrong colour fails colours and colour attribution, not single object / position.
    for (GenEvalCategory category : {GenEvalCategory::Colours, GenEvalCategory::ColourAttribution,
                                     GenEvalCategory::SingleObject, GenEvalCategory::Position}) {
        const sw::GenEvalPrompt& p = firstOf(prompts, category);
        sw::Scene read = p.scene;
        read.objects[0].colour = otherColour(read.objects[0].colour);
        const bool colourMatters =
            category == GenEvalCategory::Colours || category == GenEvalCategory::ColourAttribution;
        EXPECT_EQ(sw::scoreGenEval(p, read), !colourMatters) << sw::toString(category);
    }
    // A wrong cell fails position only.
    {
        const sw::GenEvalPrompt& p = firstOf(prompts, GenEvalCategory::Position);
        sw::Scene read = p.scene;
        for (sw::Cell cell : sw::allValues<sw::Cell>()) {
            if (read.objectAt(cell) == nullptr) {
                read.objects[1].cell = cell;
                break;
            }
        }
        EXPECT_FALSE(sw::scoreGenEval(p, read));
        EXPECT_TRUE(sw::scoreGenEval(firstOf(prompts, GenEvalCategory::TwoObjects),
                                     firstOf(prompts, GenEvalCategory::TwoObjects).scene));
    }
    // A missing object fails two objects and counting; an extra one fails counting.
    {
        const sw::GenEvalPrompt& two = firstOf(prompts, GenEvalCategory::TwoObjects);
        sw::Scene read = two.scene;
        read.objects.pop_back();
        EXPECT_FALSE(sw::scoreGenEval(two, read));
        const sw::GenEvalPrompt& counting = firstOf(prompts, GenEvalCategory::Counting);
        sw::Scene extra = counting.scene;
        extra.objects.push_back(extra.objects[0]);
        EXPECT_FALSE(sw::scoreGenEval(counting, extra));
        EXPECT_TRUE(sw::scoreGenEval(counting, counting.scene));
    }
    // A wrong shape fails single object.
    {
        const sw::GenEvalPrompt& single = firstOf(prompts, GenEvalCategory::SingleObject);
        sw::Scene read = single.scene;
        read.objects[0].shape =
            static_cast<sw::Shape>((static_cast<int>(read.objects[0].shape) + 1) % sw::kShapeCount);
        EXPECT_FALSE(sw::scoreGenEval(single, read));
    }
    // Nothing drawn scores zero everywhere.
    std::vector<sw::Scene> empty(prompts.size());
    EXPECT_DOUBLE_EQ(sw::summarizeGenEval(prompts, empty).overall, 0.0);
}

TEST(ShapeWorldGEdit, ExpectedResultsScorePerfectThroughTheOracle) {
    const std::vector<sw::GEditCase> cases = sw::makeGEditSet(5, 120);
    ASSERT_EQ(cases.size(), 120u);
    std::vector<sw::Scene> reads;
    bool heldOut = false;
    for (const sw::GEditCase& c : cases) {
        EXPECT_EQ(sw::parseInstruction(c.instruction), c.edit);
        reads.push_back(sw::readScene(sw::render(c.expected, 96)));
        heldOut = heldOut || sw::hasHeldOutPair(c.source) || sw::hasHeldOutPair(c.expected);
    }
    EXPECT_TRUE(heldOut);
    const sw::GEditSummary summary = sw::summarizeGEdit(cases, reads);
    EXPECT_DOUBLE_EQ(summary.both, 1.0) << summary.describe();
    for (int k = 0; k < static_cast<int>(sw::EditKind::Count); ++k) {
        EXPECT_EQ(summary.casesByKind[k], 20);
    }
}

TEST(ShapeWorldGEdit, UnchangedAndCollateralDamage) {
    const std::vector<sw::GEditCase> cases = sw::makeGEditSet(6, 60);
    for (const sw::GEditCase& c : cases) {
        // Returning the source unchanged: never a success, always preserved.
        const sw::GEditScore unchanged = sw::scoreGEdit(c.source, c.edit, c.source);
        EXPECT_FALSE(unchanged.success) << c.instruction;
        EXPECT_TRUE(unchanged.preserved) << c.instruction;
        // The edit done, but another object recoloured too: success, not preserved.
        sw::Scene damaged = c.expected;
        int victim = -1;
        for (std::size_t i = 0; i < damaged.objects.size(); ++i) {
            const sw::Object& o = damaged.objects[i];
            const bool named = (sw::hasReferent(c.edit.kind) && o.shape == c.edit.shape &&
                                (o.colour == c.edit.colour ||
                                 (c.edit.kind == sw::EditKind::Recolour && o.colour == c.edit.newColour))) ||
                               (c.edit.kind == sw::EditKind::Add && o.sameAttributes(c.edit.added));
            if (!named) {
                victim = static_cast<int>(i);
                break;
            }
        }
        if (victim < 0) {
            continue;
        }
        sw::Object& v = damaged.objects[static_cast<std::size_t>(victim)];
        v.size = v.size == sw::Size::Small ? sw::Size::Large : sw::Size::Small;
        const sw::GEditScore score = sw::scoreGEdit(c.source, c.edit, damaged);
        EXPECT_TRUE(score.success) << c.instruction;
        EXPECT_FALSE(score.preserved) << c.instruction;
    }
    // A background edit that also changed nothing else is preserved; a changed background elsewhere is not.
    for (const sw::GEditCase& c : cases) {
        if (c.edit.kind == sw::EditKind::Remove) {
            sw::Scene wrongBackground = c.expected;
            wrongBackground.background = static_cast<sw::Background>(
                (static_cast<int>(c.source.background) + 1) % sw::kBackgroundCount);
            EXPECT_FALSE(sw::scoreGEdit(c.source, c.edit, wrongBackground).preserved);
        }
    }
}

TEST(ShapeWorldVqa, SetAnswersAreExactThroughTheOracle) {
    const std::vector<sw::VqaCase> cases = sw::makeVqaSet(7, 140);
    ASSERT_EQ(cases.size(), 140u);
    int correct = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const sw::VqaCase& c = cases[i];
        EXPECT_EQ(c.question.kind, static_cast<sw::QuestionKind>(i % 7));
        const sw::Scene read = sw::readScene(sw::render(c.scene, 96));
        const std::optional<std::string> answer = sw::answerText(read, c.text);
        ASSERT_TRUE(answer.has_value()) << c.text;
        correct += sw::vqaExactMatch(*answer, c.answer) ? 1 : 0;
    }
    EXPECT_EQ(correct, 140);
    EXPECT_TRUE(sw::vqaExactMatch(" yes\n", "yes"));
    EXPECT_FALSE(sw::vqaExactMatch("Yes", "yes"));
    EXPECT_FALSE(sw::vqaExactMatch("yes.", "yes"));
}

TEST(ShapeWorldEvaluationSets, StandardSetsAreFixedAndSized) {
    const sw::EvaluationSets any = sw::standardEvaluationSets();
    EXPECT_EQ(any.genEval.size(), 300u);
    EXPECT_EQ(any.gEdit.size(), 300u);
    EXPECT_EQ(any.vqa.size(), 350u);
    const sw::EvaluationSets again = sw::standardEvaluationSets();
    EXPECT_EQ(any.genEval.back().prompt, again.genEval.back().prompt);
    EXPECT_EQ(any.gEdit.back().instruction, again.gEdit.back().instruction);
    EXPECT_EQ(any.vqa.back().text, again.vqa.back().text);
    EXPECT_EQ(any.vqa.back().scene, again.vqa.back().scene);
    const sw::EvaluationSets heldOut = sw::standardEvaluationSets(sw::Split::HeldOut);
    for (const sw::GenEvalPrompt& p : heldOut.genEval) {
        EXPECT_TRUE(sw::hasHeldOutPair(p.scene));
    }
    for (const sw::VqaCase& c : heldOut.vqa) {
        EXPECT_TRUE(sw::hasHeldOutPair(c.scene));
    }
    for (const sw::GEditCase& c : heldOut.gEdit) {
        EXPECT_TRUE(sw::hasHeldOutPair(c.source));
    }
}
