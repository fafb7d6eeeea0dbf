#include "shapeworld/scene.h"

#include <cstdio>

#include "core/enum_names.h"

namespace hb::shapeworld {
namespace {

template <typename Enum>
using Names = std::array<std::string_view, static_cast<std::size_t>(Enum::Count)>;

constexpr Names<Colour> kColourNames = {"red", "green", "blue", "yellow", "purple", "orange"};
constexpr Names<Background> kBackgroundNames = {"white", "black", "gray", "beige", "light blue"};
constexpr Names<Shape> kShapeNames = {"circle", "square", "triangle", "diamond", "star", "hexagon"};
constexpr Names<Size> kSizeNames = {"small", "large"};
constexpr Names<Cell> kCellNames = {"top left", "top",         "top right", "left",        "center",
                                    "right",    "bottom left", "bottom",    "bottom right"};

} // namespace

bool Object::sameAttributes(const Object& other) const {
    return shape == other.shape && colour == other.colour && size == other.size && cell == other.cell;
}

bool Object::operator==(const Object& other) const {
    return sameAttributes(other) && jitterX == other.jitterX && jitterY == other.jitterY &&
           sizeScale == other.sizeScale;
}

bool Scene::operator==(const Scene& other) const {
    return background == other.background && objects == other.objects;
}

const Object* Scene::objectAt(Cell cell) const {
    for (const Object& object : objects) {
        if (object.cell == cell) {
            return &object;
        }
    }
    return nullptr;
}

int Scene::findObject(Colour colour, Shape shape) const {
    int found = -1;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        if (objects[i].colour == colour && objects[i].shape == shape) {
            if (found >= 0) {
                return -2;
            }
            found = static_cast<int>(i);
        }
    }
    return found;
}

std::string Scene::describe() const {
    std::string text(toString(background));
    text += ":";
    for (const Object& o : objects) {
        char numbers[64];
        std::snprintf(numbers, sizeof numbers, " (%+.3f,%+.3f x%.2f);", o.jitterX, o.jitterY, o.sizeScale);
        text += " ";
        text += toString(o.size);
        text += " ";
        text += toString(o.colour);
        text += " ";
        text += toString(o.shape);
        text += " @";
        text += toString(o.cell);
        text += numbers;
    }
    return text;
}

std::string_view toString(Colour value) { return enumName(kColourNames, value); }
std::string_view toString(Background value) { return enumName(kBackgroundNames, value); }
std::string_view toString(Shape value) { return enumName(kShapeNames, value); }
std::string_view toString(Size value) { return enumName(kSizeNames, value); }
std::string_view toString(Cell value) { return enumName(kCellNames, value); }

std::optional<Colour> colourFromString(std::string_view name) {
    return enumFromName<Colour>(kColourNames, name);
}
std::optional<Background> backgroundFromString(std::string_view name) {
    return enumFromName<Background>(kBackgroundNames, name);
}
std::optional<Shape> shapeFromString(std::string_view name) { return enumFromName<Shape>(kShapeNames, name); }
std::optional<Size> sizeFromString(std::string_view name) { return enumFromName<Size>(kSizeNames, name); }
std::optional<Cell> cellFromString(std::string_view name) { return enumFromName<Cell>(kCellNames, name); }

int cellRow(Cell cell) { return static_cast<int>(cell) / 3; }
int cellColumn(Cell cell) { return static_cast<int>(cell) % 3; }
Cell cellAt(int row, int column) { return static_cast<Cell>(3 * row + column); }

} // namespace hb::shapeworld
