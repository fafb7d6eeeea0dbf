#pragma once
// Typed, exception-free access to the fields of one JSON config file. Every problem (syntax, wrong
// type, out-of-range value) is appended to the caller's findings as a BadConfig finding naming the
// file and the key, and the field keeps its previous (default) value.
// Thread safety: one reader per thread; it writes only to the findings vector it was given.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/checkpoint.h"

namespace hb {

class ConfigReader {
public:
    /// Upper bound for integers unless a field says otherwise. Sizes far beyond any real model are
    /// rejected so that a hostile config cannot make the schema or the memory plan overflow.
    static constexpr std::int64_t kMaxConfigInt = std::int64_t{1} << 30;

    ConfigReader(std::string file, std::vector<Finding>& findings);

    /// Parses `text`; the root must be an object. Returns false (with a finding) otherwise.
    bool parse(std::string_view text);
    const nlohmann::json& root() const { return m_root; }

    /// True when `key` is present and not null.
    bool has(std::string_view key) const;

    /// Each reader leaves `out` untouched when the key is absent or null, and records a finding
    /// when the value has the wrong type or is below `minValue`.
    void readInt(std::string_view key, std::int64_t& out, std::int64_t minValue = 1,
                 std::int64_t maxValue = kMaxConfigInt);
    void readOptionalInt(std::string_view key, std::optional<std::int64_t>& out);
    void readPositiveDouble(std::string_view key, double& out);
    void readDouble(std::string_view key, double& out);
    void readBool(std::string_view key, bool& out);
    void readString(std::string_view key, std::string& out);
    void readIntList(std::string_view key, std::vector<std::int64_t>& out, std::int64_t minValue = 1,
                     std::int64_t maxValue = kMaxConfigInt, std::size_t maxLength = 64);

    void error(std::string_view key, const std::string& message);
    void warning(std::string_view key, const std::string& message);
    void info(FindingKind kind, std::string_view key, const std::string& message);

    /// Number of Error findings this reader recorded.
    int errors() const { return m_errors; }
    const std::string& file() const { return m_file; }

private:
    const nlohmann::json* field(std::string_view key) const;

    std::string m_file;
    std::vector<Finding>& m_findings;
    nlohmann::json m_root;
    int m_errors = 0;
};

} // namespace hb
