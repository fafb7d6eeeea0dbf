// Captions, instructions and questions: canonical text, parsers, paraphrases and answers.

#include <set>

#include <gtest/gtest.h>

#include "shapeworld/caption_text.h"
#include "shapeworld/instruction_text.h"
#include "shapeworld/questions.h"
#include "shapeworld/scene_sampler.h"
#include "shapeworld/vqa.h"

namespace sw = hb::shapeworld;
using sw::Background;
using sw::Cell;
using sw::Colour;
using sw::Shape;
using sw::Size;

namespace {

sw::Scene docExample() {
    sw::Scene scene;
    scene.background = Background::Gray;
    scene.objects = {sw::Object{Shape::Star, Colour::Yellow, Size::Small, Cell::Center},
                     sw::Object{Shape::Square, Colour::Blue, Size::Large, Cell::TopLeft}};
    return scene;
}

sw::Question question(sw::QuestionKind kind, Colour colour = Colour::Red, Shape shape = Shape::Circle,
                      Cell cell = Cell::Center) {
    sw::Question q;
    q.kind = kind;
    q.colour = colour;
    q.shape = shape;
    q.cell = cell;
    return q;
}

} // namespace

TEST(ShapeWorldCaption, DocExampleExactly) {
    EXPECT_EQ(
        sw::describeScene(docExample()),
        "a large blue square at the top left and a small yellow star in the center on a gray background");
    // caption() keeps the caller's order.
    EXPECT_EQ(
        sw::caption(docExample()),
        "a small yellow star in the center and a large blue square at the top left on a gray background");
    EXPECT_EQ(sw::objectPhrase(sw::Object{Shape::Circle, Colour::Red, Size::Small, Cell::Top}),
              "a small red circle");
}

TEST(ShapeWorldCaption, JoinsWithCommasAndAnd) {
    sw::Scene scene;
    scene.background = Background::LightBlue;
    scene.objects = {sw::Object{Shape::Circle, Colour::Red, Size::Small, Cell::BottomRight},
                     sw::Object{Shape::Hexagon, Colour::Green, Size::Large, Cell::Top},
                     sw::Object{Shape::Diamond, Colour::Purple, Size::Small, Cell::Left}};
    EXPECT_EQ(sw::describeScene(scene),
              "a large green hexagon at the top, a small purple diamond at the left and a "
              "small red circle at the bottom right on a light blue background");
    scene.objects.resize(1);
    EXPECT_EQ(sw::describeScene(scene), "a small red circle at the bottom right on a light blue background");
    scene.objects.clear();
    EXPECT_EQ(sw::describeScene(scene), "nothing on a light blue background");
}

TEST(ShapeWorldCaption, ParseRoundTrips) {
    sw::Rng rng(5);
    sw::SamplerOptions options;
    options.split = sw::Split::Any;
    for (int i = 0; i < 500; ++i) {
        const sw::Scene scene = sw::sampleScene(rng, options);
        const std::string text = sw::caption(scene);
        const std::optional<sw::Scene> parsed = sw::parseCaption(text);
        ASSERT_TRUE(parsed.has_value()) << text;
        ASSERT_EQ(parsed->objects.size(), scene.objects.size());
        EXPECT_EQ(parsed->background, scene.background);
        for (std::size_t k = 0; k < scene.objects.size(); ++k) {
            EXPECT_TRUE(parsed->objects[k].sameAttributes(scene.objects[k])) << text;
        }
        EXPECT_EQ(sw::caption(*parsed), text);
    }
    EXPECT_TRUE(sw::parseCaption("A small red circle at the center on a white background.").has_value());
    EXPECT_FALSE(sw::parseCaption("a small red circle on a white background").has_value());
    EXPECT_FALSE(sw::parseCaption("a small red circle at the top and on a white background").has_value());
    EXPECT_FALSE(sw::parseCaption("a huge red circle at the top on a white background").has_value());
    EXPECT_FALSE(sw::parseCaption("a small red circle at the top").has_value());
}

