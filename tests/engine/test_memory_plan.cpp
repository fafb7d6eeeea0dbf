// Memory plan invariants and the released model's weight size.

#include <gtest/gtest.h>

#include "checkpoint/memory_plan.h"
#include "models/bagel/bagel_schema.h"
#include "models/bagel/presets.h"

namespace {

struct Sized {
    hb::BagelConfig config;
    std::int64_t weights = 0;
    std::int64_t vae = 0;
};

Sized sized(const std::string& preset) {
    Sized s;
    s.config = hb::findBagelPreset(preset).value().config;
    s.weights = hb::parameterCount(hb::emaSchema(s.config));
    s.vae = hb::parameterCount(hb::aeSchema(s.config.vae));
    return s;
}

TEST(MemoryPlan, FourEstimatesWithConsistentTotals) {
    const Sized s = sized("7b-mot");
    const auto plan = hb::planMemory(s.config, s.weights, s.vae);
    ASSERT_EQ(plan.size(), 4u);
    EXPECT_EQ(plan[0].device, "cpu");
    EXPECT_EQ(plan[0].precision, "bf16");
    EXPECT_EQ(plan[1].precision, "fp32");
    EXPECT_EQ(plan[2].device, "cuda");
    for (const hb::MemoryEstimate& e : plan) {
        SCOPED_TRACE(e.device + "/" + e.precision);
        EXPECT_EQ(e.totalBytes, e.weightBytes + e.vaeBytes + e.runtimeBytes);
        EXPECT_EQ(e.vaeBytes, static_cast<std::uint64_t>(s.vae) * 4); // the VAE stays fp32
        EXPECT_FALSE(e.workload.empty());
    }
    EXPECT_EQ(plan[1].weightBytes, 2 * plan[0].weightBytes);
    EXPECT_EQ(plan[3].weightBytes, 2 * plan[2].weightBytes);
    EXPECT_EQ(plan[2].runtimeBytes, plan[0].runtimeBytes + hb::kCudaContextBytes);
    EXPECT_EQ(plan[3].runtimeBytes, plan[1].runtimeBytes + hb::kCudaContextBytes);
    EXPECT_GT(plan[1].runtimeBytes, plan[0].runtimeBytes);
}

TEST(MemoryPlan, ReleasedWeightsAreAbout29GB) {
    const Sized s = sized("7b-mot");
    const hb::MemoryEstimate e = hb::estimateMemory(s.config, s.weights, s.vae, "cuda", "bf16");
    const double expected = 14.6e9 * 2;
    EXPECT_NEAR(static_cast<double>(e.weightBytes), expected, 0.02 * expected);
    // ~335 MB of fp32 VAE.
    EXPECT_NEAR(static_cast<double>(e.vaeBytes), 335e6, 5e6);
    // Reference edit: a few GB of caches and activations, far less than the weights.
    EXPECT_GT(e.runtimeBytes, std::uint64_t{1} << 30);
    EXPECT_LT(e.runtimeBytes, std::uint64_t{16} << 30);
}

TEST(MemoryPlan, ReferenceWorkloadTokens) {
    const Sized s = sized("7b-mot");
    const hb::ReferenceWorkload w = hb::referenceWorkload(s.config);
    EXPECT_EQ(w.latentTokens, 64 * 64 + 2);
    EXPECT_EQ(w.vitTokens, 70 * 70 + 2);
    EXPECT_EQ(w.imageSide, 1024);
    EXPECT_EQ(w.contextTokens, w.latentTokens + w.vitTokens + 2 * w.promptTokens);
}

TEST(MemoryPlan, RuntimeScalesWithTheConfig) {
    const Sized s = sized("7b-mot");
    hb::BagelConfig deeper = s.config;
    deeper.llm.numHiddenLayers *= 2;
    EXPECT_GT(hb::runtimeBytes(deeper, 2), hb::runtimeBytes(s.config, 2));
    hb::BagelConfig smallerGrid = s.config;
    smallerGrid.maxLatentSize = 32;
    EXPECT_LT(hb::runtimeBytes(smallerGrid, 2), hb::runtimeBytes(s.config, 2));
    const Sized tiny = sized("tiny");
    EXPECT_LT(hb::runtimeBytes(tiny.config, 4), hb::runtimeBytes(s.config, 4));
}

} // namespace
