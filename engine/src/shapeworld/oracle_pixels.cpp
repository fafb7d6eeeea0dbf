#include "shapeworld/oracle_pixels.h"

#include <algorithm>
#include <limits>

#include "shapeworld/palette.h"

namespace hb::shapeworld {
namespace {

float distance2(const std::uint8_t* p, const Rgb& q) {
    float sum = 0.0f;
    for (int c = 0; c < 3; ++c) {
        const float d = static_cast<float>(p[c]) - static_cast<float>(q[static_cast<std::size_t>(c)]);
        sum += d * d;
    }
    return sum;
}

const std::uint8_t* pixelAt(const Image& image, int x, int y) {
    return image.rgb.data() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) + x) * 3;
}

void estimateBackground(const Image& image, PixelLabels& labels) {
    std::array<int, kBackgroundCount> votes{};
    std::array<std::array<double, 3>, kBackgroundCount> sums{};
    auto vote = [&](int x, int y) {
        const std::uint8_t* p = pixelAt(image, x, y);
        int best = 0;
        float bestDistance = std::numeric_limits<float>::max();
        for (int b = 0; b < kBackgroundCount; ++b) {
            const float d = distance2(p, rgbOf(static_cast<Background>(b)));
            if (d < bestDistance) {
                bestDistance = d;
                best = b;
            }
        }
        votes[static_cast<std::size_t>(best)] += 1;
        for (int c = 0; c < 3; ++c) {
            sums[static_cast<std::size_t>(best)][static_cast<std::size_t>(c)] += p[c];
        }
    };
    for (int x = 0; x < image.width; ++x) {
        vote(x, 0);
        vote(x, image.height - 1);
    }
    for (int y = 1; y + 1 < image.height; ++y) {
        vote(0, y);
        vote(image.width - 1, y);
    }
    const auto best = static_cast<std::size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin());
    labels.background = static_cast<Background>(best);
    for (std::size_t c = 0; c < 3; ++c) {
        labels.backgroundRgb[c] = static_cast<float>(sums[best][c] / std::max(1, votes[best]));
    }
}

} // namespace

float PixelLabels::coverage(const Image& image, int x, int y, int colour) const {
    const std::uint8_t* p = pixelAt(image, x, y);
    const auto& u = direction[static_cast<std::size_t>(colour)];
    float dot = 0.0f;
    for (std::size_t c = 0; c < 3; ++c) {
        dot += (static_cast<float>(p[c]) - backgroundRgb[c]) * u[c];
    }
    return dot * inverseNorm2[static_cast<std::size_t>(colour)];
}

PixelLabels labelPixels(const Image& image, const OracleOptions& options) {
    PixelLabels labels;
    estimateBackground(image, labels);
    for (int k = 0; k < kColourCount; ++k) {
        const Rgb colour = rgbOf(static_cast<Colour>(k));
        float norm2 = 0.0f;
        for (std::size_t c = 0; c < 3; ++c) {
            const float d = static_cast<float>(colour[c]) - labels.backgroundRgb[c];
            labels.direction[static_cast<std::size_t>(k)][c] = d;
            norm2 += d * d;
        }
        labels.inverseNorm2[static_cast<std::size_t>(k)] = 1.0f / std::max(norm2, 1.0f);
    }

    labels.label = cv::Mat1b(image.height, image.width, kNoColour);
    labels.alpha = cv::Mat1f(image.height, image.width, 0.0f);
    const float maxResidual2 = static_cast<float>(options.maxResidual * options.maxResidual);
    // A pixel closer to the background than half the shortest segment has coverage < 0.5 for every
    // colour (alpha <= |v| / |u|): skip it. Most pixels are background.
    float shortest2 = std::numeric_limits<float>::max();
    for (const float inverse : labels.inverseNorm2) {
        shortest2 = std::min(shortest2, 1.0f / inverse);
    }
    const float backgroundRadius2 = 0.25f * shortest2;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const std::uint8_t* p = pixelAt(image, x, y);
            std::array<float, 3> v{};
            for (std::size_t c = 0; c < 3; ++c) {
                v[c] = static_cast<float>(p[c]) - labels.backgroundRgb[c];
            }
            if (v[0] * v[0] + v[1] * v[1] + v[2] * v[2] < backgroundRadius2) {
                continue;
            }
            int best = -1;
            float bestResidual = std::numeric_limits<float>::max();
            float bestAlpha = 0.0f;
            for (int k = 0; k < kColourCount; ++k) {
                const auto& u = labels.direction[static_cast<std::size_t>(k)];
                const float alpha = (v[0] * u[0] + v[1] * u[1] + v[2] * u[2]) *
                                    labels.inverseNorm2[static_cast<std::size_t>(k)];
                const float t = std::clamp(alpha, 0.0f, 1.0f);
                float residual = 0.0f;
                for (std::size_t c = 0; c < 3; ++c) {
                    const float r = v[c] - t * u[c];
                    residual += r * r;
                }
                if (residual < bestResidual) {
                    bestResidual = residual;
                    best = k;
                    bestAlpha = alpha;
                }
            }
            if (best >= 0 && bestAlpha >= 0.5f && bestResidual <= maxResidual2) {
                labels.label(y, x) = static_cast<unsigned char>(best);
                labels.alpha(y, x) = bestAlpha;
            }
        }
    }
    return labels;
}

} // namespace hb::shapeworld