TEST(ShapeWorldCaption, ParaphrasesVaryAndAreDeterministic) {
    const sw::Scene scene = docExample();
    sw::Rng a(11);
    sw::Rng b(11);
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string text = sw::paraphraseCaption(scene, a);
        EXPECT_EQ(text, sw::paraphraseCaption(scene, b));
        EXPECT_NE(text.find("star"), std::string::npos);
        EXPECT_NE(text.find("gray"), std::string::npos);
        seen.insert(text);
    }
    EXPECT_GT(seen.size(), 50u);
    EXPECT_EQ(seen.count(sw::caption(scene)), 1u); // the canonical form is among them
}

TEST(ShapeWorldInstruction, CanonicalFormsAndRoundTrips) {
    sw::Edit recolour;
    recolour.kind = sw::EditKind::Recolour;
    recolour.colour = Colour::Red;
    recolour.shape = Shape::Circle;
    recolour.newColour = Colour::Blue;
    EXPECT_EQ(sw::instructionText(recolour), "make the red circle blue");

    sw::Edit resize = recolour;
    resize.kind = sw::EditKind::Resize;
    resize.newSize = Size::Large;
    EXPECT_EQ(sw::instructionText(resize), "make the red circle large");

    sw::Edit remove = recolour;
    remove.kind = sw::EditKind::Remove;
    EXPECT_EQ(sw::instructionText(remove), "remove the red circle");

    sw::Edit add;
    add.kind = sw::EditKind::Add;
    add.added = sw::Object{Shape::Star, Colour::Green, Size::Small, Cell::Center};
    EXPECT_EQ(sw::instructionText(add), "add a small green star in the center");
    sw::Edit addCorner = add;
    addCorner.added.cell = Cell::BottomLeft;
    EXPECT_EQ(sw::instructionText(addCorner), "add a small green star at the bottom left");

    sw::Edit move = recolour;
    move.kind = sw::EditKind::Move;
    move.toCell = Cell::Center;
    EXPECT_EQ(sw::instructionText(move), "move the red circle to the center");
    sw::Edit moveRight = move;
    moveRight.toCell = Cell::Right;
    EXPECT_EQ(sw::instructionText(moveRight), "move the red circle to the right");

    sw::Edit background;
    background.kind = sw::EditKind::Background;
    background.newBackground = Background::LightBlue;
    EXPECT_EQ(sw::instructionText(background), "change the background to light blue");

    for (const sw::Edit& edit : {recolour, resize, remove, add, addCorner, move, moveRight, background}) {
        const std::optional<sw::Edit> parsed = sw::parseInstruction(sw::instructionText(edit));
        ASSERT_TRUE(parsed.has_value()) << sw::instructionText(edit);
        EXPECT_EQ(*parsed, edit) << sw::instructionText(edit);
    }
    EXPECT_TRUE(sw::parseInstruction("Make the red circle blue.").has_value());
    EXPECT_FALSE(sw::parseInstruction("make the red circle").has_value());
    EXPECT_FALSE(sw::parseInstruction("turn the red circle blue").has_value());
    EXPECT_FALSE(sw::parseInstruction("change the background to red").has_value());
}

TEST(ShapeWorldInstruction, SampledEditsRoundTripAndParaphrase) {
    sw::Rng rng(3);
    std::set<std::string> paraphrases;
    for (int i = 0; i < 600; ++i) {
        const sw::Scene scene = sw::sampleScene(rng);
        const std::optional<sw::Edit> edit = sw::sampleEdit(scene, rng);
        ASSERT_TRUE(edit.has_value());
        const std::optional<sw::Edit> parsed = sw::parseInstruction(sw::instructionText(*edit));
        ASSERT_TRUE(parsed.has_value()) << sw::instructionText(*edit);
        EXPECT_EQ(*parsed, *edit);
        paraphrases.insert(sw::paraphraseInstruction(*edit, rng));
    }
    EXPECT_GT(paraphrases.size(), 300u);
}

