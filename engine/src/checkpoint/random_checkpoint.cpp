// makeRandomCheckpoint: plans the files of a preset (configs, ema single file or shards + index,
// ae) and streams every tensor through SafetensorsWriter in bounded chunks.

#include "hyperbagel/engine/random_checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <new>
#include <optional>
#include <system_error>
#include <thread>

#include "hyperbagel/engine/safetensors.h"

#include "checkpoint/random_values.h"
#include "core/file_util.h"
#include "models/bagel/bagel_schema.h"
#include "models/bagel/presets.h"

namespace hb {

namespace {

namespace fs = std::filesystem;

/// Elements generated per chunk: 1 M elements is 4 MB of floats plus at most 4 MB encoded, so
/// even the 29 GB preset needs ~8 MB of buffers.
constexpr std::size_t kChunkElements = std::size_t{1} << 20;
/// Below this many elements a chunk is generated on the calling thread only.
constexpr std::size_t kParallelThreshold = std::size_t{1} << 16;
constexpr unsigned kMaxThreads = 8;

struct PlannedTensor {
    TensorSpec spec;
    TensorInit init;
    std::uint64_t key = 0;
    std::int64_t numel = 0;
};

struct PlannedFile {
    std::string name;
    std::vector<PlannedTensor> tensors;
    std::uint64_t tensorBytes = 0;
};

struct WriteState {
    std::vector<float> values = std::vector<float>(kChunkElements);
    std::vector<std::byte> encoded = std::vector<std::byte>(kChunkElements * 4);
    std::uint64_t written = 0;
    std::uint64_t total = 0;
    const RandomCheckpointOptions* options = nullptr;
};

std::optional<DType> resolveDtype(const std::string& name, const BagelPreset& preset) {
    if (name == "auto") {
        return preset.defaultDtype;
    }
    if (name == "bf16") {
        return DType::BF16;
    }
    if (name == "f16") {
        return DType::F16;
    }
    if (name == "f32") {
        return DType::F32;
    }
    return std::nullopt;
}

std::string torchDtypeName(DType dtype) {
    return dtype == DType::BF16 ? "bfloat16" : dtype == DType::F16 ? "float16" : "float32";
}

PlannedTensor planTensor(const TensorExpectation& t, DType dtype, std::uint64_t seed) {
    PlannedTensor p;
    p.spec = {t.name, dtype, t.shape};
    p.init = initFor(t.name, t.shape);
    p.key = tensorStreamKey(seed, t.name);
    p.numel = t.numel();
    return p;
}

/// Greedy sharding in name order: a new shard starts when the next tensor would overflow the
/// current one (a tensor larger than the limit gets a shard of its own).
std::vector<PlannedFile> planEma(const BagelPreset& preset, DType dtype,
                                 const RandomCheckpointOptions& options) {
    std::vector<PlannedFile> shards(1);
    for (const TensorExpectation& t : emaSchema(preset.config)) {
        PlannedTensor tensor = planTensor(t, dtype, options.seed);
        const std::uint64_t bytes = static_cast<std::uint64_t>(tensor.numel) * dtypeSize(dtype);
        if (options.maxShardBytes > 0 && !shards.back().tensors.empty() &&
            shards.back().tensorBytes + bytes > options.maxShardBytes) {
            shards.emplace_back();
        }
        shards.back().tensors.push_back(std::move(tensor));
        shards.back().tensorBytes += bytes;
    }
    if (options.maxShardBytes == 0) {
        shards.front().name = "ema.safetensors";
        return shards;
    }
    for (std::size_t i = 0; i < shards.size(); ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "ema-%05zu-of-%05zu.safetensors", i + 1, shards.size());
        shards[i].name = name;
    }
    return shards;
}

PlannedFile planAe(const BagelPreset& preset, std::uint64_t seed) {
    // The VAE stays f32 whatever the ema dtype, as in the release (bagel-spec §1.2).
    PlannedFile file{"ae.safetensors", {}, 0};
    for (const TensorExpectation& t : aeSchema(preset.config.vae)) {
        file.tensors.push_back(planTensor(t, DType::F32, seed ^ 0xAEull));
        file.tensorBytes += static_cast<std::uint64_t>(file.tensors.back().numel) * 4;
    }
    return file;
}

/// Fills state.values[0..count) for elements [begin, begin+count), split over a few threads on
/// even element boundaries (Box-Muller produces pairs).
void generateChunk(const PlannedTensor& tensor, std::int64_t begin, std::size_t count, WriteState& state) {
    const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = count < kParallelThreshold ? 1u : std::min(hardware, kMaxThreads);
    std::size_t part = (count + threads - 1) / threads;
    part += part % 2;
    const auto generatePart = [&tensor, &state, begin](std::size_t first, std::size_t n) {
        generateValues(tensor.init, tensor.key, begin + static_cast<std::int64_t>(first), n,
                       state.values.data() + first);
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t) {
        const std::size_t first = std::min(count, part * t);
        const std::size_t n = std::min(count - first, part);
        if (n == 0) {
            continue;
        }
        try {
            workers.emplace_back(generatePart, first, n);
        } catch (const std::system_error&) {
            generatePart(first, n); // no thread available: same values, just slower
        }
    }
    generatePart(0, std::min(count, part));
    for (std::thread& worker : workers) {
        worker.join();
    }
}

bool cancelled(const WriteState& state) {
    return state.options->cancel != nullptr && state.options->cancel->load(std::memory_order_relaxed);
}

Result<void> writeTensorData(SafetensorsWriter& writer, const PlannedTensor& tensor, WriteState& state) {
    const std::size_t width = dtypeSize(tensor.spec.dtype);
    for (std::int64_t begin = 0; begin < tensor.numel; begin += static_cast<std::int64_t>(kChunkElements)) {
        if (cancelled(state)) {
            return makeError(ErrorCode::Cancelled, "random checkpoint cancelled");
        }
        const auto count =
            static_cast<std::size_t>(std::min<std::int64_t>(tensor.numel - begin, kChunkElements));
        generateChunk(tensor, begin, count, state);
        encodeValues(state.values.data(), count, tensor.spec.dtype, state.encoded.data());
        if (Result<void> ok = writer.append(state.encoded.data(), count * width); !ok) {
            return ok;
        }
        state.written += count * width;
        if (state.options->progress) {
            state.options->progress(state.written, state.total);
        }
    }
    return {};
}

Result<void> writePlannedFile(const std::string& dir, const PlannedFile& file,
                              const std::map<std::string, std::string>& metadata, WriteState& state) {
    std::vector<TensorSpec> specs;
    for (const PlannedTensor& tensor : file.tensors) {
        specs.push_back(tensor.spec);
    }
    auto writer = SafetensorsWriter::create((fs::path(dir) / file.name).string(), std::move(specs), metadata);
    if (!writer) {
        return writer.error();
    }
    for (const PlannedTensor& tensor : file.tensors) {
        if (Result<void> ok = writeTensorData(**writer, tensor, state); !ok) {
            return ok; // the writer's destructor removes the .partial file
        }
    }
    return (*writer)->finish();
}

/// Removes the checkpoint files a previous run may have left, so that the folder describes exactly
/// one checkpoint (e.g. a stale ae_config.json would change the VAE the inspector expects).
void removeStaleFiles(const std::string& dir) {
    std::error_code ec;
    for (const char* name : {"ema.safetensors", "ema.safetensors.index.json", "ae.safetensors",
                             "llm_config.json", "vit_config.json", "ae_config.json", "bagel_config.json"}) {
        fs::remove(fs::path(dir) / name, ec);
    }
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("ema-", 0) == 0 && name.find("-of-") != std::string::npos) {
            fs::remove(entry.path(), ec);
        }
    }
}

