#include "hyperbagel/kernels/rms_norm.h"

#include <cmath>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <c10/util/BFloat16.h>

#include "hyperbagel/kernels/registry.h"

namespace hb::kernels {
namespace {

/// One row: the mean of squares accumulated in double, then y = x * inv rounded to T, times w in T
/// (float arithmetic rounded to T, as ATen multiplies two T tensors).
template <typename T>
void normaliseRow(const T* x, const T* w, T* y, std::int64_t cols, double eps) {
    double sum = 0.0;
    for (std::int64_t c = 0; c < cols; ++c) {
        const double v = static_cast<float>(x[c]);
        sum += v * v;
    }
    const float inv = static_cast<float>(1.0 / std::sqrt(static_cast<float>(sum / static_cast<double>(cols)) + eps));
    for (std::int64_t c = 0; c < cols; ++c) {
        const T scaled = static_cast<T>(static_cast<float>(x[c]) * inv);
        y[c] = static_cast<T>(static_cast<float>(scaled) * static_cast<float>(w[c]));
    }
}

template <typename T>
at::Tensor rmsNormLoop(const at::Tensor& x, const at::Tensor& weight, double eps) {
    const at::Tensor xc = x.contiguous();
    const at::Tensor wc = weight.contiguous();
    at::Tensor y = at::empty_like(xc);
    const std::int64_t cols = xc.size(-1);
    const std::int64_t rows = cols == 0 ? 0 : xc.numel() / cols;
    const T* xd = xc.data_ptr<T>();
    const T* wd = wc.data_ptr<T>();
    T* yd = y.data_ptr<T>();
    const std::int64_t grain = std::max<std::int64_t>(1, (1 << 15) / std::max<std::int64_t>(1, cols));
    at::parallel_for(0, rows, grain, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t r = begin; r < end; ++r) {
            normaliseRow(xd + r * cols, wd, yd + r * cols, cols, eps);
        }
    });
    return y;
}

void checkShapes(const at::Tensor& x, const at::Tensor& weight) {
    TORCH_CHECK(weight.dim() == 1 && x.dim() >= 1 && weight.size(0) == x.size(-1),
                "rmsNorm: weight of shape ", weight.sizes(), " does not match the last dimension of x ",
                x.sizes());
}

} // namespace

at::Tensor rmsNormReference(const at::Tensor& x, const at::Tensor& weight, double eps) {
    checkShapes(x, weight);
    const at::Tensor xf = x.to(at::kFloat);
    const at::Tensor inv = at::rsqrt(xf.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return (xf * inv).to(x.scalar_type()) * weight;
}

at::Tensor rmsNormCpu(const at::Tensor& x, const at::Tensor& weight, double eps) {
    checkShapes(x, weight);
    if (x.scalar_type() == weight.scalar_type() && weight.device().type() == at::kCPU) {
        if (x.scalar_type() == at::kFloat) {
            return rmsNormLoop<float>(x, weight, eps);
        }
        if (x.scalar_type() == at::kBFloat16) {
            return rmsNormLoop<c10::BFloat16>(x, weight, eps);
        }
    }
    return rmsNormReference(x, weight, eps);
}

bool rmsNormNeedsGradient(const at::Tensor& x, const at::Tensor& weight) {
    return at::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad());
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps) {
    // The loop and CUDA kernels have no backward pass: whatever needs a gradient (training) takes the
    // differentiable ATen composition, on every device.
    if (rmsNormNeedsGradient(x, weight)) {
        return rmsNormReference(x, weight, eps);
    }
    const KernelTable& table = kernelTable();
    if (x.is_cuda()) {
        TORCH_CHECK(table.rmsNormCuda != nullptr,
                    "rmsNorm: this build has no CUDA kernels (HB_WITH_CUDA=OFF)");
        return table.rmsNormCuda(x, weight, eps);
    }
    return table.rmsNormCpu(x, weight, eps);
}

} // namespace hb::kernels
