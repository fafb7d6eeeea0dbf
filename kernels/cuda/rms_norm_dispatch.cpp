// Validates libtorch tensors and hands raw pointers to the CUDA launcher on the current stream.

#include <ATen/ATen.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "rms_norm_launch.h"

namespace hb::kernels {
namespace {

cuda::ElementType elementType(at::ScalarType t) {
    switch (t) {
    case at::kFloat:
        return cuda::ElementType::Float32;
    case at::kBFloat16:
        return cuda::ElementType::BFloat16;
    case at::kHalf:
        return cuda::ElementType::Float16;
    default:
        TORCH_CHECK(false, "rmsNorm (CUDA): unsupported dtype ", t, "; use float32, bfloat16 or float16");
    }
}

} // namespace

at::Tensor rmsNormCuda(const at::Tensor& x, const at::Tensor& weight, double eps) {
    TORCH_CHECK(weight.dim() == 1 && x.dim() >= 1 && weight.size(0) == x.size(-1),
                "rmsNorm: weight of shape ", weight.sizes(), " does not match the last dimension of x ",
                x.sizes());
    TORCH_CHECK(weight.device() == x.device(), "rmsNorm: x and weight are on different devices");
    const c10::cuda::CUDAGuard guard(x.device());
    const at::Tensor xc = x.contiguous();
    const at::Tensor wc = weight.contiguous();
    const at::ScalarType outType = at::promote_types(x.scalar_type(), weight.scalar_type());
    at::Tensor y = at::empty(x.sizes(), x.options().dtype(outType));
    const std::int64_t cols = x.size(-1);
    const std::int64_t rows = cols == 0 ? 0 : x.numel() / cols;
    cuda::launchRmsNorm(xc.data_ptr(), wc.data_ptr(), y.data_ptr(), rows, cols, static_cast<float>(eps),
                        elementType(x.scalar_type()), elementType(weight.scalar_type()), elementType(outType),
                        c10::cuda::getCurrentCUDAStream().stream());
    return y;
}

} // namespace hb::kernels
