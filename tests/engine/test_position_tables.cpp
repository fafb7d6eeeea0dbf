// The fixed sin-cos position tables and timestep frequencies, against the tables stored in the
// golden checkpoint (written by the official code).

#include <cmath>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/position_tables.h"
#include "test_support.h"

namespace {

double maxAbsDiffToStored(const std::string& tensor, std::int64_t gridSide) {
    auto store = hb::TensorStore::open(hbtest::goldenDir() + "/model/ema.safetensors");
    EXPECT_TRUE(store.ok());
    if (!store.ok()) {
        return 1e9;
    }
    const hb::TensorInfo* info = (*store)->find(tensor);
    EXPECT_NE(info, nullptr);
    if (info == nullptr) {
        return 1e9;
    }
    EXPECT_EQ(info->shape[0], gridSide * gridSide);
    const std::int64_t dim = info->shape[1];
    const std::vector<double> table = hb::sinCos2dTable(gridSide, dim);
    EXPECT_EQ(static_cast<std::int64_t>(table.size()), info->numel());
    const hb::TensorView view = (*store)->view(tensor);
    double worst = 0;
    for (std::int64_t i = 0; i < info->numel(); ++i) {
        worst = std::max(worst, std::abs(view.at(i) - table[static_cast<std::size_t>(i)]));
    }
    return worst;
}

TEST(PositionTables, LatentTableMatchesGolden) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    EXPECT_LT(maxAbsDiffToStored("latent_pos_embed.pos_embed", 8), 1e-6);
}

TEST(PositionTables, VitTableMatchesGolden) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    EXPECT_LT(maxAbsDiffToStored("vit_pos_embed.pos_embed", 70), 1e-6);
}

TEST(PositionTables, BlockLayoutColumnFirst) {
    constexpr std::int64_t kGrid = 5;
    constexpr std::int64_t kDim = 16;
    std::vector<double> row(kDim);
    const std::int64_t r = 3;
    const std::int64_t c = 2;
    hb::sinCos2dRow(r * kGrid + c, kGrid, kDim, row.data());
    // k = 0 has omega 1; k = 1 has omega 10000^(-1/4) = 0.1.
    EXPECT_DOUBLE_EQ(row[0], std::sin(2.0));
    EXPECT_DOUBLE_EQ(row[4], std::cos(2.0));
    EXPECT_DOUBLE_EQ(row[8], std::sin(3.0));
    EXPECT_DOUBLE_EQ(row[12], std::cos(3.0));
    EXPECT_NEAR(row[1], std::sin(0.2), 1e-15);
    const std::vector<double> table = hb::sinCos2dTable(kGrid, kDim);
    for (std::int64_t k = 0; k < kDim; ++k) {
        EXPECT_EQ(table[static_cast<std::size_t>((r * kGrid + c) * kDim + k)],
                  row[static_cast<std::size_t>(k)]);
    }
}

TEST(PositionTables, TimestepFrequencies) {
    const std::vector<double> f = hb::timestepFrequencies();
    ASSERT_EQ(f.size(), 128u);
    EXPECT_DOUBLE_EQ(f[0], 1.0);
    EXPECT_NEAR(f[64], 0.01, 1e-15); // exp(-ln(1e4) / 2)
    for (std::size_t k = 1; k < f.size(); ++k) {
        EXPECT_LT(f[k], f[k - 1]);
    }
    const std::vector<double> atZero = hb::timestepEmbedding(0.0);
    ASSERT_EQ(atZero.size(), 256u);
    EXPECT_EQ(atZero[0], 1.0);   // cos first
    EXPECT_EQ(atZero[128], 0.0); // then sin
    const std::vector<double> e = hb::timestepEmbedding(0.7);
    EXPECT_DOUBLE_EQ(e[3], std::cos(0.7 * f[3]));
    EXPECT_DOUBLE_EQ(e[128 + 3], std::sin(0.7 * f[3]));
}

} // namespace
