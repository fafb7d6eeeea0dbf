#pragma once
// ShapeWorld, the synthetic world of the bundled model (../shared/docs/shapeworld.md): coloured shapes
// on a 3x3 grid, described by a fixed grammar. This header is the door for the CLI and the UI:
//
//   // draw what a canonical caption describes
//   hb::Result<hb::Image> image = hb::shapeworld::renderCaption(
//       "a large blue square at the top left and a small yellow star in the center on a gray background",
//       96);
//   // read any ShapeWorld image back (the oracle) and describe it canonically
//   hb::Result<std::string> caption = hb::shapeworld::describeImage(*image);
//   // answer a canonical question about an image through the oracle
//   hb::Result<std::string> answer = hb::shapeworld::answerAboutImage(*image, "Where is the yellow star?");
//   // -> "center"
//
// No OpenCV or libtorch types; images are hb::Image (8-bit RGB, row-major).
// Thread safety: pure functions, safe from any thread; nothing here throws.

#include <cstdint>
#include <string>
#include <string_view>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

namespace hb::shapeworld {

/// Renders the scene a canonical caption describes on a size x size canvas (64, 96 or 128 are the
/// model's sizes; 16..4096 accepted). With variationSeed 0 every object sits on its cell centre at
/// its nominal size; another seed draws the jitter and size variation a training render would have.
/// Fails with InvalidRequest when the caption is not canonical (the message says so), describes an
/// impossible scene (0 or more than 4 objects, two in one cell) or the size is out of range.
Result<Image> renderCaption(std::string_view caption, int size = 96, std::uint64_t variationSeed = 0);

/// A random scene (training distribution, seeded) rendered at `size`, and its canonical caption.
struct RandomScene {
    Image image;
    std::string caption;
};
Result<RandomScene> renderRandomScene(std::uint64_t seed, int size = 96);

/// Reads `image` with the oracle and returns the canonical caption of what it sees, objects in
/// reading order ("Describe the image." answer); "nothing on a ... background" when it sees no object.
/// Fails with InvalidRequest for an empty or malformed image.
Result<std::string> describeImage(const Image& image);

/// Answers a canonical ShapeWorld question ("What color is the star?", "How many shapes are there?",
/// "Where is the red circle?", "What is at the top left?", "Is there a blue square?", "How many red
/// shapes are there?", "Describe the image.") about `image`, through the oracle's reading of it.
/// Fails with InvalidRequest when the question is not canonical or the image is empty.
Result<std::string> answerAboutImage(const Image& image, std::string_view question);

} // namespace hb::shapeworld
