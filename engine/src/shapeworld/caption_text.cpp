#include "shapeworld/caption_text.h"

#include <algorithm>
#include <vector>

#include "shapeworld/text_match.h"

namespace hb::shapeworld {
namespace {

std::string joinPhrases(const std::vector<std::string>& phrases, std::string_view comma,
                        std::string_view last) {
    std::string text;
    for (std::size_t i = 0; i < phrases.size(); ++i) {
        if (i > 0) {
            text += (i + 1 == phrases.size()) ? last : comma;
        }
        text += phrases[i];
    }
    return text;
}

std::vector<Object> inReadingOrder(std::vector<Object> objects) {
    std::stable_sort(objects.begin(), objects.end(),
                     [](const Object& a, const Object& b) { return a.cell < b.cell; });
    return objects;
}

std::string paraphraseLocation(Cell cell, Rng& rng) {
    const std::string name(toString(cell));
    if (cell == Cell::Center) {
        return pickOne<std::string>(rng,
                                    {"in the center", "in the middle", "at the center", "in the centre"});
    }
    const bool corner = cellRow(cell) != 1 && cellColumn(cell) != 1;
    if (corner) {
        return pickOne<std::string>(rng, {"at the " + name, "in the " + name, "in the " + name + " corner",
                                          "at the " + name + " corner"});
    }
    if (cell == Cell::Left || cell == Cell::Right) {
        return pickOne<std::string>(rng, {"at the " + name, "on the " + name, "at the " + name + " edge"});
    }
    return pickOne<std::string>(rng, {"at the " + name, "at the " + name + " edge", "along the " + name});
}

std::string paraphraseObject(const Object& object, Rng& rng) {
    const std::string size = object.size == Size::Small
                                 ? pickOne<std::string>(rng, {"small", "little", "tiny"})
                                 : pickOne<std::string>(rng, {"large", "big"});
    return "a " + size + " " + std::string(toString(object.colour)) + " " +
           std::string(toString(object.shape)) + " " + paraphraseLocation(object.cell, rng);
}

} // namespace

std::string objectPhrase(const Object& object) {
    return "a " + std::string(toString(object.size)) + " " + std::string(toString(object.colour)) + " " +
           std::string(toString(object.shape));
}

std::string referringPhrase(Colour colour, Shape shape) {
    return "the " + std::string(toString(colour)) + " " + std::string(toString(shape));
}

std::string locativePhrase(Cell cell) {
    return cell == Cell::Center ? "in the center" : "at the " + std::string(toString(cell));
}

std::string caption(const Scene& scene) {
    std::vector<std::string> phrases;
    for (const Object& object : scene.objects) {
        phrases.push_back(objectPhrase(object) + " " + locativePhrase(object.cell));
    }
    const std::string objects = phrases.empty() ? "nothing" : joinPhrases(phrases, ", ", " and ");
    return objects + " on a " + std::string(toString(scene.background)) + " background";
}

std::string describeScene(const Scene& scene) {
    Scene ordered = scene;
    ordered.objects = inReadingOrder(scene.objects);
    return caption(ordered);
}

std::optional<Scene> parseCaption(std::string_view text) {
    const std::vector<std::string> words = splitWords(text);
    Scene scene;
    // "... on a {background} background": the last background name decides where the objects end.
    std::size_t objectsEnd = words.size();
    bool found = false;
    for (std::size_t start = words.size(); start-- > 0 && !found;) {
        if (const auto values = matchPattern("on a {background} background", words, start, words.size())) {
            scene.background = static_cast<Background>((*values)[0]);
            objectsEnd = start;
            found = true;
        }
    }
    if (!found || objectsEnd == 0) {
        return std::nullopt;
    }
    if (matchPattern("nothing", words, 0, objectsEnd)) {
        return scene;
    }
    std::size_t begin = 0;
    while (begin < objectsEnd) {
        std::size_t end = begin;
        while (end < objectsEnd && words[end] != "," && words[end] != "and") {
            ++end;
        }
        std::optional<std::vector<int>> values =
            matchPattern("a {size} {colour} {shape} at the {cell}", words, begin, end);
        Object object;
        if (!values) {
            values = matchPattern("a {size} {colour} {shape} in the center", words, begin, end);
            if (!values) {
                return std::nullopt;
            }
            values->push_back(static_cast<int>(Cell::Center));
        }
        object.size = static_cast<Size>((*values)[0]);
        object.colour = static_cast<Colour>((*values)[1]);
        object.shape = static_cast<Shape>((*values)[2]);
        object.cell = static_cast<Cell>((*values)[3]);
        scene.objects.push_back(object);
        begin = end + 1;
        if (end + 1 == objectsEnd) {
            return std::nullopt; // a trailing "," or "and"
        }
    }
    return scene;
}

std::string paraphraseCaption(const Scene& scene, Rng& rng) {
    if (rng.chance(0.25)) {
        return caption(scene);
    }
    std::vector<Object> objects = scene.objects;
    if (rng.chance(0.3)) {
        for (std::size_t i = objects.size(); i > 1; --i) {
            std::swap(objects[i - 1], objects[rng.index(i)]);
        }
    }
    std::vector<std::string> phrases;
    for (const Object& object : objects) {
        phrases.push_back(paraphraseObject(object, rng));
    }
    const bool plainAnd = rng.chance(0.3);
    std::string text = phrases.empty() ? "nothing" : joinPhrases(phrases, plainAnd ? " and " : ", ", " and ");
    const std::string background(toString(scene.background));
    text += pickOne<std::string>(rng, {" on a " + background + " background",
                                       " against a " + background + " background",
                                       ", " + background + " background",
                                       " with a " + background + " background", " on " + background});
    const std::string prefix =
        pickOne<std::string>(rng, {"", "", "draw ", "a picture of ", "an image of ", "generate ", "show ",
                                   "please draw ", "paint ", "create an image of "});
    return prefix + text;
}

} // namespace hb::shapeworld
