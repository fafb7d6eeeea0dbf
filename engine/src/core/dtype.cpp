#include "hyperbagel/engine/dtype.h"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

namespace hb {
namespace {

struct DTypeTraits {
    std::string_view name;
    std::size_t size;
    bool floating;
};

constexpr std::array<DTypeTraits, static_cast<std::size_t>(DType::Count)> kTraits = {{
    {"F64", 8, true},
    {"F32", 4, true},
    {"F16", 2, true},
    {"BF16", 2, true},
    {"I64", 8, false},
    {"I32", 4, false},
    {"I16", 2, false},
    {"I8", 1, false},
    {"U64", 8, false},
    {"U32", 4, false},
    {"U16", 2, false},
    {"U8", 1, false},
    {"BOOL", 1, false},
    {"F8_E4M3", 1, true},
    {"F8_E5M2", 1, true},
}};

const DTypeTraits& traits(DType dtype) { return kTraits[static_cast<std::size_t>(dtype)]; }

template <typename T>
T load(const std::byte* p) {
    T value;
    std::memcpy(&value, p, sizeof(T)); // unaligned-safe; the format and all supported hosts are little-endian
    return value;
}

std::uint32_t floatBits(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

float bitsFloat(std::uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

// F8_E4M3 as in the OCP spec ("fn"): bias 7, no infinities, S.1111.111 is NaN.
double decodeF8E4M3(std::uint8_t v) {
    const int sign = (v & 0x80) ? -1 : 1;
    const int exponent = (v >> 3) & 0xF;
    const int mantissa = v & 0x7;
    if (exponent == 0xF && mantissa == 0x7) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (exponent == 0) {
        return sign * std::ldexp(mantissa / 8.0, -6);
    }
    return sign * std::ldexp(1.0 + mantissa / 8.0, exponent - 7);
}

// F8_E5M2: IEEE-like, bias 15, with infinities and NaNs.
double decodeF8E5M2(std::uint8_t v) {
    const int sign = (v & 0x80) ? -1 : 1;
    const int exponent = (v >> 2) & 0x1F;
    const int mantissa = v & 0x3;
    if (exponent == 0x1F) {
        return mantissa == 0 ? sign * std::numeric_limits<double>::infinity()
                             : std::numeric_limits<double>::quiet_NaN();
    }
    if (exponent == 0) {
        return sign * std::ldexp(mantissa / 4.0, -14);
    }
    return sign * std::ldexp(1.0 + mantissa / 4.0, exponent - 15);
}

} // namespace

std::string_view toString(DType dtype) {
    return dtype < DType::Count ? traits(dtype).name : std::string_view("?");
}

std::optional<DType> dtypeFromString(std::string_view name) {
    for (std::size_t i = 0; i < kTraits.size(); ++i) {
        if (kTraits[i].name == name) {
            return static_cast<DType>(i);
        }
    }
    return std::nullopt;
}

std::size_t dtypeSize(DType dtype) { return traits(dtype).size; }

bool isFloating(DType dtype) { return traits(dtype).floating; }

double elementToDouble(DType dtype, const std::byte* p) {
    switch (dtype) {
    case DType::F64:
        return load<double>(p);
    case DType::F32:
        return load<float>(p);
    case DType::F16:
        return f16ToFloat(load<std::uint16_t>(p));
    case DType::BF16:
        return bf16ToFloat(load<std::uint16_t>(p));
    case DType::I64:
        return static_cast<double>(load<std::int64_t>(p));
    case DType::I32:
        return load<std::int32_t>(p);
    case DType::I16:
        return load<std::int16_t>(p);
    case DType::I8:
        return load<std::int8_t>(p);
    case DType::U64:
        return static_cast<double>(load<std::uint64_t>(p));
    case DType::U32:
        return load<std::uint32_t>(p);
    case DType::U16:
        return load<std::uint16_t>(p);
    case DType::U8:
        return load<std::uint8_t>(p);
    case DType::Bool:
        return load<std::uint8_t>(p) != 0 ? 1.0 : 0.0;
    case DType::F8E4M3:
        return decodeF8E4M3(load<std::uint8_t>(p));
    case DType::F8E5M2:
        return decodeF8E5M2(load<std::uint8_t>(p));
    case DType::Count:
        break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

std::uint16_t floatToBf16(float value) {
    const std::uint32_t bits = floatBits(value);
    if (std::isnan(value)) {
        return static_cast<std::uint16_t>((bits >> 16) | 0x0040); // keep sign, force a quiet NaN
    }
    const std::uint32_t roundingBias = 0x7FFF + ((bits >> 16) & 1);
    return static_cast<std::uint16_t>((bits + roundingBias) >> 16);
}

float bf16ToFloat(std::uint16_t bits) { return bitsFloat(static_cast<std::uint32_t>(bits) << 16); }

std::uint16_t floatToF16(float value) {
    const std::uint32_t bits = floatBits(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000);
    const std::uint32_t absBits = bits & 0x7FFFFFFF;
    if (absBits >= 0x7F800000) { // inf or NaN
        return static_cast<std::uint16_t>(sign | 0x7C00 | (absBits > 0x7F800000 ? 0x0200 : 0));
    }
    if (absBits >= 0x477FF000) { // rounds to >= 65520: overflow to infinity
        return static_cast<std::uint16_t>(sign | 0x7C00);
    }
    if (absBits < 0x38800000) { // below the smallest normal half (2^-14): subnormal or zero
        const float scaled = bitsFloat(absBits) * 16777216.0f; // value / 2^-24, exact in float
        const auto mantissa = static_cast<std::uint32_t>(std::nearbyint(scaled)); // ties to even
        return static_cast<std::uint16_t>(sign | mantissa);
    }
    // Normal: rebias exponent (127 -> 15) and round the 13 dropped mantissa bits to nearest even.
    const std::uint32_t rebased = absBits - 0x38000000;
    const std::uint32_t roundingBias = 0x0FFF + ((rebased >> 13) & 1);
    return static_cast<std::uint16_t>(sign | ((rebased + roundingBias) >> 13));
}

float f16ToFloat(std::uint16_t bits) {
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1F;
    const std::uint32_t mantissa = bits & 0x3FF;
    if (exponent == 0) {
        const float magnitude = static_cast<float>(mantissa) / 16777216.0f; // mantissa * 2^-24
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 0x1F) {
        return bitsFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    return bitsFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

} // namespace hb
