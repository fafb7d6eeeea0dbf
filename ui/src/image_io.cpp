#include "hyperbagel/ui/image_io.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>

#include <QtConcurrent/QtConcurrentRun>

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

QString writeImage(const QImage& image, const QString& path) {
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

void ImageIo::save(const QImage& image, const QString& path) {
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
    watcher->setFuture(QtConcurrent::run(writeImage, image, path));
}

} // namespace hb::ui
