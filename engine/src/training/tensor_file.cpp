#include "training/tensor_file.h"

#include <set>

#include <ATen/ATen.h>
#include <torch/nn/module.h>

#include "models/tensor_bridge.h"

namespace hb {
namespace {

std::optional<DType> dtypeOf(at::ScalarType type) {
    for (int i = 0; i < static_cast<int>(DType::Count); ++i) {
        const auto d = static_cast<DType>(i);
        if (scalarTypeOf(d) == type) {
            return d;
        }
    }
    return std::nullopt;
}

} // namespace

Result<void> saveTensorFile(const std::string& path, const NamedTensors& tensors, at::ScalarType storeType,
                            const std::map<std::string, std::string>& metadata) {
    std::vector<at::Tensor> prepared;
    std::vector<TensorSpec> specs;
    std::set<std::string> seen;
    for (const auto& [name, tensor] : tensors) {
        if (!seen.insert(name).second) {
            return makeError(ErrorCode::InvalidRequest, path + ": tensor \"" + name + "\" given twice");
        }
        at::Tensor t = tensor.detach().to(at::kCPU);
        if (at::isFloatingType(t.scalar_type())) {
            t = t.to(storeType);
        }
        t = t.contiguous();
        const auto dtype = dtypeOf(t.scalar_type());
        if (!dtype) {
            return makeError(ErrorCode::InvalidRequest,
                             path + ": tensor \"" + name + "\" has a type safetensors cannot store");
        }
        specs.push_back({name, *dtype, t.sizes().vec()});
        prepared.push_back(std::move(t));
    }
    auto writer = SafetensorsWriter::create(path, std::move(specs), metadata);
    if (!writer) {
        return writer.error();
    }
    for (std::size_t i = 0; i < prepared.size(); ++i) {
        const at::Tensor& t = prepared[i];
        if (auto ok = (*writer)->writeTensor(tensors[i].first, t.data_ptr(), t.numel() * t.element_size());
            !ok) {
            return ok.error();
        }
    }
    return (*writer)->finish();
}

Result<std::map<std::string, at::Tensor>> loadTensorFile(const std::string& path) {
    auto store = TensorStore::open(path);
    if (!store) {
        return store.error();
    }
    std::map<std::string, at::Tensor> out;
    for (const std::string& name : (*store)->names()) {
        auto t = tensorFromView((*store)->view(name));
        if (!t) {
            return t.error();
        }
        out.emplace(name, t->clone());
    }
    return out;
}

NamedTensors moduleTensors(const torch::nn::Module& module, const std::string& prefix) {
    NamedTensors out;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) {
        out.emplace_back(prefix + item.key(), item.value());
    }
    for (const auto& item : module.named_buffers(/*recurse=*/true)) {
        out.emplace_back(prefix + item.key(), item.value());
    }
    return out;
}

} // namespace hb
