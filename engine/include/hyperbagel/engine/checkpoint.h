#pragma once
// Inspecting and validating a BAGEL checkpoint folder without loading it.
//
// A BAGEL folder holds `llm_config.json`, `vit_config.json`, `ema.safetensors` (or a sharded
// `ema.safetensors.index.json`), `ae.safetensors`, optionally `ae_config.json` (a small VAE; the FLUX
// sizes apply without it), tokenizer files and `hyperbagel.json` (the Hyper-Bagel extension). The
// configs are read with the overrides the official loader applies; the tensors are checked by name,
// shape and dtype against what the configs imply.
// Thread safety: inspectCheckpoint() touches no shared state; call it from any thread (the GUI calls
// it on the engine thread).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

enum class Severity : std::uint8_t { Info, Warning, Error, Count };
/// "info", "warning", "error"
std::string_view toString(Severity severity);
std::optional<Severity> severityFromString(std::string_view name);

enum class FindingKind : std::uint8_t {
    MissingFile,      ///< a required file is absent
    BadFile,          ///< a file is unreadable, truncated or malformed
    BadConfig,        ///< a config is malformed or inconsistent
    ConfigOverride,   ///< a value the official loader overrides (informational)
    MissingTensor,    ///< the configs imply a tensor the files lack
    UnexpectedTensor, ///< the files hold a tensor the configs do not imply
    WrongShape,       ///< a tensor's shape differs from what the configs imply
    WrongDtype,       ///< a tensor's dtype is not the checkpoint's floating type, or unusable
    Note,             ///< anything else worth telling
    Count
};
/// Lower snake case: "missing_file", "wrong_shape", ...
std::string_view toString(FindingKind kind);
std::optional<FindingKind> findingKindFromString(std::string_view name);

/// One validation result. `file` is relative to the folder; `subject` is a tensor name or config key.
struct Finding {
    Severity severity = Severity::Info;
    FindingKind kind = FindingKind::Note;
    std::string file;
    std::string subject;
    std::string message; ///< complete English sentence naming the problem and, where known, the fix
};

/// Parts of the model, for per-component accounting.
enum class Component : std::uint8_t {
    LlmUnderstanding, ///< und expert of every decoder layer, plus the final `norm`
    LlmGeneration,    ///< `*_moe_gen` copies, plus `norm_moe_gen`
    EmbeddingsHead,   ///< `embed_tokens` and `lm_head`
    Vit,              ///< SigLIP NaViT
    Connector,        ///< `connector.*` and `vit_pos_embed`
    Vae,              ///< `ae.safetensors`
    Adapters,         ///< `time_embedder`, `vae2llm`, `llm2vae`, `latent_pos_embed`
    Extension,        ///< Hyper-Bagel tiers and draft head named by `hyperbagel.json`
    Other,            ///< tensors matching no component
    Count
};
/// Lower snake case: "llm_understanding", "vae", ...
std::string_view toString(Component component);
std::optional<Component> componentFromString(std::string_view name);

struct ComponentStats {
    Component component = Component::Other;
    std::int64_t tensors = 0;
    std::int64_t parameters = 0;
    std::uint64_t bytes = 0; ///< as stored
};

/// Memory needed to hold the weights and to run, for one device kind and precision.
struct MemoryEstimate {
    std::string device;             ///< "cpu" or "cuda"
    std::string precision;          ///< "bf16" or "fp32" (the VAE stays fp32 in both)
    std::uint64_t weightBytes = 0;  ///< LLM, ViT, connector and adapters at `precision`
    std::uint64_t vaeBytes = 0;     ///< VAE weights (fp32)
    std::uint64_t runtimeBytes = 0; ///< KV caches and activations of the reference workload
    std::uint64_t totalBytes = 0;
    std::string workload; ///< what runtimeBytes assumes, in words
};

/// A titled list of key/value lines, e.g. the effective LLM config.
struct ReportSection {
    std::string title;
    std::vector<std::pair<std::string, std::string>> entries;
};

struct FileEntry {
    std::string name; ///< relative to the folder
    std::uint64_t bytes = 0;
    std::int64_t tensors = -1; ///< -1 when not a tensor file
};

struct CheckpointReport {
    std::string folder;
    std::string kind;   ///< "bagel", or "unknown" when the folder is not recognised
    bool valid = false; ///< true when no finding has Severity::Error
    std::vector<ReportSection> configs;
    std::vector<FileEntry> files;
    std::vector<ComponentStats> components; ///< one row per component present, in enum order
    std::vector<std::pair<std::string, std::int64_t>> dtypes; ///< dtype name -> tensor count
    std::int64_t tensorCount = 0;
    std::int64_t parameterCount = 0;
    std::uint64_t tensorBytes = 0;
    std::vector<MemoryEstimate> memory; ///< cpu/cuda x bf16/fp32
    std::vector<Finding> findings;

    std::size_t count(Severity severity) const;
};

/// Inspects `folder`. Returns a report for any existing directory, valid or not (validation problems
/// are findings, never errors); fails with FileNotFound when `folder` does not exist or is not a
/// directory.
Result<CheckpointReport> inspectCheckpoint(const std::string& folder);

/// Human-readable multi-line report (what `hyperbagel-cli inspect` prints).
std::string formatReportText(const CheckpointReport& report);
/// The same as a JSON document (what `hyperbagel-cli inspect --json` prints).
std::string formatReportJson(const CheckpointReport& report);

/// "1.5 GiB", "512 B"
std::string formatBytes(std::uint64_t bytes);

} // namespace hb
