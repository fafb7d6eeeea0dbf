#pragma once
// Small helpers shared by the UI tests and the session child process.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QString>

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

} // namespace hbuitest
