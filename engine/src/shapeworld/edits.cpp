#include "shapeworld/edits.h"

#include <vector>

#include "core/enum_names.h"
#include "shapeworld/geometry.h"

namespace hb::shapeworld {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(EditKind::Count)> kEditKindNames = {
    "recolour", "resize", "remove", "add", "move", "background"};

bool allowedBySplit(Colour colour, Shape shape, Split split) {
    const bool heldOut = isHeldOut(colour, shape);
    return !(split == Split::Train && heldOut) && !(split == Split::HeldOut && !heldOut);
}

std::vector<Cell> emptyCells(const Scene& scene) {
    std::vector<Cell> cells;
    for (Cell cell : allValues<Cell>()) {
        if (scene.objectAt(cell) == nullptr) {
            cells.push_back(cell);
        }
    }
    return cells;
}

// Objects whose (colour, shape) is unique in the scene: the ones an instruction can name.
std::vector<std::size_t> referableObjects(const Scene& scene) {
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < scene.objects.size(); ++i) {
        if (scene.findObject(scene.objects[i].colour, scene.objects[i].shape) >= 0) {
            indices.push_back(i);
        }
    }
    return indices;
}

std::optional<Edit> sampleKind(const Scene& scene, Rng& rng, Split split, EditKind kind) {
    Edit edit;
    edit.kind = kind;
    const std::vector<std::size_t> referable = referableObjects(scene);
    if (hasReferent(kind)) {
        if (referable.empty()) {
            return std::nullopt;
        }
        const Object& target = scene.objects[pickOne(rng, referable)];
        edit.colour = target.colour;
        edit.shape = target.shape;
        if (kind == EditKind::Recolour) {
            std::vector<Colour> colours;
            for (Colour c : allValues<Colour>()) {
                if (c != target.colour && scene.findObject(c, target.shape) == -1 &&
                    allowedBySplit(c, target.shape, split == Split::HeldOut ? Split::Any : split)) {
                    colours.push_back(c);
                }
            }
            if (colours.empty()) {
                return std::nullopt;
            }
            edit.newColour = pickOne(rng, colours);
        } else if (kind == EditKind::Resize) {
            edit.newSize = target.size == Size::Small ? Size::Large : Size::Small;
        } else if (kind == EditKind::Move) {
            const std::vector<Cell> cells = emptyCells(scene);
            if (cells.empty()) {
                return std::nullopt;
            }
            edit.toCell = pickOne(rng, cells);
        } else if (kind == EditKind::Remove && scene.objects.size() < 2) {
            return std::nullopt;
        }
        return edit;
    }
    if (kind == EditKind::Background) {
        std::vector<Background> others;
        for (Background b : allValues<Background>()) {
            if (b != scene.background) {
                others.push_back(b);
            }
        }
        edit.newBackground = pickOne(rng, others);
        return edit;
    }
    // Add
    const std::vector<Cell> cells = emptyCells(scene);
    if (scene.objects.size() >= static_cast<std::size_t>(kMaxObjects) || cells.empty()) {
        return std::nullopt;
    }
    const std::optional<ColourShape> pair =
        sampleColourShape(rng, scene, split == Split::HeldOut ? Split::Any : split, true);
    if (!pair) {
        return std::nullopt;
    }
    Object& added = edit.added;
    added.colour = pair->colour;
    added.shape = pair->shape;
    added.cell = pickOne(rng, cells);
    added.size = rng.chance(0.5) ? Size::Large : Size::Small;
    added.sizeScale = rng.uniform(kMinSizeScale, kMaxSizeScale);
    const double room = jitterRoom(added.size, added.sizeScale);
    added.jitterX = rng.uniform(-room, room);
    added.jitterY = rng.uniform(-room, room);
    added = clampedIntoCell(added);
    return edit;
}

} // namespace

std::string_view toString(EditKind kind) { return enumName(kEditKindNames, kind); }
std::optional<EditKind> editKindFromString(std::string_view name) {
    return enumFromName<EditKind>(kEditKindNames, name);
}

bool hasReferent(EditKind kind) { return kind != EditKind::Add && kind != EditKind::Background; }

bool Edit::operator==(const Edit& other) const {
    if (kind != other.kind) {
        return false;
    }
    if (hasReferent(kind) && (colour != other.colour || shape != other.shape)) {
        return false;
    }
    switch (kind) {
    case EditKind::Recolour:
        return newColour == other.newColour;
    case EditKind::Resize:
        return newSize == other.newSize;
    case EditKind::Move:
        return toCell == other.toCell;
    case EditKind::Background:
        return newBackground == other.newBackground;
    case EditKind::Add:
        return added.sameAttributes(other.added);
    case EditKind::Remove:
    case EditKind::Count:
        break;
    }
    return true;
}

std::optional<Scene> applyEdit(const Scene& scene, const Edit& edit) {
    Scene out = scene;
    if (edit.kind == EditKind::Background) {
        if (edit.newBackground == scene.background) {
            return std::nullopt;
        }
        out.background = edit.newBackground;
        return out;
    }
    if (edit.kind == EditKind::Add) {
        const Object& added = edit.added;
        if (scene.objects.size() >= static_cast<std::size_t>(kMaxObjects) ||
            scene.objectAt(added.cell) != nullptr || scene.findObject(added.colour, added.shape) != -1) {
            return std::nullopt;
        }
        out.objects.push_back(clampedIntoCell(added));
        return out;
    }
    const int index = scene.findObject(edit.colour, edit.shape);
    if (index < 0) {
        return std::nullopt;
    }
    Object& target = out.objects[static_cast<std::size_t>(index)];
    switch (edit.kind) {
    case EditKind::Recolour:
        if (edit.newColour == target.colour || scene.findObject(edit.newColour, target.shape) != -1) {
            return std::nullopt;
        }
        target.colour = edit.newColour;
        break;
    case EditKind::Resize:
        if (edit.newSize == target.size) {
            return std::nullopt;
        }
        target.size = edit.newSize;
        target = clampedIntoCell(target);
        break;
    case EditKind::Move:
        if (scene.objectAt(edit.toCell) != nullptr) {
            return std::nullopt;
        }
        target.cell = edit.toCell;
        break;
    case EditKind::Remove:
        if (scene.objects.size() < 2) {
            return std::nullopt;
        }
        out.objects.erase(out.objects.begin() + index);
        break;
    default:
        return std::nullopt;
    }
    return out;
}

std::optional<Edit> sampleEdit(const Scene& scene, Rng& rng, Split split) {
    std::vector<Edit> candidates;
    // One candidate per kind, drawn in a fixed order so the Rng stream is deterministic; then one of
    // the valid kinds is chosen uniformly.
    for (EditKind kind : allValues<EditKind>()) {
        if (std::optional<Edit> edit = sampleKind(scene, rng, split, kind)) {
            candidates.push_back(*edit);
        }
    }
    if (candidates.empty()) {
        return std::nullopt;
    }
    return pickOne(rng, candidates);
}

} // namespace hb::shapeworld
