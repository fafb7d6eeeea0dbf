#pragma once
// Small helpers shared by the UI tests and the session child process.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QSize>
#include <QString>

#include "hyperbagel/ui/engine_results.h"

namespace hbuitest {

/// The golden model folder (a tiny BAGEL written by the official code's configuration).
inline QString goldenModel() { return QDir::cleanPath(QStringLiteral(HB_GOLDEN_DIR "/model")); }

/// SHA-1 of an image's RGB pixels, row by row (independent of its format and stride).
inline QByteArray pixelHash(const QImage& image) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (int y = 0; y < rgb.height(); ++y) {
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(rgb.constScanLine(y)), rgb.width() * 3));
    }
    return hash.result().toHex();
}

/// A solid RGB888 image.
inline QImage filledImage(Qt::GlobalColor colour, QSize size = QSize(48, 32)) {
    QImage image(size, QImage::Format_RGB888);
    image.fill(colour);
    return image;
}

/// An edit of history node `sourceNode` as EngineClient would deliver it: Full tier, 3 steps,
/// 250 ms, a request id larger than the previous call's.
inline hb::ui::GeneratedImage editResult(int sourceNode, const QImage& image, const QString& prompt,
                                         quint64 seed) {
    static quint64 requestId = 0;
    hb::ui::GeneratedImage result;
    result.requestId = ++requestId;
    result.image = image;
    result.prompt = prompt;
    result.tier = QStringLiteral("full");
    result.steps = 3;
    result.seed = seed;
    result.elapsedMs = 250.0;
    result.edit = true;
    result.sourceNode = sourceNode;
    return result;
}

} // namespace hbuitest
