// The public ShapeWorld functions (hyperbagel/engine/shapeworld.h) over the internal pieces.

#include <set>

#include "hyperbagel/engine/shapeworld.h"

#include "shapeworld/caption_text.h"
#include "shapeworld/geometry.h"
#include "shapeworld/oracle.h"
#include "shapeworld/renderer.h"
#include "shapeworld/scene_sampler.h"
#include "shapeworld/vqa.h"

namespace hb::shapeworld {
namespace {

constexpr int kMinCanvas = 16;
constexpr int kMaxCanvas = 4096;

Result<void> checkSize(int size) {
    if (size < kMinCanvas || size > kMaxCanvas) {
        return makeError(ErrorCode::InvalidRequest, "canvas size " + std::to_string(size) + " is outside " +
                                                        std::to_string(kMinCanvas) + ".." +
                                                        std::to_string(kMaxCanvas));
    }
    return {};
}

Result<void> checkImage(const Image& image) {
    if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        return makeError(ErrorCode::InvalidRequest, "empty or malformed image");
    }
    return {};
}

} // namespace

Result<Image> renderCaption(std::string_view text, int size, std::uint64_t variationSeed) {
    if (Result<void> ok = checkSize(size); !ok) {
        return ok.error();
    }
    std::optional<Scene> scene = parseCaption(text);
    if (!scene) {
        return makeError(ErrorCode::InvalidRequest,
                         "not a canonical ShapeWorld caption: \"" + std::string(text) + "\"");
    }
    if (scene->objects.empty() || scene->objects.size() > static_cast<std::size_t>(kMaxObjects)) {
        return makeError(ErrorCode::InvalidRequest, "a scene has 1 to 4 objects, the caption names " +
                                                        std::to_string(scene->objects.size()));
    }
    std::set<Cell> cells;
    for (const Object& object : scene->objects) {
        if (!cells.insert(object.cell).second) {
            return makeError(ErrorCode::InvalidRequest,
                             "two objects in the " + std::string(toString(object.cell)) + " cell");
        }
    }
    if (variationSeed != 0) {
        Rng rng(variationSeed);
        for (Object& object : scene->objects) {
            object.sizeScale = rng.uniform(kMinSizeScale, kMaxSizeScale);
            const double room = jitterRoom(object.size, object.sizeScale);
            object.jitterX = rng.uniform(-room, room);
            object.jitterY = rng.uniform(-room, room);
        }
    }
    return render(*scene, size);
}

Result<RandomScene> renderRandomScene(std::uint64_t seed, int size) {
    if (Result<void> ok = checkSize(size); !ok) {
        return ok.error();
    }
    Rng rng(seed);
    const Scene scene = sampleScene(rng);
    return RandomScene{render(scene, size), caption(scene)};
}

Result<std::string> describeImage(const Image& image) {
    if (Result<void> ok = checkImage(image); !ok) {
        return ok.error();
    }
    return describeScene(readScene(image));
}

Result<std::string> answerAboutImage(const Image& image, std::string_view question) {
    if (Result<void> ok = checkImage(image); !ok) {
        return ok.error();
    }
    std::optional<std::string> answer = answerText(readScene(image), question);
    if (!answer) {
        return makeError(ErrorCode::InvalidRequest,
                         "not a canonical ShapeWorld question: \"" + std::string(question) + "\"");
    }
    return *answer;
}

} // namespace hb::shapeworld
