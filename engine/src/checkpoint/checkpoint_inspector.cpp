// inspectCheckpoint: recognise a BAGEL folder, read its configs, open its tensor files and compare
// them with what the configs imply. Every problem becomes a Finding; only a missing folder fails.

#include <algorithm>
#include <filesystem>
#include <memory>
#include <new>

#include "hyperbagel/engine/checkpoint.h"

#include "checkpoint/extension_check.h"
#include "checkpoint/memory_plan.h"
#include "checkpoint/report_sections.h"
#include "checkpoint/tensor_check.h"
#include "models/bagel/bagel_config.h"
#include "models/bagel/bagel_schema.h"

namespace hb {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEmaFile = "ema.safetensors";
constexpr std::string_view kEmaIndexFile = "ema.safetensors.index.json";
constexpr std::string_view kAeFile = "ae.safetensors";
/// The slow Qwen2Tokenizer the official code uses reads these three.
constexpr std::string_view kTokenizerFiles[] = {"vocab.json", "merges.txt", "tokenizer_config.json"};

struct InspectState {
    CheckpointReport report;
    BagelConfigLoad load;
    std::unique_ptr<TensorStore> ema;
    std::string emaName;
    std::unique_ptr<TensorStore> ae;
    TensorTally tally;
};

bool exists(const fs::path& folder, std::string_view name) {
    std::error_code ec;
    return fs::exists(folder / std::string(name), ec);
}

std::vector<FileEntry> listFiles(const fs::path& folder) {
    std::vector<FileEntry> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        std::error_code sizeError;
        if (entry.is_regular_file(sizeError)) {
            files.push_back({entry.path().filename().string(), entry.file_size(sizeError), -1});
        }
    }
    std::sort(files.begin(), files.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
    return files;
}

bool looksLikeBagel(const fs::path& folder) {
    for (const std::string_view name : {kLlmConfigFile, kVitConfigFile, kEmaFile, kEmaIndexFile, kAeFile}) {
        if (exists(folder, name)) {
            return true;
        }
    }
    return false;
}

void setTensorCounts(std::vector<FileEntry>& files, const TensorStore& store) {
    for (const SafetensorsFile* file : store.files()) {
        const std::string name = fs::path(file->path()).filename().string();
        for (FileEntry& entry : files) {
            if (entry.name == name) {
                entry.tensors = static_cast<std::int64_t>(file->tensors().size());
            }
        }
    }
}

/// Opens `name`, turning a failure into a BadFile Error that quotes the reader.
std::unique_ptr<TensorStore> openStore(const fs::path& folder, std::string_view name,
                                       std::vector<Finding>& findings) {
    auto store = TensorStore::open((folder / std::string(name)).string());
    if (!store) {
        findings.push_back({Severity::Error, FindingKind::BadFile, std::string(name), "",
                            std::string(name) + " cannot be read: " + store.error().message});
        return nullptr;
    }
    return std::move(store.value());
}

void openEma(const fs::path& folder, InspectState& s) {
    auto& findings = s.report.findings;
    const bool single = exists(folder, kEmaFile);
    const bool index = exists(folder, kEmaIndexFile);
    if (!single && !index) {
        findings.push_back(
            {Severity::Error, FindingKind::MissingFile, std::string(kEmaFile), "",
             "Neither ema.safetensors nor ema.safetensors.index.json is present; the model weights "
             "are missing."});
        return;
    }
    if (single && index) {
        findings.push_back(
            {Severity::Warning, FindingKind::Note, std::string(kEmaIndexFile), "",
             "Both ema.safetensors and ema.safetensors.index.json are present; ema.safetensors is "
             "used, as the official loader does. Remove the one you do not mean."});
    }
    s.emaName = std::string(single ? kEmaFile : kEmaIndexFile);
    s.ema = openStore(folder, s.emaName, findings);
}

bool schemaUsable(const BagelConfigLoad& load) {
    return load.llmUsable && load.vitUsable && load.vaeUsable && load.bagelUsable;
}

/// "llm_config.json and ae_config.json": the configs whose problems stop the tensor check.
std::string unusableConfigs(const BagelConfigLoad& load) {
    std::string names;
    const std::pair<bool, std::string_view> parts[] = {{load.llmUsable, kLlmConfigFile},
                                                       {load.vitUsable, kVitConfigFile},
                                                       {load.vaeUsable, kAeConfigFile},
                                                       {load.bagelUsable, kBagelConfigFile}};
    for (const auto& [usable, name] : parts) {
        if (!usable) {
            names += (names.empty() ? "" : " and ") + std::string(name);
        }
    }
    return names;
}

void checkEma(InspectState& s) {
    if (!s.ema) {
        return;
    }
    auto& findings = s.report.findings;
    if (const TensorInfo* latent = s.ema->find(kLatentPosEmbedName); latent && !latent->shape.empty()) {
        inferMaxLatentSize(s.load, latent->shape[0], s.emaName);
        // The inference may add a finding to the load; move it into the report.
        findings.insert(findings.end(), s.load.findings.begin(), s.load.findings.end());
        s.load.findings.clear();
    }
    if (schemaUsable(s.load)) {
        compareWithSchema(*s.ema, s.emaName, emaSchema(s.load.config), findings);
    } else {
        findings.push_back({Severity::Warning, FindingKind::Note, s.emaName, "",
                            "The tensors of " + s.emaName +
                                " were not checked against the configs, because " + unusableConfigs(s.load) +
                                " could not be used."});
    }
    checkDtypes(*s.ema, s.emaName, findings);
    tallyStore(*s.ema, emaComponentOf, s.tally);
    setTensorCounts(s.report.files, *s.ema);
}

void checkAe(const fs::path& folder, InspectState& s) {
    auto& findings = s.report.findings;
    if (!exists(folder, kAeFile)) {
        findings.push_back({Severity::Error, FindingKind::MissingFile, std::string(kAeFile), "",
                            "ae.safetensors is missing; images cannot be encoded or decoded."});
        return;
    }
    s.ae = openStore(folder, kAeFile, findings);
    if (!s.ae) {
        return;
    }
    if (s.load.vaeUsable) {
        compareWithSchema(*s.ae, std::string(kAeFile), aeSchema(s.load.config.vae), findings);
    } else {
        findings.push_back({Severity::Warning, FindingKind::Note, std::string(kAeFile), "",
                            "The tensors of ae.safetensors were not checked against the configs, because " +
                                std::string(kAeConfigFile) + " could not be used."});
    }
    checkDtypes(*s.ae, std::string(kAeFile), findings);
    tallyStore(
        *s.ae, [](std::string_view) { return Component::Vae; }, s.tally);
    setTensorCounts(s.report.files, *s.ae);
}

void checkTokenizer(const fs::path& folder, std::vector<Finding>& findings) {
    if (exists(folder, "tokenizer.json")) {
        return; // the fast tokenizer file alone is enough for the engine (and for Hugging Face)
    }
    for (const std::string_view name : kTokenizerFiles) {
        if (!exists(folder, name)) {
            findings.push_back({Severity::Warning, FindingKind::MissingFile, std::string(name), "",
                                std::string(name) +
                                    " is missing; text prompts need tokenizer.json or the Qwen2 tokenizer "
                                    "files (vocab.json, merges.txt, tokenizer_config.json)."});
        }
    }
}

/// Weights as counted in the files where they could be read, else as the configs imply.
void planMemoryFor(InspectState& s) {
    const bool configs = schemaUsable(s.load);
    std::int64_t weights = 0;
    std::int64_t vae = 0;
    if (s.ema) {
        weights = s.tally.parameters() - s.tally.parameters(Component::Vae) -
                  s.tally.parameters(Component::Extension);
    } else if (configs) {
        weights = parameterCount(emaSchema(s.load.config));
    }
    if (s.ae) {
        vae = s.tally.parameters(Component::Vae);
    } else if (s.load.vaeUsable) {
        vae = parameterCount(aeSchema(s.load.config.vae));
    }
    if (configs && (weights > 0 || vae > 0)) {
        s.report.memory = planMemory(s.load.config, weights, vae);
    }
}

CheckpointReport inspectFolder(const fs::path& folder) {
    InspectState s;
    CheckpointReport& r = s.report;
    r.folder = folder.string();
    r.files = listFiles(folder);
    if (!looksLikeBagel(folder)) {
        r.kind = "unknown";
        r.findings.push_back(
            {Severity::Error, FindingKind::MissingFile, "", "",
             "This folder holds no BAGEL checkpoint files (llm_config.json, vit_config.json, "
             "ema.safetensors, ae.safetensors)."});
        return r;
    }
    r.kind = "bagel";
    s.load = loadBagelConfig(folder.string());
    r.findings = std::move(s.load.findings);
    s.load.findings.clear();
    openEma(folder, s);
    checkEma(s);
    checkAe(folder, s);
    checkTokenizer(folder, r.findings);
    inspectExtension(folder.string(), r.findings, r.files, s.tally);
    r.configs = configSections(s.load);
    r.components = s.tally.components();
    r.dtypes = s.tally.dtypes();
    r.tensorCount = s.tally.tensors();
    r.parameterCount = s.tally.parameters();
    r.tensorBytes = s.tally.bytes();
    planMemoryFor(s);
    return std::move(s.report);
}

} // namespace

Result<CheckpointReport> inspectCheckpoint(const std::string& folder) {
    std::error_code ec;
    if (folder.empty() || !fs::is_directory(folder, ec)) {
        return makeError(ErrorCode::FileNotFound, "\"" + folder + "\" is not an existing folder");
    }
    try {
        CheckpointReport report = inspectFolder(fs::path(folder));
        report.valid = report.count(Severity::Error) == 0;
        return report;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "out of memory while inspecting " + folder);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, "inspecting " + folder + " failed: " + e.what());
    }
}

} // namespace hb
