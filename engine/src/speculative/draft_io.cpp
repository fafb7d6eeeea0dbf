#include "speculative/draft_io.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include "core/file_util.h"
#include "training/tensor_file.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kManifest = "hyperbagel.json";
constexpr std::uint64_t kMaxManifestBytes = 1u << 20;

Result<nlohmann::json> readManifest(const fs::path& path) {
    Result<std::string> text = readTextFile(path.string(), kMaxManifestBytes);
    if (!text) {
        return text.error();
    }
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
        return makeError(ErrorCode::BadConfig, std::string(kManifest) + ": not a JSON object");
    }
    return doc;
}

/// Writes the manifest through a temporary file and a rename, so a reader never sees half of it.
Result<void> writeManifest(const fs::path& manifestPath, const nlohmann::json& manifest) {
    const fs::path temporary = manifestPath.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << manifest.dump(2) << "\n";
        if (!out) {
            return makeError(ErrorCode::IoError, "cannot write " + temporary.string());
        }
    }
    std::error_code ec;
    fs::rename(temporary, manifestPath, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot rename " + temporary.string() + ": " + ec.message());
    }
    return {};
}

} // namespace

Result<void> saveDraftWeights(DraftModelImpl& draft, const std::string& path, at::ScalarType storeType) {
    const std::map<std::string, std::string> metadata{
        {"hyperbagel.draft", draftEntry(draft.config()).dump()}};
    return saveTensorFile(path, moduleTensors(draft), storeType, metadata);
}

Result<void> saveDraftToFolder(DraftModelImpl& draft, const std::string& folder, at::ScalarType storeType) {
    const fs::path dir(folder);
    if (auto ok = saveDraftWeights(draft, (dir / draft.config().weights).string(), storeType); !ok) {
        return ok;
    }
    const fs::path manifestPath = dir / kManifest;
    nlohmann::json manifest = nlohmann::json::object();
    std::error_code ec;
    if (fs::exists(manifestPath, ec)) {
        auto existing = readManifest(manifestPath);
        if (!existing) {
            return existing.error();
        }
        manifest = std::move(existing.value());
    }
    if (!manifest.contains("format")) {
        manifest["format"] = 1;
    }
    manifest["draft"] = draftEntry(draft.config());
    return writeManifest(manifestPath, manifest);
}

Result<void> recordDraftDefault(const std::string& folder, const std::string& deviceType, bool useByDefault,
                                const std::string& note) {
    const fs::path manifestPath = fs::path(folder) / kManifest;
    auto manifest = readManifest(manifestPath);
    if (!manifest) {
        return manifest.error();
    }
    if (!manifest->contains("draft") || !(*manifest)["draft"].is_object()) {
        return makeError(ErrorCode::BadConfig, manifestPath.string() + " has no draft entry to record into");
    }
    nlohmann::json& entry = (*manifest)["draft"];
    entry["use_by_default"][deviceType] = useByDefault;
    entry["measured"][deviceType] = note;
    return writeManifest(manifestPath, *manifest);
}

Result<DraftModel> loadDraftWeights(const std::string& path, const LlmConfig& target,
                                    const DraftConfig& config, const WeightTarget& weights) {
    auto store = TensorStore::open(path);
    if (!store) {
        return store.error();
    }
    DraftModel draft(target, config);
    draft->to(weights.device, weights.dtype);
    auto report = loadWeights(*draft, **store, "", weights);
    if (!report) {
        return report.error();
    }
    if (!report->unexpected.empty()) {
        return makeError(ErrorCode::BadCheckpoint, fs::path(path).filename().string() +
                                                       ": unexpected tensor " + report->unexpected.front() +
                                                       " (the draft entry of " + kManifest +
                                                       " does not match the file)");
    }
    return draft;
}

Result<DraftModel> loadDraftFromFolder(const std::string& folder, const LlmConfig& target,
                                       const WeightTarget& weights) {
    const fs::path manifestPath = fs::path(folder) / kManifest;
    std::error_code ec;
    if (!fs::exists(manifestPath, ec)) {
        return DraftModel(nullptr);
    }
    auto manifest = readManifest(manifestPath);
    if (!manifest) {
        return manifest.error();
    }
    if (!manifest->contains("draft")) {
        return DraftModel(nullptr);
    }
    auto config = parseDraftEntry((*manifest)["draft"], target.numHiddenLayers);
    if (!config) {
        return config.error();
    }
    const fs::path file(config->weights);
    if (file.is_absolute() || config->weights.find("..") != std::string::npos) {
        return makeError(ErrorCode::BadConfig,
                         std::string(kManifest) + ": draft: \"weights\" must be relative to the folder");
    }
    return loadDraftWeights((fs::path(folder) / file).string(), target, *config, weights);
}

} // namespace hb
