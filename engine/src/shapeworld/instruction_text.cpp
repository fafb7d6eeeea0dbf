#include "shapeworld/instruction_text.h"

#include <vector>

#include "shapeworld/caption_text.h"
#include "shapeworld/text_match.h"

namespace hb::shapeworld {
namespace {

std::string word(Colour v) { return std::string(toString(v)); }
std::string word(Size v) { return std::string(toString(v)); }
std::string word(Cell v) { return std::string(toString(v)); }
std::string word(Background v) { return std::string(toString(v)); }

// "to the {position}" / "to the center"
std::string destination(Cell cell) { return "to the " + word(cell); }

std::vector<std::string> paraphrases(const Edit& edit) {
    const std::string target = referringPhrase(edit.colour, edit.shape);
    switch (edit.kind) {
    case EditKind::Recolour: {
        const std::string c = word(edit.newColour);
        return {"turn " + target + " " + c,    "change the color of " + target + " to " + c,
                "recolor " + target + " " + c, "paint " + target + " " + c,
                "color " + target + " " + c,   target + " should be " + c};
    }
    case EditKind::Resize:
        if (edit.newSize == Size::Large) {
            return {"make " + target + " bigger", "enlarge " + target, "make " + target + " larger",
                    "resize " + target + " to large", "change the size of " + target + " to large"};
        }
        return {"make " + target + " smaller", "shrink " + target, "make " + target + " small",
                "resize " + target + " to small", "change the size of " + target + " to small"};
    case EditKind::Remove:
        return {"delete " + target, "erase " + target, "take away " + target, "get rid of " + target,
                "remove " + target + " from the picture"};
    case EditKind::Add: {
        const std::string phrase = objectPhrase(edit.added);
        const std::string where = locativePhrase(edit.added.cell);
        return {"put " + phrase + " " + where, "place " + phrase + " " + where,
                "draw " + phrase + " " + where, "insert " + phrase + " " + where, where + ", add " + phrase};
    }
    case EditKind::Move: {
        const std::string to = edit.toCell == Cell::Center ? "to the middle" : destination(edit.toCell);
        return {"put " + target + " " + locativePhrase(edit.toCell), "shift " + target + " " + to,
                "place " + target + " " + locativePhrase(edit.toCell), "drag " + target + " " + to,
                "move " + target + " " + to};
    }
    case EditKind::Background: {
        const std::string b = word(edit.newBackground);
        return {"make the background " + b, "set the background to " + b, "use a " + b + " background",
                "paint the background " + b, "switch to a " + b + " background"};
    }
    case EditKind::Count:
        break;
    }
    return {};
}

} // namespace

std::string instructionText(const Edit& edit) {
    const std::string target = referringPhrase(edit.colour, edit.shape);
    switch (edit.kind) {
    case EditKind::Recolour:
        return "make " + target + " " + word(edit.newColour);
    case EditKind::Resize:
        return "make " + target + " " + word(edit.newSize);
    case EditKind::Remove:
        return "remove " + target;
    case EditKind::Add:
        return "add " + objectPhrase(edit.added) + " " + locativePhrase(edit.added.cell);
    case EditKind::Move:
        return "move " + target + " " + destination(edit.toCell);
    case EditKind::Background:
        return "change the background to " + word(edit.newBackground);
    case EditKind::Count:
        break;
    }
    return {};
}

std::optional<Edit> parseInstruction(std::string_view text) {
    const std::vector<std::string> words = splitWords(text);
    Edit edit;
    std::optional<std::vector<int>> v;
    if ((v = matchPattern("make the {colour} {shape} {colour}", words))) {
        edit.kind = EditKind::Recolour;
        edit.newColour = static_cast<Colour>((*v)[2]);
    } else if ((v = matchPattern("make the {colour} {shape} {size}", words))) {
        edit.kind = EditKind::Resize;
        edit.newSize = static_cast<Size>((*v)[2]);
    } else if ((v = matchPattern("remove the {colour} {shape}", words))) {
        edit.kind = EditKind::Remove;
    } else if ((v = matchPattern("move the {colour} {shape} to the {cell}", words))) {
        edit.kind = EditKind::Move;
        edit.toCell = static_cast<Cell>((*v)[2]);
    } else if ((v = matchPattern("change the background to {background}", words))) {
        edit.kind = EditKind::Background;
        edit.newBackground = static_cast<Background>((*v)[0]);
        return edit;
    } else if ((v = matchPattern("add a {size} {colour} {shape} at the {cell}", words)) ||
               (v = matchPattern("add a {size} {colour} {shape} in the center", words))) {
        edit.kind = EditKind::Add;
        edit.added.size = static_cast<Size>((*v)[0]);
        edit.added.colour = static_cast<Colour>((*v)[1]);
        edit.added.shape = static_cast<Shape>((*v)[2]);
        edit.added.cell = v->size() > 3 ? static_cast<Cell>((*v)[3]) : Cell::Center;
        return edit;
    } else {
        return std::nullopt;
    }
    edit.colour = static_cast<Colour>((*v)[0]);
    edit.shape = static_cast<Shape>((*v)[1]);
    return edit;
}

std::string paraphraseInstruction(const Edit& edit, Rng& rng) {
    std::vector<std::string> options = paraphrases(edit);
    options.push_back(instructionText(edit));
    return pickOne(rng, options);
}

} // namespace hb::shapeworld
