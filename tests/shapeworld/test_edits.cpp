// Edits: every kind applied, the preservation invariant, validity rules and the edit sampler.

#include <set>

#include <gtest/gtest.h>

#include "shapeworld/edits.h"
#include "shapeworld/scene_sampler.h"

namespace sw = hb::shapeworld;
using sw::Background;
using sw::Cell;
using sw::Colour;
using sw::EditKind;
using sw::Shape;
using sw::Size;

namespace {

sw::Scene threeObjects() {
    sw::Scene scene;
    scene.background = Background::Beige;
    scene.objects = {
        sw::Object{Shape::Circle, Colour::Red, Size::Small, Cell::TopLeft, 0.02, -0.01, 0.95},
        sw::Object{Shape::Star, Colour::Blue, Size::Large, Cell::Center, 0.005, 0.004, 1.05},
        sw::Object{Shape::Square, Colour::Green, Size::Small, Cell::BottomRight, -0.03, 0.01, 1.0}};
    return scene;
}

sw::Edit referring(EditKind kind, Colour colour, Shape shape) {
    sw::Edit edit;
    edit.kind = kind;
    edit.colour = colour;
    edit.shape = shape;
    return edit;
}

// Every object other than index `skip` is bit-identical (jitter and scale included) in `after`.
void expectOthersIdentical(const sw::Scene& before, const sw::Scene& after, int skip) {
    for (std::size_t i = 0; i < before.objects.size(); ++i) {
        if (static_cast<int>(i) == skip) {
            continue;
        }
        bool found = false;
        for (const sw::Object& o : after.objects) {
            found = found || o == before.objects[i];
        }
        EXPECT_TRUE(found) << "object " << i << " changed: " << after.describe();
    }
}

} // namespace

TEST(ShapeWorldEdits, EveryKindAppliesAndPreservesTheRest) {
    const sw::Scene scene = threeObjects();

    sw::Edit recolour = referring(EditKind::Recolour, Colour::Blue, Shape::Star);
    recolour.newColour = Colour::Purple;
    std::optional<sw::Scene> out = sw::applyEdit(scene, recolour);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->objects[1].colour, Colour::Purple);
    EXPECT_EQ(out->objects[1].jitterX, scene.objects[1].jitterX);
    EXPECT_EQ(out->background, scene.background);
    expectOthersIdentical(scene, *out, 1);

    sw::Edit resize = referring(EditKind::Resize, Colour::Red, Shape::Circle);
    resize.newSize = Size::Large;
    out = sw::applyEdit(scene, resize);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->objects[0].size, Size::Large);
    EXPECT_EQ(out->objects[0].cell, Cell::TopLeft);
    expectOthersIdentical(scene, *out, 0);

    out = sw::applyEdit(scene, referring(EditKind::Remove, Colour::Green, Shape::Square));
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->objects.size(), 2u);
    EXPECT_EQ(out->findObject(Colour::Green, Shape::Square), -1);
    expectOthersIdentical(scene, *out, 2);

    sw::Edit add;
    add.kind = EditKind::Add;
    add.added = sw::Object{Shape::Triangle, Colour::Yellow, Size::Large, Cell::Top};
    out = sw::applyEdit(scene, add);
    ASSERT_TRUE(out.has_value());
    ASSERT_EQ(out->objects.size(), 4u);
    EXPECT_TRUE(out->objects[3].sameAttributes(add.added));
    expectOthersIdentical(scene, *out, -1);

    sw::Edit move = referring(EditKind::Move, Colour::Red, Shape::Circle);
    move.toCell = Cell::Right;
    out = sw::applyEdit(scene, move);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->objects[0].cell, Cell::Right);
    EXPECT_EQ(out->objects[0].jitterX, scene.objects[0].jitterX);
    expectOthersIdentical(scene, *out, 0);

    sw::Edit background;
    background.kind = EditKind::Background;
    background.newBackground = Background::Black;
    out = sw::applyEdit(scene, background);
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->background, Background::Black);
    EXPECT_EQ(out->objects, scene.objects);
}

TEST(ShapeWorldEdits, InvalidEditsAreRefused) {
    const sw::Scene scene = threeObjects();
    sw::Edit recolour = referring(EditKind::Recolour, Colour::Yellow, Shape::Star); // no yellow star
    recolour.newColour = Colour::Red;
    EXPECT_FALSE(sw::applyEdit(scene, recolour).has_value());
    recolour.colour = Colour::Blue;
    recolour.newColour = Colour::Blue; // same colour
    EXPECT_FALSE(sw::applyEdit(scene, recolour).has_value());

    sw::Edit resize = referring(EditKind::Resize, Colour::Red, Shape::Circle);
    resize.newSize = Size::Small; // already small
    EXPECT_FALSE(sw::applyEdit(scene, resize).has_value());

    sw::Edit move = referring(EditKind::Move, Colour::Red, Shape::Circle);
    move.toCell = Cell::Center; // occupied
    EXPECT_FALSE(sw::applyEdit(scene, move).has_value());

    sw::Edit add;
    add.kind = EditKind::Add;
    add.added = sw::Object{Shape::Circle, Colour::Red, Size::Large, Cell::Top}; // pair already present
    EXPECT_FALSE(sw::applyEdit(scene, add).has_value());
    add.added = sw::Object{Shape::Circle, Colour::Yellow, Size::Large, Cell::Center}; // occupied cell
    EXPECT_FALSE(sw::applyEdit(scene, add).has_value());

    sw::Scene single = scene;
    single.objects.resize(1);
    EXPECT_FALSE(sw::applyEdit(single, referring(EditKind::Remove, Colour::Red, Shape::Circle)).has_value());

    sw::Edit background;
    background.kind = EditKind::Background;
    background.newBackground = Background::Beige; // unchanged
    EXPECT_FALSE(sw::applyEdit(scene, background).has_value());
}

TEST(ShapeWorldEdits, SampledEditsAreValidAndCoverEveryKind) {
    sw::Rng rng(21);
    std::set<EditKind> kinds;
    for (int i = 0; i < 3000; ++i) {
        const sw::Scene scene = sw::sampleScene(rng);
        const std::optional<sw::Edit> edit = sw::sampleEdit(scene, rng, sw::Split::Train);
        ASSERT_TRUE(edit.has_value());
        kinds.insert(edit->kind);
        const std::optional<sw::Scene> out = sw::applyEdit(scene, *edit);
        ASSERT_TRUE(out.has_value()) << scene.describe();
        EXPECT_GE(out->objects.size(), 1u);
        EXPECT_LE(out->objects.size(), 4u);
        EXPECT_FALSE(sw::hasHeldOutPair(*out)) << "Train edits never create held-out pairs";
        // Unique pairs and cells stay unique.
        for (std::size_t a = 0; a < out->objects.size(); ++a) {
            for (std::size_t b = a + 1; b < out->objects.size(); ++b) {
                EXPECT_NE(out->objects[a].cell, out->objects[b].cell);
                EXPECT_FALSE(out->objects[a].colour == out->objects[b].colour &&
                             out->objects[a].shape == out->objects[b].shape);
            }
        }
        // Preservation: unreferenced objects identical, jitter included.
        const int referent = sw::hasReferent(edit->kind) ? scene.findObject(edit->colour, edit->shape) : -1;
        if (edit->kind != EditKind::Background) {
            EXPECT_EQ(out->background, scene.background);
        }
        expectOthersIdentical(scene, *out, referent);
    }
    EXPECT_EQ(kinds.size(), static_cast<std::size_t>(EditKind::Count));
}
