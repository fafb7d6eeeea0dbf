// Image decoding with stb_image (the one translation unit holding its implementation).

#include <cstring>
#include <filesystem>
#include <memory>

#include "hyperbagel/engine/image.h"
#include "hyperbagel/engine/safetensors.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wshadow=local"
#pragma GCC diagnostic ignored "-Wcast-align"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace hb {
namespace {

// Largest image accepted: bounds decoder allocations on hostile headers (16k x 16k).
constexpr int kMaxSide = 16384;

struct StbFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};

} // namespace

Result<Image> loadImage(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return makeError(ErrorCode::FileNotFound, path + ": no such image file");
    }
    int w = 0;
    int h = 0;
    int channels = 0;
    if (stbi_info(path.c_str(), &w, &h, &channels) == 0) {
        return makeError(ErrorCode::BadFormat,
                         path + ": not a readable image (" + stbi_failure_reason() + ")");
    }
    if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide) {
        return makeError(ErrorCode::BadFormat, path + ": image of " + std::to_string(w) + "x" +
                                                   std::to_string(h) + " pixels is outside 1.." +
                                                   std::to_string(kMaxSide));
    }
    std::unique_ptr<unsigned char, StbFree> pixels(stbi_load(path.c_str(), &w, &h, &channels, 4));
    if (!pixels) {
        return makeError(ErrorCode::BadFormat, path + ": cannot decode (" + stbi_failure_reason() + ")");
    }
    Image image;
    image.width = w;
    image.height = h;
    image.rgb.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    const unsigned char* src = pixels.get();
    for (std::size_t i = 0, n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h); i < n; ++i) {
        // Composite on white: out = a * c + (1 - a) * 255, in integer arithmetic with rounding.
        const unsigned alpha = src[4 * i + 3];
        for (int c = 0; c < 3; ++c) {
            const unsigned value = src[4 * i + static_cast<std::size_t>(c)];
            image.rgb[3 * i + static_cast<std::size_t>(c)] =
                static_cast<std::uint8_t>((value * alpha + 255u * (255u - alpha) + 127u) / 255u);
        }
    }
    return image;
}

Result<PixelTensor> loadPixelTensor(const std::string& path, const std::string& name) {
    auto file = SafetensorsFile::open(path);
    if (!file) {
        return file.error();
    }
    const TensorInfo* info = nullptr;
    if (!name.empty()) {
        info = (*file)->find(name);
    } else if ((*file)->tensors().size() == 1) {
        info = &(*file)->tensors().front();
    }
    if (info == nullptr) {
        return makeError(ErrorCode::InvalidRequest,
                         path + ": " +
                             (name.empty() ? "holds several tensors; name one" : "has no tensor " + name));
    }
    if (info->dtype != DType::F32 || info->shape.size() != 3 || info->shape[0] != 3) {
        return makeError(ErrorCode::InvalidRequest,
                         path + ": " + info->name + " must be F32 [3, H, W], found " +
                             std::string(toString(info->dtype)) + " " + info->shapeString());
    }
    PixelTensor pixels;
    pixels.height = static_cast<int>(info->shape[1]);
    pixels.width = static_cast<int>(info->shape[2]);
    pixels.chw.resize(static_cast<std::size_t>(info->numel()));
    std::memcpy(pixels.chw.data(), (*file)->view(*info).data, info->byteSize());
    return pixels;
}

} // namespace hb
