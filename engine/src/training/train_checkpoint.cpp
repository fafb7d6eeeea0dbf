#include "training/train_checkpoint.h"

#include <filesystem>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "hyperbagel/engine/safetensors.h"

namespace hb {

Result<void> saveTrainCheckpoint(const std::string& path, const AdamW& optimizer, const Ema& ema,
                                 const TrainProgressMark& mark) {
    NamedTensors all;
    for (const auto& [name, t] : optimizer.parameters()) {
        all.emplace_back("param/" + name, t);
    }
    for (const auto& [name, t] : optimizer.state()) {
        all.emplace_back("adam/" + name, t);
    }
    for (const auto& [name, t] : ema.shadow()) {
        all.emplace_back("ema/" + name, t);
    }
    std::map<std::string, std::string> metadata = mark.extra;
    metadata["step"] = std::to_string(mark.step);
    metadata["trained_seconds"] = std::to_string(mark.trainedSeconds);
    metadata["ema_updates"] = std::to_string(ema.updates());
    return saveTensorFile(path, all, at::kFloat, metadata);
}

Result<TrainProgressMark> loadTrainCheckpoint(const std::string& path, AdamW& optimizer, Ema& ema) {
    auto store = TensorStore::open(path);
    if (!store) {
        return store.error();
    }
    auto tensors = loadTensorFile(path);
    if (!tensors) {
        return tensors.error();
    }
    std::map<std::string, at::Tensor> params, adam, shadow;
    for (auto& [name, t] : *tensors) {
        const auto slash = name.find('/');
        const std::string group = name.substr(0, slash);
        const std::string rest = slash == std::string::npos ? name : name.substr(slash + 1);
        (group == "param" ? params : group == "adam" ? adam : shadow).emplace(rest, t);
    }
    {
        const c10::NoGradGuard noGrad;
        for (const auto& [name, p] : optimizer.parameters()) {
            const auto it = params.find(name);
            if (it == params.end() || !it->second.sizes().equals(p.sizes())) {
                return makeError(ErrorCode::BadCheckpoint,
                                 path + ": parameter " + name +
                                     (it == params.end() ? " is missing" : " has another shape") +
                                     " (was the run started with other sizes?)");
            }
            const_cast<at::Tensor&>(p).copy_(it->second);
        }
    }
    std::string problem;
    if (!optimizer.restore(adam, problem) || !ema.restore(shadow, problem)) {
        return makeError(ErrorCode::BadCheckpoint, path + ": " + problem);
    }
    TrainProgressMark mark;
    const auto& meta = (*store)->files().front()->header().metadata;
    for (const auto& [k, v] : meta) {
        mark.extra[k] = v;
    }
    try {
        mark.step = std::stoll(mark.extra.at("step"));
        mark.trainedSeconds = std::stod(mark.extra.at("trained_seconds"));
        ema.setUpdates(std::stoll(mark.extra.at("ema_updates")));
    } catch (const std::exception&) {
        return makeError(ErrorCode::BadFormat, path + ": the metadata lacks step, trained_seconds or ema_updates");
    }
    return mark;
}

Result<std::optional<TrainProgressMark>> resumeTrainCheckpoint(const std::string& path, AdamW& optimizer,
                                                               Ema& ema) {
    if (!std::filesystem::exists(path)) {
        return std::optional<TrainProgressMark>();
    }
    auto loaded = loadTrainCheckpoint(path, optimizer, ema);
    if (!loaded) {
        return loaded.error();
    }
    return std::optional<TrainProgressMark>(std::move(*loaded));
}

} // namespace hb
