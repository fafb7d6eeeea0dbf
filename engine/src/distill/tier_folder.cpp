#include "distill/tier_folder.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include "core/file_util.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kManifest = "hyperbagel.json";

Result<void> copyTeacherFiles(const fs::path& teacher, const fs::path& out) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(teacher, ec)) {
        std::error_code fileError;
        if (!entry.is_regular_file(fileError) || entry.path().filename() == kManifest) {
            continue;
        }
        const fs::path to = out / entry.path().filename();
        // Model files are large: a copy with the source's size and modification time is current.
        const auto sourceTime = entry.last_write_time(fileError);
        if (fs::exists(to, fileError) && fs::file_size(to, fileError) == entry.file_size(fileError) &&
            fs::last_write_time(to, fileError) == sourceTime) {
            continue;
        }
        fs::copy_file(entry.path(), to, fs::copy_options::overwrite_existing, fileError);
        if (!fileError) {
            fs::last_write_time(to, sourceTime, fileError);
        }
        if (fileError) {
            return makeError(ErrorCode::IoError, "cannot copy " + entry.path().string() + " to " +
                                                     to.string() + ": " + fileError.message());
        }
    }
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot list " + teacher.string() + ": " + ec.message());
    }
    return {};
}

/// The manifest to extend: the output's own, else the teacher's, else a new one.
Result<nlohmann::json> startingManifest(const fs::path& teacher, const fs::path& out) {
    for (const fs::path& dir : {out, teacher}) {
        std::error_code ec;
        if (!fs::exists(dir / kManifest, ec)) {
            continue;
        }
        auto text = readTextFile((dir / kManifest).string(), 1u << 20);
        if (!text) {
            return text.error();
        }
        nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
        if (doc.is_discarded() || !doc.is_object()) {
            return makeError(ErrorCode::BadConfig, (dir / kManifest).string() + ": not a JSON object");
        }
        return doc;
    }
    return nlohmann::json{{"format", 1}};
}

} // namespace

Result<std::string> writeTierFolder(const std::string& teacherDir, const std::string& outDir,
                                    const TierEntry& entry, const NamedTensors& tensors) {
    if (auto ok = ensureDirectory(outDir); !ok) {
        return ok.error();
    }
    const fs::path teacher(teacherDir);
    const fs::path out(outDir);
    if (auto ok = copyTeacherFiles(teacher, out); !ok) {
        return ok.error();
    }
    const std::string weights = entry.name + ".safetensors";
    std::map<std::string, std::string> metadata{{"format", "pt"}, {"hyperbagel.tier", entry.name}};
    for (const auto& [key, value] : entry.provenance) {
        metadata["distilled." + key] = value;
    }
    // float32: the tier must reproduce the student's training forward exactly (bf16 would not).
    if (auto ok = saveTensorFile((out / weights).string(), tensors, at::kFloat, metadata); !ok) {
        return ok.error();
    }
    auto manifest = startingManifest(teacher, out);
    if (!manifest) {
        return manifest.error();
    }
    nlohmann::json tier{{"weights", weights},
                        {"timesteps", entry.timesteps},
                        {"guidance", {{"text", entry.textScale}, {"image", entry.imageScale}}}};
    if (!entry.provenance.empty()) {
        tier["distilled"] = entry.provenance;
    }
    if (!manifest->contains("format")) {
        (*manifest)["format"] = 1;
    }
    if (!manifest->contains("tiers") || !(*manifest)["tiers"].is_object()) {
        (*manifest)["tiers"] = nlohmann::json::object();
    }
    (*manifest)["tiers"][entry.name] = tier;
    if (auto ok = writeTextFileAtomic((out / kManifest).string(), manifest->dump(2) + "\n"); !ok) {
        return ok.error();
    }
    return (out / weights).string();
}

} // namespace hb

namespace hb {

Result<void> carryTiers(const std::string& fromDir, const std::string& outDir, const std::string& except) {
    const fs::path from(fromDir);
    const fs::path out(outDir);
    std::error_code ec;
    if (!fs::exists(from / kManifest, ec)) {
        return {};
    }
    auto source = startingManifest(from, from);
    if (!source) {
        return source.error();
    }
    if (!source->contains("tiers") || !(*source)["tiers"].is_object()) {
        return {};
    }
    auto manifest = startingManifest(from, out);
    if (!manifest) {
        return manifest.error();
    }
    if (!manifest->contains("tiers") || !(*manifest)["tiers"].is_object()) {
        (*manifest)["tiers"] = nlohmann::json::object();
    }
    bool changed = false;
    for (const auto& [name, tier] : (*source)["tiers"].items()) {
        if (name == except || (*manifest)["tiers"].contains(name) || !tier.is_object() ||
            !tier.contains("weights") || !tier["weights"].is_string()) {
            continue;
        }
        const std::string weights = tier["weights"].get<std::string>();
        if (weights.find('/') != std::string::npos || weights.find('\\') != std::string::npos) {
            return makeError(ErrorCode::BadConfig, (from / kManifest).string() + ": tier \"" + name +
                                                       "\" names a file outside its folder");
        }
        fs::copy_file(from / weights, out / weights, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            return makeError(ErrorCode::IoError, "cannot copy " + (from / weights).string() + " to " +
                                                     out.string() + ": " + ec.message());
        }
        (*manifest)["tiers"][name] = tier;
        changed = true;
    }
    if (!changed) {
        return {};
    }
    return writeTextFileAtomic((out / kManifest).string(), manifest->dump(2) + "\n");
}

} // namespace hb
