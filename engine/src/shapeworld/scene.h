#pragma once
// ShapeWorld scenes (../shared/docs/shapeworld.md): a background and 1..4 objects, at most one per
// cell of a 3x3 grid. Names (toString) are the canonical words of the grammar ("light blue",
// "top left"). Geometry is in units of the canvas side S, so one scene renders at any S.
// Thread safety: plain values and pure functions, safe from any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hb::shapeworld {

enum class Colour : std::uint8_t { Red, Green, Blue, Yellow, Purple, Orange, Count };
enum class Background : std::uint8_t { White, Black, Gray, Beige, LightBlue, Count };
enum class Shape : std::uint8_t { Circle, Square, Triangle, Diamond, Star, Hexagon, Count };
enum class Size : std::uint8_t { Small, Large, Count };
/// The 3x3 grid, row-major: index = 3 * row + column.
enum class Cell : std::uint8_t {
    TopLeft,
    Top,
    TopRight,
    Left,
    Center,
    Right,
    BottomLeft,
    Bottom,
    BottomRight,
    Count
};

inline constexpr int kColourCount = static_cast<int>(Colour::Count);
inline constexpr int kBackgroundCount = static_cast<int>(Background::Count);
inline constexpr int kShapeCount = static_cast<int>(Shape::Count);
inline constexpr int kSizeCount = static_cast<int>(Size::Count);
inline constexpr int kCellCount = static_cast<int>(Cell::Count);
inline constexpr int kMaxObjects = 4;
/// Largest jitter of an object's centre from its cell centre, in units of S (per axis).
inline constexpr double kMaxJitter = 1.0 / 24.0;
/// Range of Object::sizeScale (the doc's ±10%).
inline constexpr double kMinSizeScale = 0.9;
inline constexpr double kMaxSizeScale = 1.1;

struct Object {
    Shape shape = Shape::Circle;
    Colour colour = Colour::Red;
    Size size = Size::Small;
    Cell cell = Cell::Center;
    double jitterX = 0.0;   ///< centre offset from the cell centre, units of S, |j| <= kMaxJitter
    double jitterY = 0.0;   ///< positive is down
    double sizeScale = 1.0; ///< bounding-box side = nominal side (S/8 or S/4) * sizeScale, 0.9..1.1

    /// The four attributes the grammar names (shape, colour, size, cell); jitter and scale ignored.
    bool sameAttributes(const Object& other) const;
    bool operator==(const Object& other) const; ///< every field, jitter and scale included
    bool operator!=(const Object& other) const { return !(*this == other); }
};

struct Scene {
    Background background = Background::White;
    std::vector<Object> objects;

    bool operator==(const Scene& other) const;
    bool operator!=(const Scene& other) const { return !(*this == other); }
    /// The object in `cell`, or nullptr. Pointer into `objects`, valid until it changes.
    const Object* objectAt(Cell cell) const;
    /// Index of the object with this colour and shape, or -1 (-2 when there are several).
    int findObject(Colour colour, Shape shape) const;
    /// One line for logs: "gray: large blue square @top left (+0.010,-0.020 x1.05); ...".
    std::string describe() const;
};

std::string_view toString(Colour value);
std::string_view toString(Background value);
std::string_view toString(Shape value);
std::string_view toString(Size value);
std::string_view toString(Cell value); ///< "top left", "top", ..., "center", ...
std::optional<Colour> colourFromString(std::string_view name);
std::optional<Background> backgroundFromString(std::string_view name);
std::optional<Shape> shapeFromString(std::string_view name);
std::optional<Size> sizeFromString(std::string_view name);
std::optional<Cell> cellFromString(std::string_view name);

/// Grid row and column (0..2) of a cell, and the inverse.
int cellRow(Cell cell);
int cellColumn(Cell cell);
Cell cellAt(int row, int column);

/// All values of an enum, in order (for loops over the vocabulary).
template <typename Enum>
std::vector<Enum> allValues() {
    std::vector<Enum> values;
    for (int i = 0; i < static_cast<int>(Enum::Count); ++i) {
        values.push_back(static_cast<Enum>(i));
    }
    return values;
}

} // namespace hb::shapeworld
