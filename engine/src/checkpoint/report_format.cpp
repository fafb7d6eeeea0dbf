// Names of the report enums, byte formatting, and the text and JSON forms of a CheckpointReport.

#include <array>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/checkpoint.h"

#include "core/enum_names.h"

namespace hb {

namespace {

constexpr std::array<std::string_view, 3> kSeverityNames = {"info", "warning", "error"};
static_assert(kSeverityNames.size() == static_cast<std::size_t>(Severity::Count));

constexpr std::array<std::string_view, 9> kFindingKindNames = {
    "missing_file", "bad_file",    "bad_config", "config_override", "missing_tensor", "unexpected_tensor",
    "wrong_shape",  "wrong_dtype", "note"};
static_assert(kFindingKindNames.size() == static_cast<std::size_t>(FindingKind::Count));

constexpr std::array<std::string_view, 9> kComponentNames = {
    "llm_understanding", "llm_generation", "embeddings_head", "vit", "connector", "vae", "adapters",
    "extension",         "other"};
static_assert(kComponentNames.size() == static_cast<std::size_t>(Component::Count));

/// Text shows at most this many findings per severity; the JSON form lists all.
constexpr std::size_t kMaxTextFindings = 50;

/// 14599325184 -> "14,599,325,184"
std::string groupDigits(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    for (std::size_t pos = digits.size(); pos > 3; pos -= 3) {
        digits.insert(pos - 3, ",");
    }
    return value < 0 ? "-" + digits : digits;
}

void writeHeader(std::ostringstream& out, const CheckpointReport& r) {
    out << "Checkpoint: " << r.folder << "\n";
    out << "Kind:       " << r.kind << "\n";
    out << "Verdict:    " << (r.valid ? "VALID" : "INVALID") << " (" << r.count(Severity::Error)
        << " errors, " << r.count(Severity::Warning) << " warnings, " << r.count(Severity::Info)
        << " notes)\n";
}

void writeConfigs(std::ostringstream& out, const CheckpointReport& r) {
    if (r.configs.empty()) {
        return;
    }
    out << "\nConfigs\n";
    for (const ReportSection& section : r.configs) {
        out << "  " << section.title << "\n";
        for (const auto& [key, value] : section.entries) {
            out << "    " << std::left << std::setw(28) << key << value << "\n";
        }
    }
}

void writeFiles(std::ostringstream& out, const CheckpointReport& r) {
    out << "\nFiles\n";
    if (r.files.empty()) {
        out << "  (none)\n";
    }
    for (const FileEntry& file : r.files) {
        out << "  " << std::left << std::setw(40) << file.name << std::right << std::setw(12)
            << formatBytes(file.bytes);
        if (file.tensors >= 0) {
            out << "  " << file.tensors << " tensors";
        }
        out << "\n";
    }
}

void writeComponents(std::ostringstream& out, const CheckpointReport& r) {
    if (r.components.empty()) {
        return;
    }
    out << "\nComponents\n";
    out << "  " << std::left << std::setw(20) << "component" << std::right << std::setw(9) << "tensors"
        << std::setw(18) << "parameters" << std::setw(12) << "bytes"
        << "\n";
    for (const ComponentStats& c : r.components) {
        out << "  " << std::left << std::setw(20) << toString(c.component) << std::right << std::setw(9)
            << c.tensors << std::setw(18) << groupDigits(c.parameters) << std::setw(12)
            << formatBytes(c.bytes) << "\n";
    }
    out << "  " << std::left << std::setw(20) << "total" << std::right << std::setw(9) << r.tensorCount
        << std::setw(18) << groupDigits(r.parameterCount) << std::setw(12) << formatBytes(r.tensorBytes)
        << "\n";
    out << "\nDtypes\n";
    for (const auto& [dtype, count] : r.dtypes) {
        out << "  " << std::left << std::setw(10) << dtype << count << " tensors\n";
    }
}

void writeMemory(std::ostringstream& out, const CheckpointReport& r) {
    if (r.memory.empty()) {
        return;
    }
    out << "\nMemory plan (estimates)\n";
    out << "  " << std::left << std::setw(7) << "device" << std::setw(10) << "precision" << std::right
        << std::setw(12) << "weights" << std::setw(12) << "vae" << std::setw(12) << "runtime" << std::setw(12)
        << "total"
        << "\n";
    for (const MemoryEstimate& m : r.memory) {
        out << "  " << std::left << std::setw(7) << m.device << std::setw(10) << m.precision << std::right
            << std::setw(12) << formatBytes(m.weightBytes) << std::setw(12) << formatBytes(m.vaeBytes)
            << std::setw(12) << formatBytes(m.runtimeBytes) << std::setw(12) << formatBytes(m.totalBytes)
            << "\n";
    }
    out << "  runtime assumes: " << r.memory.front().workload << "\n";
}

void writeFindings(std::ostringstream& out, const CheckpointReport& r) {
    out << "\nFindings\n";
    if (r.findings.empty()) {
        out << "  (none)\n";
    }
    for (const Severity severity : {Severity::Error, Severity::Warning, Severity::Info}) {
        const std::size_t total = r.count(severity);
        if (total == 0) {
            continue;
        }
        out << "  " << toString(severity) << " (" << total << ")\n";
        std::size_t shown = 0;
        for (const Finding& f : r.findings) {
            if (f.severity != severity || shown++ >= kMaxTextFindings) {
                continue;
            }
            out << "    [" << toString(f.kind) << "] " << (f.file.empty() ? "" : f.file + ": ") << f.message
                << "\n";
        }
        if (total > kMaxTextFindings) {
            out << "    ... and " << (total - kMaxTextFindings) << " more (see the JSON report)\n";
        }
    }
}

// JSON keys are fixed snake_case names in a fixed order (ordered_json keeps insertion order), so
// scripts and diffs can rely on them.
using Json = nlohmann::ordered_json;

Json configsJson(const CheckpointReport& r) {
    Json out = Json::array();
    for (const ReportSection& section : r.configs) {
        Json entries = Json::object();
        for (const auto& [key, value] : section.entries) {
            entries[key] = value;
        }
        out.push_back({{"title", section.title}, {"entries", entries}});
    }
    return out;
}

Json filesJson(const CheckpointReport& r) {
    Json out = Json::array();
    for (const FileEntry& f : r.files) {
        out.push_back({{"name", f.name}, {"bytes", f.bytes}, {"tensors", f.tensors}});
    }
    return out;
}

Json componentsJson(const CheckpointReport& r) {
    Json out = Json::array();
    for (const ComponentStats& c : r.components) {
        out.push_back({{"component", std::string(toString(c.component))},
                       {"tensors", c.tensors},
                       {"parameters", c.parameters},
                       {"bytes", c.bytes}});
    }
    return out;
}

Json memoryJson(const CheckpointReport& r) {
    Json out = Json::array();
    for (const MemoryEstimate& m : r.memory) {
        out.push_back({{"device", m.device},
                       {"precision", m.precision},
                       {"weight_bytes", m.weightBytes},
                       {"vae_bytes", m.vaeBytes},
                       {"runtime_bytes", m.runtimeBytes},
                       {"total_bytes", m.totalBytes},
                       {"workload", m.workload}});
    }
    return out;
}

Json findingsJson(const CheckpointReport& r) {
    Json out = Json::array();
    for (const Finding& f : r.findings) {
        out.push_back({{"severity", std::string(toString(f.severity))},
                       {"kind", std::string(toString(f.kind))},
                       {"file", f.file},
                       {"subject", f.subject},
                       {"message", f.message}});
    }
    return out;
}

} // namespace

std::string_view toString(Severity severity) { return enumName(kSeverityNames, severity); }
std::optional<Severity> severityFromString(std::string_view name) {
    return enumFromName<Severity>(kSeverityNames, name);
}

std::string_view toString(FindingKind kind) { return enumName(kFindingKindNames, kind); }
std::optional<FindingKind> findingKindFromString(std::string_view name) {
    return enumFromName<FindingKind>(kFindingKindNames, name);
}

std::string_view toString(Component component) { return enumName(kComponentNames, component); }
std::optional<Component> componentFromString(std::string_view name) {
    return enumFromName<Component>(kComponentNames, name);
}

std::size_t CheckpointReport::count(Severity severity) const {
    std::size_t n = 0;
    for (const Finding& finding : findings) {
        n += finding.severity == severity ? 1 : 0;
    }
    return n;
}

std::string formatBytes(std::uint64_t bytes) {
    constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (bytes < 1024) {
        return std::to_string(bytes) + " B";
    }
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return text;
}

std::string formatReportText(const CheckpointReport& report) {
    std::ostringstream out;
    writeHeader(out, report);
    writeConfigs(out, report);
    writeFiles(out, report);
    writeComponents(out, report);
    writeMemory(out, report);
    writeFindings(out, report);
    return out.str();
}

std::string formatReportJson(const CheckpointReport& r) {
    Json json = {{"folder", r.folder},
                 {"kind", r.kind},
                 {"valid", r.valid},
                 {"counts",
                  {{"error", r.count(Severity::Error)},
                   {"warning", r.count(Severity::Warning)},
                   {"info", r.count(Severity::Info)}}}};
    json["configs"] = configsJson(r);
    json["files"] = filesJson(r);
    json["components"] = componentsJson(r);
    json["dtypes"] = Json::object();
    for (const auto& [dtype, count] : r.dtypes) {
        json["dtypes"][dtype] = count;
    }
    json["totals"] = {{"tensors", r.tensorCount}, {"parameters", r.parameterCount}, {"bytes", r.tensorBytes}};
    json["memory"] = memoryJson(r);
    json["findings"] = findingsJson(r);
    // Replace invalid UTF-8 (e.g. from a hostile file name) instead of throwing.
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace hb
