// stb_image, built for GIF only: the one translation unit holding its implementation. Limiting it to
// GIF keeps its other, less hardened decoders out of the binary.

#include <memory>
#include <string>

#include "image/image_decode.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_GIF
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#define STBI_MAX_DIMENSIONS 16384
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

static_assert(STBI_MAX_DIMENSIONS == kImageMaxSide, "stb's own size limit is the engine's");

struct StbFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};

} // namespace

Result<std::vector<std::uint8_t>> decodeGifRgba(const std::uint8_t* bytes, std::size_t size, int& width,
                                                int& height) {
    if (size > static_cast<std::size_t>(INT32_MAX)) {
        return makeError(ErrorCode::InvalidRequest, "GIF data larger than 2 GiB");
    }
    int channels = 0;
    // stbi_load_from_memory returns the first frame of an animation.
    std::unique_ptr<unsigned char, StbFree> pixels(
        stbi_load_from_memory(bytes, static_cast<int>(size), &width, &height, &channels, 4));
    if (!pixels) {
        return makeError(ErrorCode::BadFormat,
                         std::string("cannot decode the GIF data (") + stbi_failure_reason() + ")");
    }
    const std::size_t n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4;
    return std::vector<std::uint8_t>(pixels.get(), pixels.get() + n);
}

} // namespace hb
