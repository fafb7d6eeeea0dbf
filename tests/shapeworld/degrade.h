#pragma once
// Test helper: degrades a render the way a generator's output may differ from a clean render.

#include "hyperbagel/engine/image.h"

#include "shapeworld/rng.h"

namespace swtest {

struct Degradation {
    double blurSigma = 0.8;   ///< Gaussian blur, pixels
    double noiseSigma = 8.0;  ///< Gaussian noise per channel, 0..255 units
    double colourShift = 6.0; ///< each channel shifted by a uniform offset in [-shift, shift]
    int jpegQuality = 0;      ///< > 0: JPEG round trip at this quality
};

hb::Image degrade(const hb::Image& image, const Degradation& degradation, hb::shapeworld::Rng& rng);

} // namespace swtest
