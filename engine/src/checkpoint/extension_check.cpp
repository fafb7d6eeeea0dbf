#include "checkpoint/extension_check.h"

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "core/file_util.h"

namespace hb {

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxManifestBytes = 1u << 20;

bool endsWith(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Every string value ending in a safetensors suffix, with the JSON pointer of where it was found.
void collectFileNames(const nlohmann::json& node, const std::string& pointer,
                      std::vector<std::pair<std::string, std::string>>& out) {
    if (node.is_string()) {
        const auto& text = node.get_ref<const std::string&>();
        if (endsWith(text, ".safetensors") || endsWith(text, ".safetensors.index.json")) {
            out.emplace_back(pointer, text);
        }
    } else if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            collectFileNames(value, pointer + "/" + key, out);
        }
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i) {
            collectFileNames(node[i], pointer + "/" + std::to_string(i), out);
        }
    }
}

void addError(std::vector<Finding>& findings, FindingKind kind, const std::string& file,
              const std::string& subject, const std::string& message) {
    findings.push_back({Severity::Error, kind, file, subject, message});
}

bool parseManifest(const std::string& folder, nlohmann::json& manifest, std::vector<Finding>& findings) {
    const std::string file(kExtensionManifestFile);
    Result<std::string> text = readTextFile((fs::path(folder) / file).string(), kMaxManifestBytes);
    if (!text) {
        addError(findings, FindingKind::BadFile, file, "", file + " cannot be read: " + text.error().message);
        return false;
    }
    try {
        manifest = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
        addError(findings, FindingKind::BadConfig, file, "", file + " is not valid JSON: " + e.what());
        return false;
    }
    if (!manifest.is_object()) {
        addError(findings, FindingKind::BadConfig, file, "",
                 file + " must hold a JSON object at the top level.");
        return false;
    }
    return true;
}

void checkNamedFile(const std::string& folder, const std::string& pointer, const std::string& name,
                    std::vector<Finding>& findings, std::vector<FileEntry>& files, TensorTally& tally) {
    const std::string manifest(kExtensionManifestFile);
    const fs::path relative(name);
    if (relative.is_absolute() || name.find("..") != std::string::npos) {
        addError(findings, FindingKind::BadConfig, manifest, pointer,
                 manifest + " names \"" + name + "\" at " + pointer +
                     "; files must be relative to the folder.");
        return;
    }
    const fs::path path = fs::path(folder) / relative;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        addError(findings, FindingKind::MissingFile, name, pointer,
                 name + " is named by " + manifest + " (" + pointer + ") but does not exist.");
        return;
    }
    auto store = TensorStore::open(path.string());
    if (!store) {
        addError(findings, FindingKind::BadFile, name, pointer,
                 name + " (named by " + manifest +
                     ") is not a valid safetensors file: " + store.error().message);
        return;
    }
    tallyStore(
        **store, [](std::string_view) { return Component::Extension; }, tally);
    checkDtypes(**store, name, findings);
    for (FileEntry& entry : files) {
        if (entry.name == name) {
            entry.tensors = static_cast<std::int64_t>((*store)->size());
            return;
        }
    }
    files.push_back({name, fs::file_size(path, ec), static_cast<std::int64_t>((*store)->size())});
}

} // namespace

void inspectExtension(const std::string& folder, std::vector<Finding>& findings,
                      std::vector<FileEntry>& files, TensorTally& tally) {
    std::error_code ec;
    if (!fs::exists(fs::path(folder) / std::string(kExtensionManifestFile), ec)) {
        return;
    }
    nlohmann::json manifest;
    if (!parseManifest(folder, manifest, findings)) {
        return;
    }
    std::vector<std::pair<std::string, std::string>> named;
    collectFileNames(manifest, "", named);
    if (named.empty()) {
        findings.push_back({Severity::Warning, FindingKind::Note, std::string(kExtensionManifestFile), "",
                            std::string(kExtensionManifestFile) + " names no .safetensors file."});
    }
    std::set<std::string> seen;
    for (const auto& [pointer, name] : named) {
        if (seen.insert(name).second) {
            checkNamedFile(folder, pointer, name, findings, files, tally);
        }
    }
}

} // namespace hb
