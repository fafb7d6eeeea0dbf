// RMSNorm: the CPU reference against a plain double-precision loop, and the CUDA kernel (when a GPU
// is present) against the CPU reference.

#include <cmath>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/kernels/registry.h"
#include "hyperbagel/kernels/rms_norm.h"

namespace {

// Independent expectation: the formula written out element by element in double.
at::Tensor naiveRmsNorm(const at::Tensor& x, const at::Tensor& w, double eps) {
    const at::Tensor xd = x.to(at::kDouble).contiguous().view({-1, x.size(-1)});
    const at::Tensor wd = w.to(at::kDouble).contiguous();
    at::Tensor y = at::empty_like(xd);
    const auto xa = xd.accessor<double, 2>();
    const auto wa = wd.accessor<double, 1>();
    auto ya = y.accessor<double, 2>();
    for (std::int64_t r = 0; r < xd.size(0); ++r) {
        double sum = 0;
        for (std::int64_t c = 0; c < xd.size(1); ++c) {
            sum += xa[r][c] * xa[r][c];
        }
        const double inv = 1.0 / std::sqrt(sum / static_cast<double>(xd.size(1)) + eps);
        for (std::int64_t c = 0; c < xd.size(1); ++c) {
            ya[r][c] = xa[r][c] * inv * wa[c];
        }
    }
    return y.view(x.sizes());
}

TEST(RmsNorm, CpuReferenceMatchesFormulaInFloat32) {
    at::manual_seed(1);
    for (const auto& shape : std::vector<std::vector<std::int64_t>>{{1, 16}, {7, 64}, {2, 3, 128}, {5, 1}}) {
        const at::Tensor x = at::randn(shape) * 3.0;
        const at::Tensor w = 1.0 + 0.1 * at::randn({shape.back()});
        const at::Tensor y = hb::kernels::rmsNorm(x, w, 1e-6);
        EXPECT_EQ(y.scalar_type(), at::kFloat);
        EXPECT_LT((y.to(at::kDouble) - naiveRmsNorm(x, w, 1e-6)).abs().max().item<double>(), 1e-5);
    }
}

TEST(RmsNorm, Bf16InputRoundsOnceBeforeTheWeight) {
    at::manual_seed(2);
    const at::Tensor x = at::randn({4, 32}).to(at::kBFloat16);
    const at::Tensor w = (1.0 + 0.1 * at::randn({32})).to(at::kBFloat16);
    const at::Tensor y = hb::kernels::rmsNorm(x, w, 1e-6);
    EXPECT_EQ(y.scalar_type(), at::kBFloat16);
    // bf16 keeps 8 bits of mantissa: two roundings bound the error by ~2^-7 relative.
    const at::Tensor ref = naiveRmsNorm(x, w, 1e-6);
    EXPECT_LT(((y.to(at::kDouble) - ref).abs() / (ref.abs() + 1e-3)).max().item<double>(), 1.6e-2);
}

TEST(RmsNorm, CpuKernelMatchesTheReference) {
    const at::NoGradGuard noGrad;
    at::manual_seed(4);
    for (const std::int64_t cols : {1, 16, 64, 192, 3584}) {
        const at::Tensor x = at::randn({7, cols}) * 2.0;
        const at::Tensor w = 1.0 + 0.1 * at::randn({cols});
        const at::Tensor fast = hb::kernels::rmsNormCpu(x, w, 1e-6);
        const at::Tensor reference = hb::kernels::rmsNormReference(x, w, 1e-6);
        EXPECT_TRUE(at::allclose(fast, reference, 1e-6, 1e-6)) << cols;
        EXPECT_LT((fast.to(at::kDouble) - naiveRmsNorm(x, w, 1e-6)).abs().max().item<double>(), 1e-5) << cols;
        // bf16 takes the same two roundings as the reference: at most one bf16 step apart.
        const at::Tensor xb = x.to(at::kBFloat16);
        const at::Tensor wb = w.to(at::kBFloat16);
        const at::Tensor fastB = hb::kernels::rmsNormCpu(xb, wb, 1e-6).to(at::kFloat);
        const at::Tensor refB = hb::kernels::rmsNormReference(xb, wb, 1e-6).to(at::kFloat);
        EXPECT_LE(((fastB - refB).abs() / (refB.abs() + 1e-6)).max().item<float>(), 1.0f / 128) << cols;
    }
    // 3-D input (per-head QK-norm) and a strided view are normalised over the last dimension.
    const at::Tensor heads = at::randn({5, 6, 32});
    const at::Tensor w = at::rand({32});
    EXPECT_TRUE(at::allclose(hb::kernels::rmsNormCpu(heads.transpose(0, 1), w, 1e-6),
                             hb::kernels::rmsNormReference(heads.transpose(0, 1), w, 1e-6), 1e-6, 1e-6));
    // Mixed dtypes go to the reference.
    EXPECT_EQ(hb::kernels::rmsNormCpu(heads.to(at::kBFloat16), w, 1e-6).scalar_type(), at::kFloat);
}

TEST(RmsNorm, TrainingKeepsTheGradient) {
    // Whatever needs a gradient takes the differentiable reference on every device.
    at::manual_seed(5);
    const at::Tensor x = at::randn({3, 24}).requires_grad_(true);
    const at::Tensor w = (1.0 + 0.1 * at::randn({24})).requires_grad_(true);
    EXPECT_TRUE(hb::kernels::rmsNormNeedsGradient(x, w));
    const at::Tensor y = hb::kernels::rmsNorm(x, w, 1e-6);
    ASSERT_TRUE(y.requires_grad());
    (y * at::arange(24, at::kFloat)).sum().backward();
    const at::Tensor x2 = x.detach().clone().requires_grad_(true);
    const at::Tensor w2 = w.detach().clone().requires_grad_(true);
    (hb::kernels::rmsNormReference(x2, w2, 1e-6) * at::arange(24, at::kFloat)).sum().backward();
    EXPECT_TRUE(at::allclose(x.grad(), x2.grad()));
    EXPECT_TRUE(at::allclose(w.grad(), w2.grad()));
    const at::NoGradGuard noGrad;
    EXPECT_FALSE(hb::kernels::rmsNormNeedsGradient(x, w));
}

TEST(RmsNorm, CudaTrainingKeepsTheGradient) {
    if (!hb::kernels::builtWithCuda() || !at::hasCUDA()) {
        GTEST_SKIP() << "no CUDA kernels in this build or no GPU";
    }
    at::manual_seed(6);
    const at::Tensor x = at::randn({9, 128}, at::kCUDA).requires_grad_(true);
    const at::Tensor w = (1.0 + 0.1 * at::randn({128}, at::kCUDA)).requires_grad_(true);
    const at::Tensor y = hb::kernels::rmsNorm(x, w, 1e-6);
    ASSERT_TRUE(y.requires_grad()) << "the CUDA kernel has no backward: training must not reach it";
    y.pow(2).sum().backward();
    ASSERT_TRUE(x.grad().defined() && w.grad().defined());
    EXPECT_GT(x.grad().abs().sum().item<float>(), 0.0f);
}

TEST(RmsNorm, RejectsMismatchedWeight) {
    EXPECT_THROW(hb::kernels::rmsNorm(at::randn({2, 8}), at::randn({7}), 1e-6), c10::Error);
}

TEST(RmsNorm, CudaMatchesCpuReference) {
    if (!hb::kernels::builtWithCuda() || !at::hasCUDA()) {
        GTEST_SKIP() << "no CUDA kernels in this build or no GPU";
    }
    at::manual_seed(3);
    for (const auto dtype : {at::kFloat, at::kBFloat16, at::kHalf}) {
        for (const std::int64_t cols : {16, 128, 3584, 5000}) {
            const at::Tensor x = at::randn({33, cols}).to(dtype);
            const at::Tensor w = (1.0 + 0.1 * at::randn({cols})).to(dtype);
            const at::Tensor cpu = hb::kernels::rmsNormReference(x, w, 1e-6).to(at::kFloat);
            const at::Tensor gpu = hb::kernels::rmsNorm(x.cuda(), w.cuda(), 1e-6).cpu().to(at::kFloat);
            // Normalised MSE, as ggml's test-backend-ops compares backends.
            const double nmse = ((gpu - cpu).pow(2).sum() / cpu.pow(2).sum()).item<double>();
            EXPECT_LT(nmse, dtype == at::kFloat ? 1e-10 : 1e-4) << "dtype " << dtype << " cols " << cols;
        }
    }
}

} // namespace
