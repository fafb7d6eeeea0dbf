#include "hyperbagel/ui/image_io.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <string>
#include <utility>
#include <vector>

#include <QtConcurrent/QtConcurrentRun>

#include "hyperbagel/engine/image.h"

#include "engine_worker.h"

namespace hb::ui {
namespace {

struct ReadOutcome {
    QImage image;
    QString error; ///< Qt's reader error text; empty on success
};

ReadOutcome readImage(const QString& path) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    ReadOutcome outcome;
    outcome.image = reader.read();
    if (outcome.image.isNull()) {
        outcome.error = reader.errorString();
    }
    return outcome;
}

bool usesAlpha(const QImage& image) {
    if (!image.hasAlphaChannel()) {
        return false;
    }
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(argb.constScanLine(y));
        for (int x = 0; x < argb.width(); ++x) {
            if (qAlpha(row[x]) != 255) {
                return true;
            }
        }
    }
    return false;
}

/// PNG through the engine's writer (RGB, text chunks readPngText() and PIL read back), or through
/// Qt's when the image has transparency to keep. Runs on a pool thread, so ErrorText is not used.
QString writePng(const QImage& image, const QString& path, const ImageIo::TextChunks& text) {
    if (usesAlpha(image)) {
        QImage copy = image;
        for (const auto& [key, value] : text) {
            copy.setText(key, value);
        }
        QImageWriter writer(path, "png");
        return writer.write(copy) ? QString() : writer.errorString();
    }
    std::vector<std::pair<std::string, std::string>> chunks;
    for (const auto& [key, value] : text) {
        chunks.emplace_back(key.toStdString(), value.toStdString());
    }
    const hb::Result<void> written = hb::saveImagePng(toEngineImage(image), path.toStdString(), chunks);
    return written.ok() ? QString() : QString::fromStdString(written.error().message);
}

QString writeImage(const QImage& image, const QString& path, const ImageIo::TextChunks& text) {
    if (QFileInfo(path).suffix().compare(QStringLiteral("png"), Qt::CaseInsensitive) == 0) {
        return writePng(image, path, text);
    }
    QImageWriter writer(path);
    if (writer.format().compare("jpg", Qt::CaseInsensitive) == 0 ||
        writer.format().compare("jpeg", Qt::CaseInsensitive) == 0) {
        writer.setQuality(95);
        // JPEG has no alpha: flatten onto white instead of the writer's black.
        if (image.hasAlphaChannel()) {
            QImage flat(image.size(), QImage::Format_RGB32);
            flat.fill(Qt::white);
            QPainter painter(&flat);
            painter.drawImage(0, 0, image);
            painter.end();
            return writer.write(flat) ? QString() : writer.errorString();
        }
    }
    return writer.write(image) ? QString() : writer.errorString();
}

} // namespace

ImageIo::ImageIo(QObject* parent) : QObject(parent) {}

void ImageIo::load(const QString& path) {
    const quint64 requestId = ++m_latestLoad;
    ++m_loadsPending;
    auto* watcher = new QFutureWatcher<ReadOutcome>(this);
    connect(watcher, &QFutureWatcher<ReadOutcome>::finished, this, [this, watcher, requestId, path] {
        watcher->deleteLater();
        --m_loadsPending;
        if (requestId != m_latestLoad) {
            return; // a newer open request superseded this one
        }
        const ReadOutcome outcome = watcher->result();
        if (outcome.image.isNull()) {
            Q_EMIT loadFailed(path,
                              tr("Could not open “%1”: %2").arg(QFileInfo(path).fileName(), outcome.error));
        } else {
            Q_EMIT loaded(path, outcome.image);
        }
    });
    watcher->setFuture(QtConcurrent::run(readImage, path));
}

QStringList ImageIo::exportSuffixes() {
    const QList<QByteArray> writable = QImageWriter::supportedImageFormats();
    QStringList suffixes{QStringLiteral("png")};
    for (const char* format : {"jpg", "webp"}) {
        if (writable.contains(format)) {
            suffixes << QString::fromLatin1(format);
        }
    }
    return suffixes;
}

void ImageIo::save(const QImage& image, const QString& path, const TextChunks& text) {
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const QString error = watcher->result();
        if (error.isEmpty()) {
            Q_EMIT saved(path);
        } else {
            Q_EMIT saveFailed(path, tr("Could not save “%1”: %2").arg(QFileInfo(path).fileName(), error));
        }
    });
    watcher->setFuture(QtConcurrent::run(writeImage, image, path, text));
}

} // namespace hb::ui
