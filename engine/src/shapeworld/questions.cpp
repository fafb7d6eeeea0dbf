#include "shapeworld/questions.h"

#include <algorithm>
#include <vector>

#include "core/enum_names.h"
#include "shapeworld/caption_text.h"
#include "shapeworld/text_match.h"

namespace hb::shapeworld {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(QuestionKind::Count)> kKindNames = {
    "colour_of", "count_all", "count_colour", "where_is", "what_is_at", "is_there", "describe"};

std::vector<const Object*> readingOrder(const Scene& scene) {
    std::vector<const Object*> objects;
    for (const Object& o : scene.objects) {
        objects.push_back(&o);
    }
    std::stable_sort(objects.begin(), objects.end(),
                     [](const Object* a, const Object* b) { return a->cell < b->cell; });
    return objects;
}

int countShape(const Scene& scene, Shape shape) {
    return static_cast<int>(std::count_if(scene.objects.begin(), scene.objects.end(),
                                          [&](const Object& o) { return o.shape == shape; }));
}

} // namespace

std::string_view toString(QuestionKind kind) { return enumName(kKindNames, kind); }
std::optional<QuestionKind> questionKindFromString(std::string_view name) {
    return enumFromName<QuestionKind>(kKindNames, name);
}

bool Question::operator==(const Question& other) const {
    if (kind != other.kind) {
        return false;
    }
    switch (kind) {
    case QuestionKind::ColourOf:
        return shape == other.shape;
    case QuestionKind::CountColour:
        return colour == other.colour;
    case QuestionKind::WhereIs:
    case QuestionKind::IsThere:
        return colour == other.colour && shape == other.shape;
    case QuestionKind::WhatIsAt:
        return cell == other.cell;
    default:
        return true;
    }
}

std::string answerQuestion(const Scene& scene, const Question& q) {
    switch (q.kind) {
    case QuestionKind::ColourOf:
        for (const Object* o : readingOrder(scene)) {
            if (o->shape == q.shape) {
                return std::string(toString(o->colour));
            }
        }
        return "none";
    case QuestionKind::CountAll:
        return std::to_string(scene.objects.size());
    case QuestionKind::CountColour:
        return std::to_string(std::count_if(scene.objects.begin(), scene.objects.end(),
                                            [&](const Object& o) { return o.colour == q.colour; }));
    case QuestionKind::WhereIs:
        for (const Object* o : readingOrder(scene)) {
            if (o->colour == q.colour && o->shape == q.shape) {
                return std::string(toString(o->cell));
            }
        }
        return "nowhere";
    case QuestionKind::WhatIsAt: {
        const Object* o = scene.objectAt(q.cell);
        return o != nullptr ? objectPhrase(*o) : "nothing";
    }
    case QuestionKind::IsThere:
        return scene.findObject(q.colour, q.shape) != -1 ? "yes" : "no";
    case QuestionKind::Describe:
    case QuestionKind::Count:
        break;
    }
    return describeScene(scene);
}

std::string questionText(const Question& q) {
    const std::string colour(toString(q.colour));
    const std::string shape(toString(q.shape));
    switch (q.kind) {
    case QuestionKind::ColourOf:
        return "What color is the " + shape + "?";
    case QuestionKind::CountAll:
        return "How many shapes are there?";
    case QuestionKind::CountColour:
        return "How many " + colour + " shapes are there?";
    case QuestionKind::WhereIs:
        return "Where is the " + colour + " " + shape + "?";
    case QuestionKind::WhatIsAt:
        return "What is at the " + std::string(toString(q.cell)) + "?";
    case QuestionKind::IsThere:
        return "Is there a " + colour + " " + shape + "?";
    case QuestionKind::Describe:
    case QuestionKind::Count:
        break;
    }
    return "Describe the image.";
}

std::optional<Question> parseQuestion(std::string_view text) {
    const std::vector<std::string> words = splitWords(text);
    Question q;
    if (auto v = matchPattern("what color is the {shape}", words)) {
        q.kind = QuestionKind::ColourOf;
        q.shape = static_cast<Shape>((*v)[0]);
    } else if (matchPattern("how many shapes are there", words)) {
        q.kind = QuestionKind::CountAll;
    } else if ((v = matchPattern("how many {colour} shapes are there", words))) {
        q.kind = QuestionKind::CountColour;
        q.colour = static_cast<Colour>((*v)[0]);
    } else if ((v = matchPattern("where is the {colour} {shape}", words))) {
        q.kind = QuestionKind::WhereIs;
        q.colour = static_cast<Colour>((*v)[0]);
        q.shape = static_cast<Shape>((*v)[1]);
    } else if ((v = matchPattern("what is at the {cell}", words))) {
        q.kind = QuestionKind::WhatIsAt;
        q.cell = static_cast<Cell>((*v)[0]);
    } else if (matchPattern("what is in the center", words)) {
        q.kind = QuestionKind::WhatIsAt;
        q.cell = Cell::Center;
    } else if ((v = matchPattern("is there a {colour} {shape}", words))) {
        q.kind = QuestionKind::IsThere;
        q.colour = static_cast<Colour>((*v)[0]);
        q.shape = static_cast<Shape>((*v)[1]);
    } else if (matchPattern("describe the image", words)) {
        q.kind = QuestionKind::Describe;
    } else {
        return std::nullopt;
    }
    return q;
}

