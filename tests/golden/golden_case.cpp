#include "golden_case.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <ATen/ATen.h>

#include "hyperbagel/engine/safetensors.h"

#include "models/tensor_bridge.h"

namespace fs = std::filesystem;

namespace hbtest {

const at::Tensor& GoldenCase::at(const std::string& key) const {
    const auto it = tensors.find(key);
    if (it == tensors.end()) {
        throw std::out_of_range("golden case " + name + " has no tensor " + key);
    }
    return it->second;
}

std::vector<std::string> GoldenCase::keysWithPrefix(const std::string& prefix) const {
    std::vector<std::string> keys;
    for (const auto& [key, value] : tensors) {
        if (key.rfind(prefix, 0) == 0) {
            keys.push_back(key);
        }
    }
    return keys;
}

std::string goldenRoot() {
    const char* env = std::getenv("HB_GOLDEN_DIR");
    return env != nullptr && *env != '\0' ? std::string(env) : std::string(HB_GOLDEN_DIR);
}

std::string goldenModelDir() { return goldenRoot() + "/model"; }

std::vector<std::string> goldenCaseNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(goldenRoot()) / "cases", ec)) {
        if (entry.path().extension() == ".safetensors") {
            names.push_back(entry.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool haveGoldenCase(const std::string& name) {
    std::error_code ec;
    return fs::exists(fs::path(goldenRoot()) / "cases" / (name + ".safetensors"), ec);
}

GoldenCase loadGoldenCase(const std::string& name) {
    GoldenCase c;
    c.name = name;
    const fs::path base = fs::path(goldenRoot()) / "cases" / name;
    std::ifstream json(base.string() + ".json");
    if (!json) {
        throw std::runtime_error("cannot read " + base.string() + ".json");
    }
    c.sidecar = nlohmann::json::parse(json);
    auto file = hb::SafetensorsFile::open(base.string() + ".safetensors");
    if (!file) {
        throw std::runtime_error(file.error().message);
    }
    for (const hb::TensorInfo& info : (*file)->tensors()) {
        auto tensor = hb::tensorFromView((*file)->view(info));
        if (!tensor) {
            throw std::runtime_error(tensor.error().message);
        }
        c.tensors.emplace(info.name, tensor->clone()); // own the data; the mapping closes below
    }
    return c;
}

TestTarget testTarget() {
    const char* device = std::getenv("HB_TEST_DEVICE");
    const char* precision = std::getenv("HB_TEST_PRECISION");
    const bool bf16 = precision != nullptr && std::string(precision) == "bf16";
    // cuDNN convolutions default to TF32 (10 mantissa bits) on Ampere and newer; float32 parity needs
    // real float32 (the VAE and ViT patch convolutions otherwise drift to ~1e-3 relative).
    at::globalContext().setAllowTF32CuDNN(false);
    at::globalContext().setAllowTF32CuBLAS(false);
    // README: float32 reaches ~1e-5 relative; bf16 keeps 8 mantissa bits, so a few 1e-2 after
    // several layers of rounding.
    return TestTarget{bf16 ? at::kBFloat16 : at::kFloat,
                      at::Device(device != nullptr && *device ? device : "cpu"), bf16 ? 6e-2 : 2e-5};
}

std::string TestTarget::describe() const {
    return device.str() + (dtype == at::kBFloat16 ? " bf16" : " fp32");
}

double relativeError(const at::Tensor& actual, const at::Tensor& expected) {
    if (actual.sizes() != expected.sizes()) {
        throw std::runtime_error("shape mismatch in relativeError");
    }
    const at::Tensor a = actual.detach().to(at::kCPU, at::kDouble);
    const at::Tensor e = expected.detach().to(at::kCPU, at::kDouble);
    const double scale = e.abs().max().item<double>();
    const double diff = (a - e).abs().max().item<double>();
    return scale > 0 ? diff / scale : diff;
}

} // namespace hbtest
