#include "hyperbagel/ui/mask_blend.h"

#include <QRect>
#include <algorithm>
#include <cmath>
#include <vector>

namespace hb::ui {
namespace {

/// The normalised Gaussian taps -radius..radius (sigma = radius / 3).
std::vector<float> gaussianKernel(int radius) {
    const double sigma = std::max(radius / 3.0, 0.5);
    std::vector<float> taps(static_cast<std::size_t>(2 * radius + 1));
    double sum = 0.0;
    for (int k = -radius; k <= radius; ++k) {
        const double w = std::exp(-(k * k) / (2.0 * sigma * sigma));
        taps[static_cast<std::size_t>(k + radius)] = static_cast<float>(w);
        sum += w;
    }
    for (float& tap : taps) {
        tap = static_cast<float>(tap / sum);
    }
    return taps;
}


} // namespace

int featherRadiusForBrush(int brushSize) { return std::max(0, brushSize) / 4; }

QRect maskCoverageBox(const QImage& mask) {
    int left = mask.width();
    int right = -1;
    int top = mask.height();
    int bottom = -1;
    for (int y = 0; y < mask.height(); ++y) {
        const uchar* row = mask.constScanLine(y);
        for (int x = 0; x < mask.width(); ++x) {
            if (row[x] != 0) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = y;
            }
        }
    }
    return right < 0 ? QRect() : QRect(QPoint(left, top), QPoint(right, bottom));
}

bool maskHasCoverage(const QImage& mask) {
    if (mask.isNull()) {
        return false;
    }
    const QImage grey = mask.convertToFormat(QImage::Format_Grayscale8);
    for (int y = 0; y < grey.height(); ++y) {
        const uchar* row = grey.constScanLine(y);
        if (std::any_of(row, row + grey.width(), [](uchar v) { return v != 0; })) {
            return true;
        }
    }
    return false;
}

QImage featherMask(const QImage& mask, int radius) {
    QImage grey = mask.convertToFormat(QImage::Format_Grayscale8);
    if (grey.isNull() || radius <= 0) {
        return grey;
    }
    const QRect box = maskCoverageBox(grey).adjusted(-radius, -radius, radius, radius) & grey.rect();
    QImage out(grey.size(), QImage::Format_Grayscale8);
    out.fill(0);
    if (box.isEmpty()) {
        return out;
    }
    const std::vector<float> taps = gaussianKernel(radius);
    const int w = grey.width();
    const int h = grey.height();
    // Vertical pass over the grown box; samples beyond the image repeat its edge, so a mask that
    // reaches the border stays whole there.
    std::vector<float> column(static_cast<std::size_t>(box.width()) * static_cast<std::size_t>(box.height()));
    for (int y = box.top(); y <= box.bottom(); ++y) {
        float* dst = column.data() + static_cast<std::size_t>(y - box.top()) * box.width();
        for (int k = -radius; k <= radius; ++k) {
            const uchar* src = grey.constScanLine(std::clamp(y + k, 0, h - 1));
            const float tap = taps[static_cast<std::size_t>(k + radius)];
            for (int x = box.left(); x <= box.right(); ++x) {
                dst[x - box.left()] += tap * src[x];
            }
        }
    }
    // Horizontal pass; outside the grown box the vertical pass is zero, inside it is in `column`.
    for (int y = box.top(); y <= box.bottom(); ++y) {
        const float* row = column.data() + static_cast<std::size_t>(y - box.top()) * box.width();
        uchar* dst = out.scanLine(y);
        for (int x = box.left(); x <= box.right(); ++x) {
            float sum = 0.0f;
            for (int k = -radius; k <= radius; ++k) {
                const int sx = std::clamp(x + k, 0, w - 1);
                if (sx >= box.left() && sx <= box.right()) {
                    sum += taps[static_cast<std::size_t>(k + radius)] * row[sx - box.left()];
                }
            }
            dst[x] = static_cast<uchar>(std::clamp(std::lround(sum), 0L, 255L));
        }
    }
    return out;
}

QImage blendThroughMask(const QImage& source, const QImage& result, const QImage& alpha) {
    if (alpha.isNull() || source.isNull() || result.isNull() || alpha.size() != source.size()) {
        return result;
    }
    const QImage src = source.convertToFormat(QImage::Format_RGB888);
    const QImage res = (result.size() == source.size()
                            ? result
                            : result.scaled(source.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation))
                           .convertToFormat(QImage::Format_RGB888);
    const QImage a8 = alpha.convertToFormat(QImage::Format_Grayscale8);
    QImage out(source.size(), QImage::Format_RGB888);
    for (int y = 0; y < out.height(); ++y) {
        const uchar* s = src.constScanLine(y);
        const uchar* r = res.constScanLine(y);
        const uchar* a = a8.constScanLine(y);
        uchar* o = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x) {
            const int weight = a[x];
            for (int c = 0; c < 3; ++c) {
                const int i = 3 * x + c;
                o[i] = static_cast<uchar>((r[i] * weight + s[i] * (255 - weight) + 127) / 255);
            }
        }
    }
    return out;
}

} // namespace hb::ui
