#pragma once
// Element types of the safetensors format and their properties.
// Thread safety: pure functions, safe from any thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hb {

/// Every element type the safetensors format defines with a whole-byte size.
enum class DType : std::uint8_t {
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U64,
    U32,
    U16,
    U8,
    Bool,
    F8E4M3, ///< "F8_E4M3": recognised, read as raw bytes
    F8E5M2, ///< "F8_E5M2": recognised, read as raw bytes
    Count   ///< number of types; keep last
};

/// The format's spelling: "F32", "BF16", "BOOL", "F8_E4M3", ...
std::string_view toString(DType dtype);
/// Inverse of toString(); nullopt for a name the format does not define.
std::optional<DType> dtypeFromString(std::string_view name);
/// Bytes per element.
std::size_t dtypeSize(DType dtype);
/// True for F64, F32, F16, BF16, F8E4M3, F8E5M2.
bool isFloating(DType dtype);

/// Converts one element at `p` to double (BOOL gives 0/1; F8 formats are decoded).
/// `p` need not be aligned.
double elementToDouble(DType dtype, const std::byte* p);

/// IEEE float32 -> bfloat16 bits, round to nearest even (NaN stays NaN).
std::uint16_t floatToBf16(float value);
/// IEEE float32 -> binary16 bits, round to nearest even, overflow to infinity.
std::uint16_t floatToF16(float value);
float bf16ToFloat(std::uint16_t bits);
float f16ToFloat(std::uint16_t bits);

} // namespace hb
