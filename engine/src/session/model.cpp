#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include <ATen/ATen.h>

#include "core/enum_names.h"
#include "models/device_name.h"
#include "session/error_mapping.h"
#include "session/model_impl.h"

namespace hb {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Precision::Count)> kPrecisionNames = {"fp32",
                                                                                                      "bf16"};

} // namespace

std::string_view toString(Precision precision) { return enumName(kPrecisionNames, precision); }

std::optional<Precision> precisionFromString(std::string_view name) {
    return enumFromName<Precision>(kPrecisionNames, name);
}

std::pair<int, int> fitImageSize(double width, double height, int maxSide, int grid) {
    const double fit = std::min(1.0, maxSide / std::max(width, height));
    const auto side = [&](double px) {
        const int cells = static_cast<int>(std::lround(px * fit / grid));
        return std::clamp(cells, 1, std::max(1, maxSide / grid)) * grid;
    };
    return {side(width), side(height)};
}

std::pair<int, int> ModelInfo::fitImageSize(double width, double height) const {
    return hb::fitImageSize(width, height, maxImageSide, imageGrid);
}

std::string ModelInfo::describe() const {
    std::ostringstream s;
    s << folder << ": " << parameters << " parameters, " << layers << " layers x " << hiddenSize << ", vocab "
      << vocabSize << ", " << device << " " << toString(precision) << ", tokenizer " << tokenizer
      << ", special tokens from " << specialTokens << ", tiers";
    for (const std::string& tier : tiers) {
        s << " " << tier;
    }
    s << ", draft " << draft;
    return s.str();
}

Model::Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Model::~Model() = default;

const ModelInfo& Model::info() const { return m_impl->info; }

Result<std::shared_ptr<Model>> Model::load(const ModelLoadOptions& options) {
    auto device = parseDevice(options.device);
    if (!device) {
        return device.error();
    }
    const WeightTarget target{options.precision == Precision::Bf16 ? at::kBFloat16 : at::kFloat, *device};
    auto impl = std::make_unique<Impl>();
    try {
        auto bagel = BagelModel::load(options.folder, target);
        if (!bagel) {
            return bagel.error();
        }
        impl->bagel = std::move(bagel.value());
    } catch (const std::exception& e) {
        return mapException(e, "loading " + options.folder, ErrorCode::BadCheckpoint);
    }
    auto codec = codecForFolder(options.folder);
    if (!codec) {
        return codec.error();
    }
    impl->codec = std::move(codec.value());
    ModelInfo& info = impl->info;
    const BagelConfig& config = impl->bagel->config();
    info.folder = options.folder;
    info.device = options.device;
    info.precision = options.precision;
    info.parameters = impl->bagel->parameterCount();
    info.layers = config.llm.numHiddenLayers;
    info.hiddenSize = config.llm.hiddenSize;
    info.vocabSize = config.llm.vocabSize;
    info.tokenizer = impl->codec ? impl->codec->name() : "none";
    info.specialTokens = impl->bagel->tokens().source;
    info.imageGrid = static_cast<int>(config.vae.downsample * config.latentPatchSize);
    info.maxImageSide = static_cast<int>(config.maxLatentSize) * info.imageGrid;
    for (const std::string& name : impl->bagel->tierNames()) {
        info.tiers.push_back(name);
    }
    if (const DraftModelImpl* draft = impl->bagel->draft()) {
        info.draft = draft->config().describe();
        const std::string deviceType =
            c10::DeviceTypeName(impl->bagel->llm().embedTokens->weight.device().type(), /*lower_case=*/true);
        info.draftByDefault = draft->config().usedByDefaultOn(deviceType);
        const auto note = draft->config().measured.find(deviceType);
        info.draftMeasured = note == draft->config().measured.end() ? std::string() : note->second;
    }
    return std::shared_ptr<Model>(new Model(std::move(impl)));
}

} // namespace hb
