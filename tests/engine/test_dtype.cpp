// Element types: sizes and names from the format, and conversions checked exhaustively against
// the IEEE definitions (every 16-bit pattern round-trips) and known values.

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "hyperbagel/engine/dtype.h"

namespace {

std::byte b(unsigned v) { return static_cast<std::byte>(v); }

} // namespace

TEST(DType, NamesAndSizesFollowTheFormat) {
    const std::pair<const char*, std::size_t> expected[] = {
        {"F64", 8}, {"F32", 4}, {"F16", 2},  {"BF16", 2},    {"I64", 8},
        {"I32", 4}, {"I16", 2}, {"I8", 1},   {"U64", 8},     {"U32", 4},
        {"U16", 2}, {"U8", 1},  {"BOOL", 1}, {"F8_E4M3", 1}, {"F8_E5M2", 1}};
    for (const auto& [name, size] : expected) {
        const auto dtype = hb::dtypeFromString(name);
        ASSERT_TRUE(dtype.has_value()) << name;
        EXPECT_EQ(hb::toString(*dtype), name);
        EXPECT_EQ(hb::dtypeSize(*dtype), size) << name;
    }
    EXPECT_FALSE(hb::dtypeFromString("f32").has_value());
    EXPECT_FALSE(hb::dtypeFromString("F4").has_value());
    EXPECT_TRUE(hb::isFloating(hb::DType::BF16));
    EXPECT_FALSE(hb::isFloating(hb::DType::I64));
}

TEST(DType, EveryF16PatternRoundTrips) {
    for (std::uint32_t bits = 0; bits < 0x10000; ++bits) {
        const float f = hb::f16ToFloat(static_cast<std::uint16_t>(bits));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(hb::f16ToFloat(hb::floatToF16(f))));
            continue;
        }
        EXPECT_EQ(hb::floatToF16(f), bits) << std::hex << bits;
    }
}

TEST(DType, EveryBf16PatternRoundTrips) {
    for (std::uint32_t bits = 0; bits < 0x10000; ++bits) {
        const float f = hb::bf16ToFloat(static_cast<std::uint16_t>(bits));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(hb::bf16ToFloat(hb::floatToBf16(f))));
            continue;
        }
        EXPECT_EQ(hb::floatToBf16(f), bits) << std::hex << bits;
    }
}

TEST(DType, ConversionsRoundToNearestEven) {
    EXPECT_EQ(hb::floatToBf16(1.0f), 0x3F80);
    EXPECT_EQ(hb::floatToBf16(1.00390625f), 0x3F80); // halfway, even stays
    EXPECT_EQ(hb::floatToBf16(1.01171875f), 0x3F82); // halfway, odd rounds up
    EXPECT_EQ(hb::floatToF16(1.0f), 0x3C00);
    EXPECT_EQ(hb::floatToF16(65504.0f), 0x7BFF);
    EXPECT_EQ(hb::floatToF16(65519.0f), 0x7BFF);
    EXPECT_EQ(hb::floatToF16(65520.0f), 0x7C00); // overflow to infinity
    EXPECT_EQ(hb::floatToF16(std::ldexp(1.0f, -24)), 0x0001);
    EXPECT_EQ(hb::floatToF16(std::ldexp(1.0f, -25)), 0x0000); // halfway to the smallest subnormal: even
    EXPECT_EQ(hb::floatToF16(std::ldexp(1.0f, -14)), 0x0400);
    EXPECT_EQ(hb::floatToF16(-2.0f), 0xC000);
}

TEST(DType, ElementDecodingCoversEveryType) {
    const float f = -1.5f;
    std::byte raw[8];
    std::memcpy(raw, &f, 4);
    EXPECT_EQ(hb::elementToDouble(hb::DType::F32, raw), -1.5);
    const double d = 3.25;
    std::memcpy(raw, &d, 8);
    EXPECT_EQ(hb::elementToDouble(hb::DType::F64, raw), 3.25);
    const std::int64_t i = -7;
    std::memcpy(raw, &i, 8);
    EXPECT_EQ(hb::elementToDouble(hb::DType::I64, raw), -7.0);
    const std::byte one[] = {b(0x38)};
    EXPECT_EQ(hb::elementToDouble(hb::DType::F8E4M3, one), 1.0);
    const std::byte e4m3Max[] = {b(0x7E)};
    EXPECT_EQ(hb::elementToDouble(hb::DType::F8E4M3, e4m3Max), 448.0);
    const std::byte e4m3Nan[] = {b(0x7F)};
    EXPECT_TRUE(std::isnan(hb::elementToDouble(hb::DType::F8E4M3, e4m3Nan)));
    const std::byte e5m2One[] = {b(0x3C)};
    EXPECT_EQ(hb::elementToDouble(hb::DType::F8E5M2, e5m2One), 1.0);
    const std::byte e5m2Inf[] = {b(0xFC)};
    EXPECT_EQ(hb::elementToDouble(hb::DType::F8E5M2, e5m2Inf), -INFINITY);
    const std::byte boolean[] = {b(2)};
    EXPECT_EQ(hb::elementToDouble(hb::DType::Bool, boolean), 1.0);
    const std::byte bf16[] = {b(0x80), b(0x3F)}; // 0x3F80 little-endian
    EXPECT_EQ(hb::elementToDouble(hb::DType::BF16, bf16), 1.0);
}
