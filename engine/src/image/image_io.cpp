// The public image entry points: file and memory decoding (probe, limits, decode, orientation),
// PNG writing with text chunks, and the float pixel tensors of reference inputs.

#include <cstring>
#include <filesystem>
#include <memory>
#include <new>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "hyperbagel/engine/image.h"
#include "hyperbagel/engine/safetensors.h"

#include "core/file_util.h"
#include "image/image_decode.h"
#include "image/image_orientation.h"
#include "image/image_probe.h"
#include "image/png_chunks.h"

namespace hb {
namespace {

Error withPath(const std::string& path, const Error& error) {
    return makeError(error.code, path + ": " + error.message);
}

Result<void> checkLimits(std::int64_t width, std::int64_t height, const char* what) {
    if (width > kImageMaxSide || height > kImageMaxSide || width * height > kImageMaxPixels) {
        return makeError(ErrorCode::InvalidRequest,
                         std::string(what) + " of " + std::to_string(width) + "x" + std::to_string(height) +
                             " pixels is over the limit of " + std::to_string(kImageMaxSide) +
                             " pixels per side and " + std::to_string(kImageMaxPixels) +
                             " pixels (64 MP) in all");
    }
    return {};
}

} // namespace

Result<Image> decodeImage(const std::uint8_t* bytes, std::size_t size) {
    if (size == 0) {
        return makeError(ErrorCode::BadFormat, "no image data (0 bytes)");
    }
    if (bytes == nullptr) {
        return makeError(ErrorCode::InvalidRequest, "decodeImage: null data pointer");
    }
    if (size > kImageMaxFileBytes) {
        return makeError(ErrorCode::InvalidRequest, "encoded image of " + std::to_string(size) +
                                                        " bytes is over the limit of " +
                                                        std::to_string(kImageMaxFileBytes) + " bytes");
    }
    auto probe = probeImage(bytes, size);
    if (!probe) {
        return probe.error();
    }
    if (auto fits = checkLimits(probe->width, probe->height, toString(probe->format)); !fits) {
        return fits.error();
    }
    auto pixels = decodePixels(bytes, size, *probe);
    if (!pixels) {
        return pixels.error();
    }
    // A decoder must not hand back more than the header promised (the limit was checked on that).
    if (static_cast<std::int64_t>(pixels->width) * pixels->height != probe->width * probe->height) {
        return makeError(ErrorCode::BadFormat, std::string(toString(probe->format)) + " decoder returned " +
                                                   std::to_string(pixels->width) + "x" +
                                                   std::to_string(pixels->height) + " pixels, the header " +
                                                   std::to_string(probe->width) + "x" +
                                                   std::to_string(probe->height));
    }
    try {
        return applyOrientation(std::move(*pixels), probe->orientation);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, "out of memory rotating the image upright");
    }
}

Result<Image> loadImage(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return makeError(ErrorCode::FileNotFound, path + ": no such image file");
    }
    const auto bytes = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
    if (!ec && bytes > kImageMaxFileBytes) {
        return makeError(ErrorCode::InvalidRequest, path + ": " + std::to_string(bytes) +
                                                        " bytes, over the image file limit of " +
                                                        std::to_string(kImageMaxFileBytes) + " bytes");
    }
    auto data = readTextFile(path, kImageMaxFileBytes);
    if (!data) {
        return data.error();
    }
    auto image = decodeImage(reinterpret_cast<const std::uint8_t*>(data->data()), data->size());
    if (!image) {
        return withPath(path, image.error());
    }
    return image;
}

Result<void> saveImagePng(const Image& image, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& textChunks) {
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) *
                                                 static_cast<std::size_t>(image.height) * 3) {
        return makeError(ErrorCode::InvalidRequest, path + ": cannot save an empty or inconsistent image");
    }
    std::string png;
    try {
        cv::Mat bgr(image.height, image.width, CV_8UC3);
        const std::uint8_t* src = image.rgb.data();
        for (int y = 0; y < image.height; ++y) {
            std::uint8_t* dst = bgr.ptr<std::uint8_t>(y);
            for (int x = 0; x < image.width; ++x, src += 3, dst += 3) {
                dst[0] = src[2];
                dst[1] = src[1];
                dst[2] = src[0];
            }
        }
        std::vector<std::uint8_t> encoded;
        // zlib's default level: generated images shrink well and encode in milliseconds.
        if (!cv::imencode(".png", bgr, encoded, {cv::IMWRITE_PNG_COMPRESSION, 6})) {
            return makeError(ErrorCode::Internal, path + ": the PNG encoder failed");
        }
        png.assign(encoded.begin(), encoded.end());
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Internal, path + ": the PNG encoder failed: " + e.err);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::OutOfMemory, path + ": out of memory encoding the PNG");
    }
    auto withText = insertPngText(png, textChunks);
    if (!withText) {
        return withPath(path, withText.error());
    }
    return writeTextFileAtomic(path, *withText);
}

Result<std::vector<std::pair<std::string, std::string>>> readPngText(const std::string& path) {
    auto data = readTextFile(path, kImageMaxFileBytes);
    if (!data) {
        return data.error();
    }
    auto text = readPngTextChunks(reinterpret_cast<const std::uint8_t*>(data->data()), data->size());
    if (!text) {
        return withPath(path, text.error());
    }
    return text;
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
