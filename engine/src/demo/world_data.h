#pragma once
// ShapeWorld samples as training tensors. Every sample is a pure function of (seed, stream, index),
// so a resumed run draws exactly the batches it would have drawn, and no data set is stored.
// Engine-internal. Thread safety: stateless.

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/image.h"

#include "shapeworld/scene.h"
#include "shapeworld/scene_sampler.h"

namespace hb {

/// The canvas side of the bundled model (shapeworld.md, Calibration: 96 px, one latent token per 16 px).
inline constexpr int kDemoCanvas = 96;

/// Independent random streams of the demo (one per purpose), mixed into every sample's seed.
enum class DemoStream : std::uint64_t {
    Autoencoder = 1,
    AutoencoderGate = 2,
    Teacher = 3,
    Eval = 4,
    Tokenizer = 5,
    Draft = 6
};

/// A seed for sample `index` of `stream`.
std::uint64_t sampleSeed(std::uint64_t seed, DemoStream stream, std::uint64_t index);

/// Images as a float [B, 3, H, W] batch in [-1, 1] (the official normalisation).
at::Tensor imagesToBatch(const std::vector<Image>& images);
/// A decoded batch [B, 3, H, W] (about [-1, 1]) back to 8-bit images, as the official code rounds.
std::vector<Image> batchToImages(const at::Tensor& batch);

/// 1 where a pixel differs from the scene's background colour (objects and their antialiased
/// edges), dilated by one pixel; [B, 1, H, W] float.
at::Tensor objectMask(const at::Tensor& batch, const std::vector<shapeworld::Scene>& scenes);

} // namespace hb

namespace hb {

/// A random scene for sample `sampleSeed`: 1-4 objects, unique (colour, shape) pairs, from `split`.
shapeworld::Scene demoScene(std::uint64_t sampleSeed, shapeworld::Split split);
/// Renders at the demo canvas size.
Image renderDemo(const shapeworld::Scene& scene);
/// True when the oracle reads `image` as `truth`: the same background and the same objects (shape,
/// colour, size, cell), in any order.
bool readsBackAs(const Image& image, const shapeworld::Scene& truth);
/// Why a reading differs from the truth, in words ("small hexagon read as small circle",
/// "missing small red star", "background beige read as white"); empty when it matches.
std::string readingDifference(const Image& image, const shapeworld::Scene& truth);

} // namespace hb

namespace hb {

/// Texts of every kind the teacher reads or writes (captions, instructions, questions, answers,
/// canonical and paraphrased), `count` scenes' worth, for training the tokenizer.
std::vector<std::string> demoCorpus(std::uint64_t seed, std::size_t count);

} // namespace hb
