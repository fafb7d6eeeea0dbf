// The cheap preview's affine fit to the golden VAE: it explains the block colours better than their
// mean does (an independent baseline; the golden VAE has random weights, so the margin is small),
// and a second fit agrees with the first.

#include <cstdio>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "generation/latent_preview.h"
#include "golden_case.h"
#include "models/bagel/bagel_model.h"

TEST(LatentPreview, FitBeatsTheMeanColourAndIsDeterministic) {
    if (hbtest::goldenCaseNames().empty()) {
        GTEST_SKIP() << "no golden model";
    }
    auto model = hb::BagelModel::load(hbtest::goldenModelDir(), hb::WeightTarget{});
    ASSERT_TRUE(model.ok()) << model.error().message;
    const at::InferenceMode inference;
    const hb::LatentPreviewFit fit = hb::fitLatentPreview((*model)->vae());
    // Uniform colours in 0..255 are on average 63.75 levels from their mean.
    EXPECT_LT(fit.meanAbsError, 63.75) << "fit error " << fit.meanAbsError;
    std::printf("latent preview fit: mean |error| %.2f levels\n", fit.meanAbsError);
    const hb::LatentPreviewFit again = hb::fitLatentPreview((*model)->vae());
    EXPECT_TRUE(
        at::allclose(again.weight, fit.weight, 1e-3, 1e-3)); // LAPACK threading may move the last bits
    const at::Tensor rgb = hb::previewLatent(fit, at::zeros({1, 16, 4, 6}));
    EXPECT_EQ(rgb.sizes(), (at::IntArrayRef{4, 6, 3}));
}
