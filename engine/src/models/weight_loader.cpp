#include "models/weight_loader.h"

#include <algorithm>
#include <filesystem>

#include <ATen/ATen.h>
#include <torch/nn/module.h>

#include "models/tensor_bridge.h"

namespace hb {
namespace {

std::string shapeOf(at::IntArrayRef sizes) {
    std::string s = "[";
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        s += (i ? ", " : "") + std::to_string(sizes[i]);
    }
    return s + "]";
}

std::string fileLabel(const TensorStore& store, const std::string& name) {
    const SafetensorsFile* file = store.fileOf(name);
    return std::filesystem::path(file ? file->path() : store.path()).filename().string();
}

} // namespace

Result<at::Tensor> loadTensor(const TensorStore& store, const std::string& name, const WeightTarget& target) {
    if (store.find(name) == nullptr) {
        return makeError(ErrorCode::BadCheckpoint, std::filesystem::path(store.path()).filename().string() +
                                                       ": tensor " + name + " is missing");
    }
    auto source = tensorFromView(store.view(name));
    if (!source) {
        return source.error();
    }
    // to() from a zero-copy view always allocates when dtype or device change; clone() covers the rest.
    at::Tensor out = source->to(target.device, target.dtype);
    return out.data_ptr() == source->data_ptr() ? out.clone() : out;
}

Result<WeightLoadReport> loadWeights(torch::nn::Module& module, const TensorStore& store,
                                     const std::string& prefix, const WeightTarget& target,
                                     const std::vector<std::string>& optional) {
    WeightLoadReport report;
    const at::NoGradGuard noGrad;
    auto load = [&](const std::string& name, at::Tensor& slot) -> Result<void> {
        const std::string full = prefix + name;
        const TensorInfo* info = store.find(full);
        if (info == nullptr) {
            if (std::find(optional.begin(), optional.end(), name) != optional.end()) {
                return {};
            }
            return makeError(ErrorCode::BadCheckpoint,
                             std::filesystem::path(store.path()).filename().string() + ": tensor " + full +
                                 " " + shapeOf(slot.sizes()) + " is missing");
        }
        if (at::IntArrayRef(info->shape) != slot.sizes()) {
            return makeError(ErrorCode::BadCheckpoint, fileLabel(store, full) + ": " + full + " has shape " +
                                                           info->shapeString() + "; the model needs " +
                                                           shapeOf(slot.sizes()));
        }
        auto tensor = loadTensor(store, full, target);
        if (!tensor) {
            return tensor.error();
        }
        slot.set_data(*tensor);
        report.loaded.push_back(full);
        return {};
    };
    for (auto& item : module.named_parameters(/*recurse=*/true)) {
        if (auto ok = load(item.key(), item.value()); !ok) {
            return ok.error();
        }
    }
    for (auto& item : module.named_buffers(/*recurse=*/true)) {
        if (auto ok = load(item.key(), item.value()); !ok) {
            return ok.error();
        }
    }
    std::vector<std::string> loadedSorted = report.loaded;
    std::sort(loadedSorted.begin(), loadedSorted.end());
    for (const std::string& name : store.names()) {
        if (name.rfind(prefix, 0) == 0 &&
            !std::binary_search(loadedSorted.begin(), loadedSorted.end(), name)) {
            report.unexpected.push_back(name);
        }
    }
    return report;
}

} // namespace hb
