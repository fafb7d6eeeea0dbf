#pragma once
// Reads and writes image files on the global thread pool so the GUI thread never waits on disk.
// For each kind of request the newest one wins: an older load's result is dropped, never shown.
// Thread affinity: create and call on the GUI thread; signals arrive there.

#include <QImage>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

namespace hb::ui {

class ImageIo : public QObject {
    Q_OBJECT

public:
    explicit ImageIo(QObject* parent = nullptr);

    /// Starts reading `path` (EXIF orientation applied); ends with loaded() or loadFailed().
    void load(const QString& path);
    /// Key / value text stored with an exported PNG (e.g. {"prompt", ...}, {"seed", "42"}).
    using TextChunks = QList<QPair<QString, QString>>;

    /// Starts writing `image` to `path`; the format follows the file suffix (png, jpg, webp, ...).
    /// PNG gets `text` as text chunks (tEXt, or iTXt for non-ASCII values; hb::saveImagePng), and
    /// keeps alpha when the image has any (then through Qt's writer, whose long values may be
    /// compressed zTXt). JPEG is written at quality 95, flattened onto white; other formats ignore
    /// `text`.
    void save(const QImage& image, const QString& path, const TextChunks& text = {});
    /// Suffixes ("png", "jpg", "webp") that save() can write with the installed Qt, PNG first.
    static QStringList exportSuffixes();

    bool isLoading() const { return m_loadsPending > 0; }

Q_SIGNALS:
    void loaded(const QString& path, const QImage& image);
    /// `message` is translated and names the file.
    void loadFailed(const QString& path, const QString& message);
    void saved(const QString& path);
    void saveFailed(const QString& path, const QString& message);

private:
    quint64 m_latestLoad = 0;
    int m_loadsPending = 0;
};

} // namespace hb::ui
