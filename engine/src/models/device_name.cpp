#include "models/device_name.h"

#include <exception>

#include <torch/cuda.h>

namespace hb {

Result<c10::Device> parseDevice(const std::string& name) {
    if (name == "cpu") {
        return c10::Device(c10::kCPU);
    }
    if (name.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available()) {
            return makeError(ErrorCode::Unsupported,
                             "device \"" + name + "\" requested, but this libtorch has no CUDA or no GPU is visible");
        }
        try {
            return c10::Device(name);
        } catch (const std::exception&) {
            return makeError(ErrorCode::InvalidRequest, "device \"" + name + "\" is not of the form cuda or cuda:N");
        }
    }
    return makeError(ErrorCode::InvalidRequest, "unknown device \"" + name + "\" (use cpu, cuda or cuda:N)");
}

} // namespace hb
