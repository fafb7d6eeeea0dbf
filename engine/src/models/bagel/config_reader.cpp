#include "models/bagel/config_reader.h"

#include <limits>
#include <utility>

namespace hb {

namespace {

std::string quoted(std::string_view key) { return "'" + std::string(key) + "'"; }

std::string typeName(const nlohmann::json& value) { return value.type_name(); }

} // namespace

ConfigReader::ConfigReader(std::string file, std::vector<Finding>& findings)
    : m_file(std::move(file)), m_findings(findings) {}

bool ConfigReader::parse(std::string_view text) {
    // The callback-free, non-throwing overload reports only "discarded"; the throwing one gives the
    // line and column, which is what a user needs to fix the file, so catch its exception here.
    try {
        m_root = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        error("", m_file + " is not valid JSON: " + e.what());
        return false;
    }
    if (!m_root.is_object()) {
        error("", m_file + " must hold a JSON object at the top level, not " + typeName(m_root) + ".");
        m_root = nlohmann::json::object();
        return false;
    }
    return true;
}

const nlohmann::json* ConfigReader::field(std::string_view key) const {
    if (!m_root.is_object()) {
        return nullptr;
    }
    const auto it = m_root.find(std::string(key));
    if (it == m_root.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

bool ConfigReader::has(std::string_view key) const { return field(key) != nullptr; }

void ConfigReader::readInt(std::string_view key, std::int64_t& out, std::int64_t minValue,
                           std::int64_t maxValue) {
    const nlohmann::json* value = field(key);
    if (value == nullptr) {
        return;
    }
    if (!value->is_number_integer()) {
        error(key,
              quoted(key) + " must be an integer, found " + typeName(*value) + " (" + value->dump() + ").");
        return;
    }
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        error(key, quoted(key) + " is too large (" + value->dump() + ").");
        return;
    }
    const auto parsed = value->get<std::int64_t>();
    if (parsed < minValue) {
        error(key, quoted(key) + " must be at least " + std::to_string(minValue) + ", found " +
                       std::to_string(parsed) + ".");
        return;
    }
    if (parsed > maxValue) {
        error(key, quoted(key) + " is implausibly large: " + std::to_string(parsed) + " (at most " +
                       std::to_string(maxValue) + " is accepted).");
        return;
    }
    out = parsed;
}

void ConfigReader::readOptionalInt(std::string_view key, std::optional<std::int64_t>& out) {
    if (!has(key)) {
        return;
    }
    std::int64_t value = 0;
    const int before = m_errors;
    readInt(key, value, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    if (m_errors == before) {
        out = value;
    }
}

void ConfigReader::readDouble(std::string_view key, double& out) {
    const nlohmann::json* value = field(key);
    if (value == nullptr) {
        return;
    }
    if (!value->is_number()) {
        error(key,
              quoted(key) + " must be a number, found " + typeName(*value) + " (" + value->dump() + ").");
        return;
    }
    out = value->get<double>();
}

void ConfigReader::readPositiveDouble(std::string_view key, double& out) {
    double parsed = out;
    const int before = m_errors;
    readDouble(key, parsed);
    if (m_errors != before) {
        return;
    }
    if (!(parsed > 0.0)) {
        error(key, quoted(key) + " must be a positive number, found " + std::to_string(parsed) + ".");
        return;
    }
    out = parsed;
}

void ConfigReader::readBool(std::string_view key, bool& out) {
    const nlohmann::json* value = field(key);
    if (value == nullptr) {
        return;
    }
    if (!value->is_boolean()) {
        error(key, quoted(key) + " must be true or false, found " + value->dump() + ".");
        return;
    }
    out = value->get<bool>();
}

void ConfigReader::readString(std::string_view key, std::string& out) {
    const nlohmann::json* value = field(key);
    if (value == nullptr) {
        return;
    }
    if (!value->is_string()) {
        error(key,
              quoted(key) + " must be a string, found " + typeName(*value) + " (" + value->dump() + ").");
        return;
    }
    out = value->get<std::string>();
}

void ConfigReader::readIntList(std::string_view key, std::vector<std::int64_t>& out, std::int64_t minValue,
                               std::int64_t maxValue, std::size_t maxLength) {
    const nlohmann::json* value = field(key);
    if (value == nullptr) {
        return;
    }
    if (!value->is_array() || value->empty() || value->size() > maxLength) {
        error(key, quoted(key) + " must be a list of 1 to " + std::to_string(maxLength) +
                       " integers, found " + value->dump() + ".");
        return;
    }
    std::vector<std::int64_t> parsed;
    for (const auto& item : *value) {
        if (!item.is_number_integer() ||
            (item.is_number_unsigned() && item.get<std::uint64_t>() > 1ull << 62) ||
            item.get<std::int64_t>() < minValue || item.get<std::int64_t>() > maxValue) {
            error(key, quoted(key) + " must hold integers from " + std::to_string(minValue) + " to " +
                           std::to_string(maxValue) + ", found " + value->dump() + ".");
            return;
        }
        parsed.push_back(item.get<std::int64_t>());
    }
    out = std::move(parsed);
}

void ConfigReader::error(std::string_view key, const std::string& message) {
    ++m_errors;
    m_findings.push_back({Severity::Error, FindingKind::BadConfig, m_file, std::string(key), message});
}

void ConfigReader::warning(std::string_view key, const std::string& message) {
    m_findings.push_back({Severity::Warning, FindingKind::BadConfig, m_file, std::string(key), message});
}

void ConfigReader::info(FindingKind kind, std::string_view key, const std::string& message) {
    m_findings.push_back({Severity::Info, kind, m_file, std::string(key), message});
}

} // namespace hb