void removeFiles(const std::string& dir, const std::vector<std::string>& names) {
    std::error_code ec;
    for (const std::string& name : names) {
        fs::remove(fs::path(dir) / name, ec);
    }
}

Result<void> writeAllFiles(const RandomCheckpointOptions& options, const BagelPreset& preset, DType dtype,
                           RandomCheckpointSummary& summary) {
    auto configs = writePresetConfigs(preset, options.outDir, torchDtypeName(dtype));
    if (!configs) {
        return configs.error();
    }
    summary.files = *configs;
    std::vector<PlannedFile> files = planEma(preset, dtype, options);
    const bool sharded = options.maxShardBytes > 0;
    files.push_back(planAe(preset, options.seed));
    WriteState state;
    state.options = &options;
    for (const PlannedFile& file : files) {
        state.total += file.tensorBytes;
    }
    const std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                         {"generator", "hyperbagel random checkpoint"},
                                                         {"preset", preset.name},
                                                         {"seed", std::to_string(options.seed)}};
    std::map<std::string, std::string> weightMap;
    std::uint64_t emaBytes = 0;
    for (const PlannedFile& file : files) {
        if (Result<void> ok = writePlannedFile(options.outDir, file, metadata, state); !ok) {
            return ok;
        }
        summary.files.push_back(file.name);
        for (const PlannedTensor& tensor : file.tensors) {
            summary.tensors += 1;
            summary.parameters += tensor.numel;
            if (file.name != "ae.safetensors") {
                weightMap[tensor.spec.name] = file.name;
            }
        }
        emaBytes += file.name != "ae.safetensors" ? file.tensorBytes : 0;
    }
    if (sharded) {
        const std::string index = "ema.safetensors.index.json";
        if (Result<void> ok =
                writeSafetensorsIndex((fs::path(options.outDir) / index).string(), weightMap, emaBytes);
            !ok) {
            return ok;
        }
        summary.files.push_back(index);
    }
    return {};
}

} // namespace

std::vector<RandomCheckpointPreset> randomCheckpointPresets() {
    std::vector<RandomCheckpointPreset> presets;
    for (const BagelPreset& preset : bagelPresets()) {
        presets.push_back({preset.name, preset.description});
    }
    return presets;
}

Result<RandomCheckpointSummary> makeRandomCheckpoint(const RandomCheckpointOptions& options) {
    const std::optional<BagelPreset> preset = findBagelPreset(options.preset);
    if (!preset) {
        return makeError(ErrorCode::InvalidRequest,
                         "unknown random checkpoint preset \"" + options.preset + "\"");
    }
    const std::optional<DType> dtype = resolveDtype(options.dtype, *preset);
    if (!dtype) {
        return makeError(ErrorCode::InvalidRequest,
                         "unknown dtype \"" + options.dtype + "\" (use auto, bf16, f16 or f32)");
    }
    if (options.outDir.empty()) {
        return makeError(ErrorCode::InvalidRequest, "no output folder given");
    }
    if (Result<void> made = ensureDirectory(options.outDir); !made) {
        return made.error();
    }
    removeStaleFiles(options.outDir);
    RandomCheckpointSummary summary;
    summary.outDir = options.outDir;
    try {
        if (Result<void> ok = writeAllFiles(options, *preset, *dtype, summary); !ok) {
            removeFiles(options.outDir, summary.files);
            return ok.error();
        }
    } catch (const std::bad_alloc&) {
        removeFiles(options.outDir, summary.files);
        return makeError(ErrorCode::OutOfMemory, "out of memory while writing the random checkpoint");
    }
    std::error_code ec;
    for (const std::string& name : summary.files) {
        summary.bytes += fs::file_size(fs::path(options.outDir) / name, ec);
    }
    return summary;
}

} // namespace hb
