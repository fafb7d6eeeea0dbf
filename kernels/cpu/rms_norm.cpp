#include "hyperbagel/kernels/rms_norm.h"

#include <ATen/ATen.h>

#include "hyperbagel/kernels/registry.h"

namespace hb::kernels {

at::Tensor rmsNormReference(const at::Tensor& x, const at::Tensor& weight, double eps) {
    TORCH_CHECK(weight.dim() == 1 && x.dim() >= 1 && weight.size(0) == x.size(-1),
                "rmsNorm: weight of shape ", weight.sizes(), " does not match the last dimension of x ",
                x.sizes());
    const at::Tensor xf = x.to(at::kFloat);
    const at::Tensor inv = at::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return (xf * inv).to(x.scalar_type()) * weight;
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
    const KernelTable& table = kernelTable();
    if (x.is_cuda()) {
        TORCH_CHECK(table.rmsNormCuda != nullptr,
                    "rmsNorm: this build has no CUDA kernels (HB_WITH_CUDA=OFF)");
        return table.rmsNormCuda(x, weight, eps);
    }
    return table.rmsNormCpu(x, weight, eps);
}

} // namespace hb::kernels
