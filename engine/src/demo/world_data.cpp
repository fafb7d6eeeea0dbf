#include "demo/world_data.h"

#include <cstring>

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"
#include "models/bagel/latent_layout.h"
#include "shapeworld/caption_text.h"
#include "shapeworld/edits.h"
#include "shapeworld/instruction_text.h"
#include "shapeworld/oracle.h"
#include "shapeworld/questions.h"
#include "shapeworld/palette.h"
#include "shapeworld/renderer.h"
#include "shapeworld/scene_sampler.h"

namespace hb {

std::uint64_t sampleSeed(std::uint64_t seed, DemoStream stream, std::uint64_t index) {
    return splitmix64(splitmix64(seed ^ (static_cast<std::uint64_t>(stream) << 56)) + index);
}

at::Tensor imagesToBatch(const std::vector<Image>& images) {
    TORCH_CHECK(!images.empty(), "imagesToBatch: no images");
    const int w = images.front().width;
    const int h = images.front().height;
    at::Tensor bytes = at::empty({static_cast<std::int64_t>(images.size()), h, w, 3}, at::kByte);
    for (std::size_t i = 0; i < images.size(); ++i) {
        TORCH_CHECK(images[i].width == w && images[i].height == h, "imagesToBatch: mixed sizes");
        std::memcpy(bytes[static_cast<std::int64_t>(i)].data_ptr(), images[i].rgb.data(), images[i].rgb.size());
    }
    return bytes.permute({0, 3, 1, 2}).to(at::kFloat).div_(127.5).sub_(1.0).contiguous();
}

std::vector<Image> batchToImages(const at::Tensor& batch) {
    std::vector<Image> out;
    for (std::int64_t i = 0; i < batch.size(0); ++i) {
        const at::Tensor hwc = imageToUint8(batch[i]).contiguous();
        Image image;
        image.height = static_cast<int>(hwc.size(0));
        image.width = static_cast<int>(hwc.size(1));
        image.rgb.resize(static_cast<std::size_t>(hwc.numel()));
        std::memcpy(image.rgb.data(), hwc.data_ptr(), image.rgb.size());
        out.push_back(std::move(image));
    }
    return out;
}

at::Tensor objectMask(const at::Tensor& batch, const std::vector<shapeworld::Scene>& scenes) {
    std::vector<at::Tensor> backgrounds;
    for (const shapeworld::Scene& scene : scenes) {
        const shapeworld::Rgb rgb = shapeworld::rgbOf(scene.background);
        backgrounds.push_back(at::tensor({rgb[0] / 127.5 - 1.0, rgb[1] / 127.5 - 1.0, rgb[2] / 127.5 - 1.0},
                                         at::kFloat));
    }
    const at::Tensor bg = at::stack(backgrounds).view({-1, 3, 1, 1});
    const at::Tensor differs = ((batch - bg).abs().amax(1, /*keepdim=*/true) > 4.0 / 127.5).to(at::kFloat);
    return at::max_pool2d(differs, {3, 3}, {1, 1}, {1, 1});
}

} // namespace hb

namespace hb {

shapeworld::Scene demoScene(std::uint64_t seed, shapeworld::Split split) {
    shapeworld::Rng rng(seed);
    shapeworld::SamplerOptions options;
    options.split = split;
    return shapeworld::sampleScene(rng, options);
}

Image renderDemo(const shapeworld::Scene& scene) { return shapeworld::render(scene, kDemoCanvas); }

bool readsBackAs(const Image& image, const shapeworld::Scene& truth) {
    const shapeworld::Scene read = shapeworld::readScene(image);
    if (read.background != truth.background || read.objects.size() != truth.objects.size()) {
        return false;
    }
    for (const shapeworld::Object& o : truth.objects) {
        const shapeworld::Object* found = read.objectAt(o.cell);
        if (found == nullptr || !found->sameAttributes(o)) {
            return false;
        }
    }
    return true;
}

} // namespace hb

namespace hb {

std::string readingDifference(const Image& image, const shapeworld::Scene& truth) {
    const shapeworld::Scene read = shapeworld::readScene(image);
    if (read.background != truth.background) {
        return "background " + std::string(toString(truth.background)) + " read as " +
               std::string(toString(read.background));
    }
    for (const shapeworld::Object& o : truth.objects) {
        const shapeworld::Object* found = read.objectAt(o.cell);
        if (found == nullptr) {
            return "missing " + shapeworld::objectPhrase(o).substr(2);
        }
        if (!found->sameAttributes(o)) {
            return shapeworld::objectPhrase(o).substr(2) + " read as " + shapeworld::objectPhrase(*found).substr(2);
        }
    }
    if (read.objects.size() != truth.objects.size()) {
        return "an extra object appeared";
    }
    return {};
}

std::vector<std::string> demoCorpus(std::uint64_t seed, std::size_t count) {
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t s = sampleSeed(seed, DemoStream::Tokenizer, i);
        const shapeworld::Scene scene = demoScene(s, shapeworld::Split::Any);
        shapeworld::Rng rng(splitmix64(s));
        texts.push_back(shapeworld::caption(scene));
        texts.push_back(shapeworld::paraphraseCaption(scene, rng));
        if (const auto edit = shapeworld::sampleEdit(scene, rng, shapeworld::Split::Any)) {
            texts.push_back(shapeworld::instructionText(*edit));
            texts.push_back(shapeworld::paraphraseInstruction(*edit, rng));
        }
        const shapeworld::Question question = shapeworld::sampleQuestion(scene, rng);
        texts.push_back(shapeworld::questionText(question));
        texts.push_back(shapeworld::paraphraseQuestion(question, rng));
        texts.push_back(shapeworld::answerQuestion(scene, question));
    }
    return texts;
}

} // namespace hb