std::string paraphraseQuestion(const Question& q, Rng& rng) {
    const std::string colour(toString(q.colour));
    const std::string shape(toString(q.shape));
    const std::string object = colour + " " + shape;
    const std::string cell(toString(q.cell));
    std::vector<std::string> options;
    switch (q.kind) {
    case QuestionKind::ColourOf:
        options = {"what colour is the " + shape + "?", "which color is the " + shape + "?",
                   "what is the color of the " + shape + "?", "tell me the color of the " + shape + "."};
        break;
    case QuestionKind::CountAll:
        options = {"how many objects are there?", "how many shapes are in the image?", "count the shapes.",
                   "how many things can you see?"};
        break;
    case QuestionKind::CountColour:
        options = {"how many " + colour + " objects are there?", "count the " + colour + " shapes.",
                   "how many " + colour + " things can you see?"};
        break;
    case QuestionKind::WhereIs:
        options = {"where is the " + object + " located?", "where can you see the " + object + "?",
                   "in which part of the image is the " + object + "?"};
        break;
    case QuestionKind::WhatIsAt:
        options = {"what is in the " + cell + "?", "what do you see at the " + cell + "?",
                   "which object is at the " + cell + "?"};
        break;
    case QuestionKind::IsThere:
        options = {"is there any " + object + "?", "does the image contain a " + object + "?",
                   "can you see a " + object + "?"};
        break;
    case QuestionKind::Describe:
    case QuestionKind::Count:
        options = {"describe this picture.", "what is in the image?", "caption the image.",
                   "what do you see?"};
        break;
    }
    options.push_back(questionText(q));
    return pickOne(rng, options);
}

Question sampleQuestion(const Scene& scene, Rng& rng) {
    std::vector<QuestionKind> kinds = {QuestionKind::CountAll, QuestionKind::CountColour,
                                       QuestionKind::WhatIsAt, QuestionKind::IsThere, QuestionKind::Describe};
    std::vector<Shape> uniqueShapes;
    std::vector<const Object*> named;
    for (const Object& o : scene.objects) {
        if (countShape(scene, o.shape) == 1) {
            uniqueShapes.push_back(o.shape);
        }
        if (scene.findObject(o.colour, o.shape) >= 0) {
            named.push_back(&o);
        }
    }
    if (!uniqueShapes.empty()) {
        kinds.push_back(QuestionKind::ColourOf);
    }
    if (!named.empty()) {
        kinds.push_back(QuestionKind::WhereIs);
    }
    std::sort(kinds.begin(), kinds.end()); // the Rng stream must not depend on push order
    Question q;
    q.kind = pickOne(rng, kinds);
    const bool aboutPresent = !scene.objects.empty() && rng.chance(0.5);
    Object some;
    if (!scene.objects.empty()) {
        some = scene.objects[rng.index(scene.objects.size())];
    }
    switch (q.kind) {
    case QuestionKind::ColourOf:
        q.shape = pickOne(rng, uniqueShapes);
        break;
    case QuestionKind::CountColour:
        q.colour = aboutPresent ? some.colour : static_cast<Colour>(rng.index(kColourCount));
        break;
    case QuestionKind::WhereIs: {
        const Object* o = pickOne(rng, named);
        q.colour = o->colour;
        q.shape = o->shape;
        break;
    }
    case QuestionKind::WhatIsAt:
        q.cell = aboutPresent ? some.cell : static_cast<Cell>(rng.index(kCellCount));
        break;
    case QuestionKind::IsThere:
        q.colour = aboutPresent ? some.colour : static_cast<Colour>(rng.index(kColourCount));
        q.shape = aboutPresent ? some.shape : static_cast<Shape>(rng.index(kShapeCount));
        break;
    default:
        break;
    }
    return q;
}

} // namespace hb::shapeworld
