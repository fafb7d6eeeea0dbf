#pragma once
// Name tables for enums with a Count sentinel: one array of names in enum order, and the two
// lookups every toString()/fromString() pair needs. Thread safety: pure functions.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace hb {

/// names[value], or "unknown" for a value outside the table.
template <typename Enum, std::size_t N>
std::string_view enumName(const std::array<std::string_view, N>& names, Enum value) {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : std::string_view("unknown");
}

/// The enum whose name is `name`, or nullopt.
template <typename Enum, std::size_t N>
std::optional<Enum> enumFromName(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name) {
            return static_cast<Enum>(i);
        }
    }
    return std::nullopt;
}

} // namespace hb
