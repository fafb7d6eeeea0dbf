// Pillow's two-pass resampler (libImaging/Resample.c), re-derived for packed 8-bit RGB.
// Bit-exactness depends on doing the floating-point work in the same order and precision as Pillow:
// double coefficients, the kernel evaluated at (i - centre + 0.5) / filterScale, normalised by their
// sum, then rounded half away from zero to 22 fractional bits. This file is compiled with
// -ffp-contract=off (engine/CMakeLists.txt) so no fused multiply-add changes a coefficient.

#include "image/pil_resample.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace hb {
namespace {

// 32-bit accumulators hold 8-bit samples times coefficients; two bits stay free for the overshoot
// of kernels with negative lobes (sums of |k| above 1), as in Pillow.
constexpr int kPrecisionBits = 32 - 8 - 2;

struct Kernel {
    double (*weight)(double x);
    double support; ///< radius in source pixels at scale 1
};

// Keys' cubic convolution with a = -0.5, written in the Horner order Pillow evaluates, because a
// different association of the same polynomial changes the last bit of some coefficients.
double cubicWeight(double x) {
    constexpr double kA = -0.5;
    x = std::fabs(x);
    if (x < 1.0) {
        return ((kA + 2.0) * x - (kA + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * kA;
    }
    return 0.0;
}

double triangleWeight(double x) {
    x = std::fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

Kernel kernelOf(PilFilter filter) {
    return filter == PilFilter::Bilinear ? Kernel{triangleWeight, 1.0} : Kernel{cubicWeight, 2.0};
}

// The taps of one pass: output i reads source samples first[i] .. first[i] + count[i] - 1 with the
// fixed-point weights taps[i * stride ...].
struct Taps {
    int stride = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<std::int32_t> weights;
};

Taps computeTaps(int inSize, int outSize, const Kernel& kernel) {
    // Pillow passes the box as floats: (in1 - in0) is exact for any image side below 2^24.
    const double scale = static_cast<double>(static_cast<float>(inSize)) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = kernel.support * filterScale;
    Taps taps;
    taps.stride = static_cast<int>(std::ceil(support)) * 2 + 1;
    taps.first.resize(static_cast<std::size_t>(outSize));
    taps.count.resize(static_cast<std::size_t>(outSize));
    taps.weights.assign(static_cast<std::size_t>(outSize) * static_cast<std::size_t>(taps.stride), 0);
    std::vector<double> w(static_cast<std::size_t>(taps.stride));
    const double invFilterScale = 1.0 / filterScale;
    for (int i = 0; i < outSize; ++i) {
        const double centre = 0.0 + (i + 0.5) * scale;
        // Truncation toward zero after adding 0.5: Pillow's rounding of the window ends.
        const int lo = std::max(0, static_cast<int>(centre - support + 0.5));
        const int hi = std::min(inSize, static_cast<int>(centre + support + 0.5));
        const int n = hi - lo;
        double sum = 0.0;
        for (int j = 0; j < n; ++j) {
            w[static_cast<std::size_t>(j)] = kernel.weight((j + lo - centre + 0.5) * invFilterScale);
            sum += w[static_cast<std::size_t>(j)];
        }
        std::int32_t* out =
            &taps.weights[static_cast<std::size_t>(i) * static_cast<std::size_t>(taps.stride)];
        for (int j = 0; j < n; ++j) {
            const double k =
                sum != 0.0 ? w[static_cast<std::size_t>(j)] / sum : w[static_cast<std::size_t>(j)];
            const double fixed = k * (1 << kPrecisionBits);
            out[j] = static_cast<std::int32_t>(k < 0 ? -0.5 + fixed : 0.5 + fixed);
        }
        taps.first[static_cast<std::size_t>(i)] = lo;
        taps.count[static_cast<std::size_t>(i)] = n;
    }
    return taps;
}

// The accumulator starts at one half (rounding); the integer part is clipped to a byte. Pillow uses
// an arithmetic shift and a lookup table; clamping the shifted value gives the same bytes.
inline std::uint8_t toByte(std::int32_t acc) {
    if (acc < 0) {
        return 0;
    }
    return static_cast<std::uint8_t>(std::min<std::int32_t>(acc >> kPrecisionBits, 255));
}

// Rows [rowBegin, rowBegin + rows) of `src` (width srcW) filtered horizontally into `dst`.
void horizontalPass(const std::uint8_t* src, int srcW, int rowBegin, int rows, const Taps& taps, int outW,
                    std::uint8_t* dst) {
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t* row = src + static_cast<std::size_t>(rowBegin + y) * srcW * 3;
        std::uint8_t* out = dst + static_cast<std::size_t>(y) * outW * 3;
        for (int x = 0; x < outW; ++x) {
            const std::int32_t* k = &taps.weights[static_cast<std::size_t>(x) * taps.stride];
            const std::uint8_t* p = row + static_cast<std::size_t>(taps.first[x]) * 3;
            std::int32_t r = 1 << (kPrecisionBits - 1);
            std::int32_t g = r;
            std::int32_t b = r;
            for (int j = 0, n = taps.count[x]; j < n; ++j, p += 3) {
                r += p[0] * k[j];
                g += p[1] * k[j];
                b += p[2] * k[j];
            }
            out[3 * x + 0] = toByte(r);
            out[3 * x + 1] = toByte(g);
            out[3 * x + 2] = toByte(b);
        }
    }
}

// `src` holds rows starting at source row `rowOffset`; every output row reads its taps from there.
void verticalPass(const std::uint8_t* src, int width, int rowOffset, const Taps& taps, int outH,
                  std::uint8_t* dst) {
    const std::size_t rowBytes = static_cast<std::size_t>(width) * 3;
    for (int y = 0; y < outH; ++y) {
        const std::int32_t* k = &taps.weights[static_cast<std::size_t>(y) * taps.stride];
        const std::uint8_t* top = src + static_cast<std::size_t>(taps.first[y] - rowOffset) * rowBytes;
        const int n = taps.count[y];
        std::uint8_t* out = dst + static_cast<std::size_t>(y) * rowBytes;
        for (std::size_t c = 0; c < rowBytes; ++c) {
            std::int32_t acc = 1 << (kPrecisionBits - 1);
            for (int j = 0; j < n; ++j) {
                acc += top[static_cast<std::size_t>(j) * rowBytes + c] * k[j];
            }
            out[c] = toByte(acc);
        }
    }
}

} // namespace

Result<Image> resizePil(const Image& image, int width, int height, PilFilter filter) {
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) *
                                                 static_cast<std::size_t>(image.height) * 3) {
        return makeError(ErrorCode::InvalidRequest, "resizePil: the input image is empty or inconsistent");
    }
    if (width < 1 || height < 1) {
        return makeError(ErrorCode::InvalidRequest, "resizePil: target size " + std::to_string(width) + "x" +
                                                        std::to_string(height) + " has a side below 1");
    }
    if (width == image.width && height == image.height) {
        return image; // Pillow returns a copy for an unchanged size and a full box
    }
    const Kernel kernel = kernelOf(filter);
    const Taps vertical = computeTaps(image.height, height, kernel);
    // Only the source rows some output row reads are filtered horizontally.
    const int rowFirst = vertical.first.front();
    const int rowLast = vertical.first.back() + vertical.count.back();

    const std::uint8_t* source = image.rgb.data();
    int sourceWidth = image.width;
    int rowOffset = 0;
    Image temp;
    if (width != image.width) {
        const Taps horizontal = computeTaps(image.width, width, kernel);
        temp.width = width;
        temp.height = rowLast - rowFirst;
        temp.rgb.resize(static_cast<std::size_t>(temp.width) * static_cast<std::size_t>(temp.height) * 3);
        horizontalPass(image.rgb.data(), image.width, rowFirst, temp.height, horizontal, width,
                       temp.rgb.data());
        if (height == image.height) {
            return temp; // the vertical taps of an unchanged height cover every row
        }
        source = temp.rgb.data();
        sourceWidth = width;
        rowOffset = rowFirst;
    }
    Image out;
    out.width = sourceWidth;
    out.height = height;
    out.rgb.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(height) * 3);
    verticalPass(source, sourceWidth, rowOffset, vertical, height, out.rgb.data());
    return out;
}

} // namespace hb