TEST(ShapeWorldQuestion, EveryKindAnswersExactly) {
    const sw::Scene scene = docExample(); // small yellow star (center), large blue square (top left), gray
    using K = sw::QuestionKind;
    EXPECT_EQ(sw::answerQuestion(scene, question(K::ColourOf, Colour::Red, Shape::Star)), "yellow");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::ColourOf, Colour::Red, Shape::Circle)), "none");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::CountAll)), "2");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::CountColour, Colour::Blue)), "1");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::CountColour, Colour::Red)), "0");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::WhereIs, Colour::Blue, Shape::Square)), "top left");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::WhereIs, Colour::Yellow, Shape::Star)), "center");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::WhereIs, Colour::Red, Shape::Star)), "nowhere");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::WhatIsAt, Colour::Red, Shape::Circle, Cell::TopLeft)),
              "a large blue square");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::WhatIsAt, Colour::Red, Shape::Circle, Cell::Bottom)),
              "nothing");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::IsThere, Colour::Yellow, Shape::Star)), "yes");
    EXPECT_EQ(sw::answerQuestion(scene, question(K::IsThere, Colour::Blue, Shape::Star)), "no");
    EXPECT_EQ(
        sw::answerQuestion(scene, question(K::Describe)),
        "a large blue square at the top left and a small yellow star in the center on a gray background");

    // The same through canonical text.
    EXPECT_EQ(sw::answerText(scene, "What color is the star?"), "yellow");
    EXPECT_EQ(sw::answerText(scene, "How many shapes are there?"), "2");
    EXPECT_EQ(sw::answerText(scene, "How many yellow shapes are there?"), "1");
    EXPECT_EQ(sw::answerText(scene, "Where is the blue square?"), "top left");
    EXPECT_EQ(sw::answerText(scene, "What is at the center?"), "a small yellow star");
    EXPECT_EQ(sw::answerText(scene, "Is there a blue square?"), "yes");
    EXPECT_EQ(sw::answerText(scene, "Describe the image."), sw::describeScene(scene));
    EXPECT_FALSE(sw::answerText(scene, "Why is the sky blue?").has_value());
}

TEST(ShapeWorldQuestion, CanonicalTextRoundTrips) {
    using K = sw::QuestionKind;
    EXPECT_EQ(sw::questionText(question(K::ColourOf, Colour::Red, Shape::Star)), "What color is the star?");
    EXPECT_EQ(sw::questionText(question(K::CountAll)), "How many shapes are there?");
    EXPECT_EQ(sw::questionText(question(K::CountColour, Colour::Green)), "How many green shapes are there?");
    EXPECT_EQ(sw::questionText(question(K::WhereIs, Colour::Red, Shape::Circle)), "Where is the red circle?");
    EXPECT_EQ(sw::questionText(question(K::WhatIsAt, Colour::Red, Shape::Circle, Cell::TopLeft)),
              "What is at the top left?");
    EXPECT_EQ(sw::questionText(question(K::IsThere, Colour::Purple, Shape::Hexagon)),
              "Is there a purple hexagon?");
    EXPECT_EQ(sw::questionText(question(K::Describe)), "Describe the image.");

    sw::Rng rng(8);
    std::set<sw::QuestionKind> kinds;
    for (int i = 0; i < 700; ++i) {
        const sw::Scene scene = sw::sampleScene(rng);
        const sw::Question q = sw::sampleQuestion(scene, rng);
        kinds.insert(q.kind);
        const std::optional<sw::Question> parsed = sw::parseQuestion(sw::questionText(q));
        ASSERT_TRUE(parsed.has_value()) << sw::questionText(q);
        EXPECT_EQ(*parsed, q) << sw::questionText(q);
        if (q.kind == K::ColourOf) { // asked only about a shape present exactly once
            int count = 0;
            for (const sw::Object& o : scene.objects) {
                count += o.shape == q.shape ? 1 : 0;
            }
            EXPECT_EQ(count, 1);
        }
        if (q.kind == K::WhereIs) {
            EXPECT_GE(scene.findObject(q.colour, q.shape), 0);
        }
        EXPECT_FALSE(sw::paraphraseQuestion(q, rng).empty());
    }
    EXPECT_EQ(kinds.size(), static_cast<std::size_t>(K::Count));
    EXPECT_EQ(sw::parseQuestion("what is in the center"),
              question(K::WhatIsAt, Colour::Red, Shape::Circle, Cell::Center));
    EXPECT_FALSE(sw::parseQuestion("What colour is the star?").has_value()); // paraphrase, not canonical
}
